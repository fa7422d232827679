import "server-only";
import { once } from "node:events";
import type { Writable } from "node:stream";

/**
 * A minimal streaming tar (POSIX ustar with pax names and sizes), the container of a backup file.
 * Tar writes each entry's size before its bytes, so both a backup and a restore stream the files
 * through without holding one in memory (fflate's streaming zip records sizes after the data,
 * which its streaming reader cannot follow for stored entries). The checksum of every header is
 * checked on reading, so a corrupt or cut archive is an error instead of a silently short restore.
 */

const blockBytes = 512;
/** The largest size the 11 octal digits of a ustar header hold; larger sizes go in a pax record. */
const maxOctalSize = 8 ** 11 - 1;

/** Thrown when an archive is not a well-formed backup archive; the message says where. */
export class CorruptArchiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CorruptArchiveError";
  }
}

function writeString(header: Buffer, offset: number, length: number, value: string): void {
  header.write(value, offset, length, "utf8");
}

function writeOctal(header: Buffer, offset: number, length: number, value: number): void {
  header.write(`${value.toString(8).padStart(length - 1, "0")}\0`, offset, length, "ascii");
}

function headerBlock(name: string, size: number, type: "0" | "x", mtimeSeconds: number): Buffer {
  const header = Buffer.alloc(blockBytes);
  writeString(header, 0, 100, name);
  writeOctal(header, 100, 8, 0o644);
  writeOctal(header, 108, 8, 0);
  writeOctal(header, 116, 8, 0);
  writeOctal(header, 124, 12, Math.min(size, maxOctalSize));
  writeOctal(header, 136, 12, mtimeSeconds);
  header.fill(0x20, 148, 156);
  header.write(type, 156, 1, "ascii");
  header.write("ustar\0", 257, 6, "ascii");
  header.write("00", 263, 2, "ascii");
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, 8, "ascii");
  return header;
}

/** One pax record, `<length> <key>=<value>\n`, whose length counts itself. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length += 1;
  return `${length}${body}`;
}

function padding(size: number): Buffer {
  const rest = size % blockBytes;
  return Buffer.alloc(rest === 0 ? 0 : blockBytes - rest);
}

/** Writes tar entries into a stream (a gzip stream in front of the backup file), with backpressure. */
export class TarWriter {
  private bytesWritten = 0;

  constructor(private readonly out: Writable) {}

  /** Archive bytes written so far (before compression), for progress. */
  get written(): number {
    return this.bytesWritten;
  }

  private async write(chunk: Uint8Array): Promise<void> {
    if (chunk.length === 0) return;
    this.bytesWritten += chunk.length;
    if (!this.out.write(chunk)) await once(this.out, "drain");
  }

  /**
   * Adds one regular file whose `size` bytes come from `body`; a body that yields a different
   * number of bytes is an error, because the header already promised the size.
   */
  async addFile(
    name: string,
    size: number,
    body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
    mtime = new Date(),
  ): Promise<void> {
    const mtimeSeconds = Math.floor(mtime.getTime() / 1000);
    const nameBytes = Buffer.byteLength(name);
    if (nameBytes > 100 || size > maxOctalSize) {
      let records = "";
      if (nameBytes > 100) records += paxRecord("path", name);
      if (size > maxOctalSize) records += paxRecord("size", String(size));
      const pax = Buffer.from(records, "utf8");
      await this.write(headerBlock("PaxHeader", pax.length, "x", mtimeSeconds));
      await this.write(pax);
      await this.write(padding(pax.length));
    }
    await this.write(
      headerBlock(nameBytes > 100 ? name.slice(0, 50) : name, size, "0", mtimeSeconds),
    );
    let seen = 0;
    for await (const chunk of body) {
      seen += chunk.length;
      if (seen > size) throw new Error(`${name} grew while it was being archived`);
      await this.write(chunk);
    }
    if (seen !== size) throw new Error(`${name} shrank while it was being archived`);
    await this.write(padding(size));
  }

  /** Adds a small file held in memory (the manifest). */
  async addBytes(name: string, bytes: Uint8Array): Promise<void> {
    await this.addFile(name, bytes.length, [bytes]);
  }

  /** Writes the two zero blocks that end a tar archive; their absence marks a cut archive. */
  async finish(): Promise<void> {
    await this.write(Buffer.alloc(blockBytes * 2));
  }
}

/** Reads exactly the bytes asked for from a chunked stream. */
class ByteReader {
  private buffered: Buffer[] = [];
  private bufferedBytes = 0;
  private done = false;
  /** Archive bytes consumed, for error messages and progress. */
  offset = 0;

  constructor(private readonly source: AsyncIterator<Uint8Array>) {}

  private async fill(bytes: number): Promise<boolean> {
    while (this.bufferedBytes < bytes && !this.done) {
      const next = await this.source.next();
      if (next.done) {
        this.done = true;
        break;
      }
      const chunk = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
      this.buffered.push(chunk);
      this.bufferedBytes += chunk.length;
    }
    return this.bufferedBytes >= bytes;
  }

