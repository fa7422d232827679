import "server-only";
import { sql, type SQL } from "drizzle-orm";

/**
 * Stored vectors (`embeddings.vector`) are pgvector `vector`s. They are read in pgvector's binary
 * form (`vector_send`: int16 dimension, int16 unused, then big-endian float4 values), which is
 * exact and far cheaper to parse than the text form, and written as pgvector's text literal.
 * Every reader and writer goes through these helpers so they agree.
 */

/** SQL for a stored vector column in pgvector's binary form, e.g. `storedVector("e.vector")`. */
export function storedVector(column: string): SQL {
  if (!/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/.test(column)) {
    throw new Error(`storedVector: "${column}" is not a column reference`);
  }
  return sql.raw(`vector_send(${column})`);
}

/**
 * pgvector's binary form as floats. Copied, not viewed: a driver may hand back a slice of a larger
 * buffer at an odd offset, and the values are big-endian. A length that disagrees with the
 * dimension in the header throws rather than dropping the tail.
 */
export function floatsOf(bytes: Uint8Array): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 4) throw new RangeError(`A stored vector of ${bytes.byteLength} bytes`);
  const dim = view.getInt16(0, false);
  if (bytes.byteLength !== 4 + dim * 4) {
    throw new RangeError(`A stored vector of ${bytes.byteLength} bytes says it has ${dim} values`);
  }
  const out = new Float32Array(dim);
  for (let i = 0; i < dim; i++) out[i] = view.getFloat32(4 + i * 4, false);
  return out;
}

/**
 * A vector as pgvector's text literal. Nine significant digits identify every float32 exactly
 * and pgvector's `strtof` rounds them back to the same float32, so the round trip is exact while
 * the text stays about 40% shorter than a double's shortest form (it is what a million-row
 * import sends). Non-finite values are refused: pgvector refuses them too, less helpfully.
 */
export function vectorLiteral(vector: Float32Array): string {
  const parts = new Array<string>(vector.length);
  for (let i = 0; i < vector.length; i++) {
    const value = vector[i]!;
    if (!Number.isFinite(value)) {
      throw new RangeError(`Value ${i} of a vector is ${value}: vectors must be finite`);
    }
    parts[i] = value.toPrecision(9);
  }
  return `[${parts.join(",")}]`;
}
