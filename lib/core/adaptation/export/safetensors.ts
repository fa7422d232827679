/**
 * A safetensors writer and reader for float32 tensors: what Sentence Transformers' modules load
 * their weights from (`model.safetensors`). No npm package for it is well kept and small, and
 * the format is short enough to write out here:
 *
 * - 8 bytes: the header's length N, an unsigned 64-bit little-endian integer;
 * - N bytes: a UTF-8 JSON object, `name -> { dtype, shape, data_offsets: [begin, end] }` plus an
 *   optional `__metadata__` object of string values; the writer pads it with spaces so the data
 *   starts on an 8-byte boundary, as the reference implementation does;
 * - the data: each tensor's little-endian bytes, row-major, at its offsets counted from the end
 *   of the header. The reference loader refuses holes and overlaps, so tensors are laid out back
 *   to back in the order given.
 */

/** A float32 tensor to write; `data.length` must be the product of `shape`. */
export interface Float32Tensor {
  name: string;
  shape: readonly number[];
  data: Float32Array;
}

/** What a safetensors file holds, as {@link decodeSafetensors} reads it. */
export interface SafetensorsContents {
  tensors: Map<string, { shape: number[]; data: Float32Array }>;
  metadata: Record<string, string>;
}

const metadataKey = "__metadata__";
const headerAlignment = 8;
const float32Bytes = 4;

const elementCount = (shape: readonly number[]) => shape.reduce((n, d) => n * d, 1);

/** Serialises float32 tensors (and string metadata) to the bytes of a `.safetensors` file. */
export function encodeSafetensors(
  tensors: readonly Float32Tensor[],
  metadata: Readonly<Record<string, string>> = {},
): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header[metadataKey] = { ...metadata };
  let offset = 0;
  for (const t of tensors) {
    // Object.hasOwn, not `in`: a plain object inherits names such as `constructor`.
    if (t.name === metadataKey || Object.hasOwn(header, t.name)) {
      throw new Error(`safetensors: tensor name ${JSON.stringify(t.name)} is not unique`);
    }
    if (!t.shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new Error(`safetensors: ${t.name} has a bad shape [${t.shape.join(", ")}]`);
    }
    if (elementCount(t.shape) !== t.data.length) {
      throw new Error(
        `safetensors: ${t.name} has ${t.data.length} values for shape [${t.shape.join(", ")}]`,
      );
    }
    const size = t.data.length * float32Bytes;
    header[t.name] = { dtype: "F32", shape: [...t.shape], data_offsets: [offset, offset + size] };
    offset += size;
  }
  let json = JSON.stringify(header);
  const encoder = new TextEncoder();
  let headerBytes = encoder.encode(json);
  const padding =
    (headerAlignment - ((8 + headerBytes.length) % headerAlignment)) % headerAlignment;
  if (padding > 0) {
    json += " ".repeat(padding);
    headerBytes = encoder.encode(json);
  }
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const t of tensors) {
    for (let i = 0; i < t.data.length; i++, at += float32Bytes)
      view.setFloat32(at, t.data[i]!, true);
  }
  return out;
}

interface HeaderEntry {
  dtype: unknown;
  shape: unknown;
  data_offsets: unknown;
}

/**
 * Reads a safetensors file of float32 tensors, checking what the reference loader checks: the
 * header length fits, every entry's size matches its shape, and the data is covered exactly
 * (no hole, no overlap, nothing left over). Throws on anything else, naming the tensor.
 */
export function decodeSafetensors(bytes: Uint8Array): SafetensorsContents {
  if (bytes.length < 8) throw new Error("safetensors: shorter than its 8-byte header length");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (8 + headerLength > bytes.length) throw new Error("safetensors: header runs past the file");
  const parsed: unknown = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error("safetensors: the header is not a JSON object");
  }
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const metadata: Record<string, string> = {};
  const spans: { name: string; begin: number; end: number; shape: number[] }[] = [];
  for (const [name, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (name === metadataKey) {
      for (const [key, v] of Object.entries((value ?? {}) as Record<string, unknown>)) {
        if (typeof v !== "string") throw new Error(`safetensors: metadata ${key} is not a string`);
        metadata[key] = v;
      }
      continue;
    }
    const entry = value as HeaderEntry;
    if (entry.dtype !== "F32") throw new Error(`safetensors: ${name} is ${String(entry.dtype)}`);
    const shape = entry.shape;
    const offsets = entry.data_offsets;
    if (
      !Array.isArray(shape) ||
      !shape.every((d) => Number.isInteger(d) && d >= 0) ||
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((o) => Number.isInteger(o) && o >= 0)
    ) {
      throw new Error(`safetensors: ${name} has a malformed header entry`);
    }
    const [begin, end] = offsets as [number, number];
    if (end - begin !== elementCount(shape as number[]) * float32Bytes) {
      throw new Error(`safetensors: ${name}'s offsets do not match its shape`);
    }
    spans.push({ name, begin, end, shape: shape as number[] });
  }
  spans.sort((a, b) => a.begin - b.begin);
  let expected = 0;
  for (const span of spans) {
    if (span.begin !== expected)
      throw new Error(`safetensors: ${span.name} leaves a hole or overlaps`);
    expected = span.end;
  }
  if (expected !== dataLength) throw new Error("safetensors: the data is not covered exactly");
  const tensors = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const span of spans) {
    const data = new Float32Array((span.end - span.begin) / float32Bytes);
    for (let i = 0; i < data.length; i++) {
      data[i] = view.getFloat32(dataStart + span.begin + i * float32Bytes, true);
    }
    tensors.set(span.name, { shape: span.shape, data });
  }
  return { tensors, metadata };
}
