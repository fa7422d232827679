import "server-only";
import { Readable } from "node:stream";
import { CsvError, parse } from "csv-parse";
import type { ImportIssue } from "@/lib/core/import/issues";

export type RecordFormat = "csv" | "tsv" | "jsonl";

/** One row of a creatives file: its fields, or what made it unreadable. */
export type RawRecord =
  | { line: number; kind: "header"; columns: string[] }
  | { line: number; kind: "row"; values: Record<string, unknown> }
  | { line: number; kind: "bad"; issue: ImportIssue };

/** A problem that makes the rest of the file unreadable (bad encoding, broken quoting, too big). */
export class UnreadableFileError extends Error {
  constructor(readonly issue: ImportIssue) {
    super(issue.message);
    this.name = "UnreadableFileError";
  }
}

export interface ReadOptions {
  file: string;
  format: RecordFormat;
  maxBytes: number;
  /** Called with the bytes consumed so far, for progress bars. */
  onBytes?: (bytes: number) => void;
}

/**
 * Streams a creatives file row by row with 1-based line numbers, so a 100,000-row file never sits
 * in memory whole. Decoding is strict UTF-8: a Latin-1 or UTF-16 file is refused with the line
 * where decoding failed rather than imported as mojibake.
 */
export async function* readRecords(
  source: AsyncIterable<Uint8Array>,
  options: ReadOptions,
): AsyncGenerator<RawRecord> {
  const text = decodeUtf8(source, options);
  if (options.format === "jsonl") yield* readJsonLines(text, options.file);
  else yield* readDelimited(text, options);
}

/**
 * Decodes a byte stream as strict UTF-8 under a size limit, naming the line where decoding failed.
 * Every import reads its file through this one function.
 */
export async function* decodeUtf8(
  source: AsyncIterable<Uint8Array>,
  { file, maxBytes, onBytes }: Pick<ReadOptions, "file" | "maxBytes" | "onBytes">,
): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let bytes = 0;
  let linesSoFar = 1;
  let first = true;
  for await (const chunk of source) {
    if (first && chunk.length >= 2) {
      const archive = archiveKind(chunk);
      if (archive) {
        // Never unpacked: an archive could expand to far more than the size limit (a zip bomb).
        throw new UnreadableFileError({
          file,
          line: 0,
          message: `is a ${archive} archive, not a text file; archives are not unpacked on import: extract the CSV, TSV, JSONL or TXT file and import that`,
        });
      }
      const [a, b] = [chunk[0], chunk[1]];
      if ((a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff)) {
        throw new UnreadableFileError({
          file,
          line: 0,
          message: "is UTF-16 encoded; save it as UTF-8 and import again",
        });
      }
    }
    first = false;
    bytes += chunk.length;
    if (bytes > maxBytes) {
      throw new UnreadableFileError({
        file,
        line: 0,
        message: `is larger than the import limit of ${Math.round(maxBytes / 1024 / 1024)} MB (CREATIVE_TRIAGE_MAX_IMPORT_MB)`,
      });
    }
    let decoded: string;
    try {
      decoded = decoder.decode(chunk, { stream: true });
    } catch {
      // Find the line of the first undecodable byte in this chunk for the message.
      const lossy = new TextDecoder("utf-8").decode(chunk);
      const before = lossy.slice(0, Math.max(0, lossy.indexOf("\uFFFD")));
      throw new UnreadableFileError({
        file,
        line: linesSoFar + (before.match(/\n/g)?.length ?? 0),
        message: "is not valid UTF-8 here (is the file Latin-1 or Windows-1252?); save it as UTF-8",
      });
    }
    for (let i = 0; i < decoded.length; i++) if (decoded.charCodeAt(i) === 10) linesSoFar++;
    onBytes?.(bytes);
    if (decoded) yield decoded;
  }
  try {
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch {
    throw new UnreadableFileError({
      file,
      line: linesSoFar,
      message: "ends in the middle of a UTF-8 character (truncated file?)",
    });
  }
}

async function* readJsonLines(
  text: AsyncIterable<string>,
  file: string,
): AsyncGenerator<RawRecord> {
  let pending = "";
  let line = 0;
  let headerSent = false;
  function* handle(raw: string): Generator<RawRecord> {
    line++;
    const trimmed = raw.replace(/\r$/, "").trim();
    if (trimmed === "") return;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      yield {
        line,
        kind: "bad",
        issue: { file, line, message: `malformed JSON: ${(error as Error).message}` },
      };
      return;
    }
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      yield { line, kind: "bad", issue: { file, line, message: "is not a JSON object" } };
      return;
    }
    const values = value as Record<string, unknown>;
    if (!headerSent) {
      headerSent = true;
      yield { line, kind: "header", columns: Object.keys(values) };
    }
    yield { line, kind: "row", values };
  }
  for await (const chunk of text) {
    pending += chunk;
    let newline = pending.indexOf("\n");
    while (newline >= 0) {
      yield* handle(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
      newline = pending.indexOf("\n");
    }
  }
  if (pending.length > 0) yield* handle(pending);
}

async function* readDelimited(
  text: AsyncIterable<string>,
  { file, format }: ReadOptions,
): AsyncGenerator<RawRecord> {
  const parser = parse({
    delimiter: format === "tsv" ? "\t" : ",",
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
  });
  const input = Readable.from(text);
  input.on("error", (error) => parser.destroy(error));
  input.pipe(parser);
  let header: string[] | undefined;
  try {
    for await (const item of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      const line = item.info.lines;
      if (!header) {
        header = item.record.map((c) => c.trim());
        yield { line, kind: "header", columns: header };
        continue;
      }
      if (item.record.length !== header.length) {
        yield {
          line,
          kind: "bad",
          issue: {
            file,
            line,
            message: `has ${item.record.length} fields but the header has ${header.length}`,
          },
        };
        continue;
      }
      const values: Record<string, unknown> = {};
      header.forEach((column, i) => (values[column] = item.record[i]));
      yield { line, kind: "row", values };
    }
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines ?? 0;
      throw new UnreadableFileError({
        file,
        line,
        message: `is not valid ${format.toUpperCase()}: ${error.message}`,
      });
    }
    throw error;
  }
  if (!header) throw new UnreadableFileError({ file, line: 0, message: "is empty" });
}

/** The archive format a file starts with, by its magic bytes, or null. */
export function archiveKind(start: Uint8Array): string | null {
  const is = (...bytes: number[]) => bytes.every((b, i) => start[i] === b);
  if (is(0x50, 0x4b, 0x03, 0x04) || is(0x50, 0x4b, 0x05, 0x06)) return "ZIP";
  if (is(0x1f, 0x8b)) return "gzip";
  if (is(0x42, 0x5a, 0x68)) return "bzip2";
  if (is(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00)) return "xz";
  if (is(0x28, 0xb5, 0x2f, 0xfd)) return "zstd";
  if (is(0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c)) return "7-Zip";
  if (is(0x52, 0x61, 0x72, 0x21)) return "RAR";
  return null;
}