  /** The next `bytes` bytes, or undefined when the stream ends first. */
  async read(bytes: number): Promise<Buffer | undefined> {
    if (!(await this.fill(bytes))) return undefined;
    const all = this.buffered.length === 1 ? this.buffered[0]! : Buffer.concat(this.buffered);
    const result = all.subarray(0, bytes);
    const rest = all.subarray(bytes);
    this.buffered = rest.length ? [rest] : [];
    this.bufferedBytes = rest.length;
    this.offset += bytes;
    return result;
  }

  /** Consumes whatever follows (record padding), letting the source finish its own checks. */
  async drain(): Promise<void> {
    while (!this.done) {
      const next = await this.source.next();
      if (next.done) this.done = true;
    }
    this.buffered = [];
    this.bufferedBytes = 0;
  }

  /** Up to `limit` bytes as they arrive, for streaming an entry's body. */
  async readSome(limit: number): Promise<Buffer | undefined> {
    if (!(await this.fill(1))) return undefined;
    const first = this.buffered[0]!;
    const take = Math.min(limit, first.length);
    const result = first.subarray(0, take);
    if (take === first.length) this.buffered.shift();
    else this.buffered[0] = first.subarray(take);
    this.bufferedBytes -= take;
    this.offset += take;
    return result;
  }
}

/** One file of an archive; its body must be read to the end (or skipped) before the next entry. */
export interface TarEntry {
  name: string;
  size: number;
  body: AsyncIterable<Buffer>;
}

function readString(header: Buffer, offset: number, length: number): string {
  const field = header.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString("utf8");
}

function readOctal(header: Buffer, offset: number, length: number, what: string): number {
  const text = readString(header, offset, length).trim();
  if (!/^[0-7]+$/.test(text)) throw new CorruptArchiveError(`bad ${what} in a tar header`);
  return Number.parseInt(text, 8);
}

function parsePax(records: string): Map<string, string> {
  const values = new Map<string, string>();
  let rest = records;
  while (rest.length > 0) {
    const match = /^(\d+) ([^=]+)=/.exec(rest);
    if (!match) throw new CorruptArchiveError("bad pax record in the archive");
    const length = Number(match[1]);
    const record = Buffer.from(rest, "utf8").subarray(0, length).toString("utf8");
    if (!record.endsWith("\n")) throw new CorruptArchiveError("bad pax record in the archive");
    values.set(match[2]!, record.slice(match[0].length, -1));
    rest = rest.slice(record.length);
  }
  return values;
}

/**
 * The entries of a tar stream, in order. Throws CorruptArchiveError for a bad header checksum, an
 * entry type a backup never holds, or an archive that ends before its end-of-archive blocks.
 */
export async function* readTarEntries(source: AsyncIterable<Uint8Array>): AsyncGenerator<TarEntry> {
  const reader = new ByteReader(source[Symbol.asyncIterator]());
  let pax = new Map<string, string>();
  for (;;) {
    const at = reader.offset;
    const header = await reader.read(blockBytes);
    if (!header) throw new CorruptArchiveError(`the archive is cut short at byte ${at}`);
    if (header.every((byte) => byte === 0)) {
      // Read to the end, so the compression's own check (gzip's CRC) runs over everything.
      await reader.drain();
      return;
    }
    let sum = 0;
    for (let i = 0; i < blockBytes; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]!;
    if (sum !== readOctal(header, 148, 8, "checksum")) {
      throw new CorruptArchiveError(`a damaged tar header at byte ${at}`);
    }
    const type = String.fromCharCode(header[156]!);
    const size = Number(pax.get("size") ?? readOctal(header, 124, 12, "size"));
    const name = pax.get("path") ?? readString(header, 0, 100);
    pax = new Map();
    if (type === "x") {
      const body = await reader.read(size + padding(size).length);
      if (!body) throw new CorruptArchiveError(`the archive is cut short at byte ${at}`);
      pax = parsePax(body.subarray(0, size).toString("utf8"));
      continue;
    }
    if (type !== "0" && type !== "\0") {
      throw new CorruptArchiveError(`unexpected entry "${name}" of tar type "${type}"`);
    }
    let remaining = size;
    let consumed = false;
    const body = async function* (): AsyncGenerator<Buffer> {
      while (remaining > 0) {
        const chunk = await reader.readSome(Math.min(remaining, 1 << 20));
        if (!chunk) throw new CorruptArchiveError(`the archive is cut short inside "${name}"`);
        remaining -= chunk.length;
        yield chunk;
      }
      consumed = true;
    };
    yield { name, size, body: body() };
    if (!consumed) {
      while (remaining > 0) {
        const chunk = await reader.readSome(Math.min(remaining, 1 << 20));
        if (!chunk) throw new CorruptArchiveError(`the archive is cut short inside "${name}"`);
        remaining -= chunk.length;
      }
    }
    const pad = padding(size).length;
    if (pad && !(await reader.read(pad))) {
      throw new CorruptArchiveError(`the archive is cut short after "${name}"`);
    }
  }
}
