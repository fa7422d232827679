import "server-only";

/**
 * Stored vectors (`embeddings.vector`, bytea) are little-endian float32. Read through one helper
 * so every reader that copies them decodes them the same way.
 */

/**
 * Little-endian float32 bytes as floats. Copied, not viewed: a driver may hand back a slice of a
 * larger buffer at an offset that is not a multiple of 4, which a `Float32Array` view refuses,
 * and the copy also reads the right values on a big-endian host. A length that is not a whole
 * number of floats throws (a `RangeError`) rather than dropping the tail.
 */
export function floatsOf(bytes: Uint8Array): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.byteLength / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}
