/**
 * Vectors on the wire: base64 of little-endian float32 bytes, the format POST /api/embeddings
 * takes. Written byte by byte through a DataView so a big-endian host would still send
 * little-endian; chunked `btoa` keeps large batches off the call-stack limit.
 */

/** Base64 of `vector` as little-endian float32. */
export function float32ToBase64(vector: Float32Array): string {
  const bytes = new Uint8Array(vector.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < vector.length; i++) view.setFloat32(i * 4, vector[i] ?? 0, true);
  let binary = "";
  const chunk = 0x8000;
  for (let start = 0; start < bytes.length; start += chunk) {
    binary += String.fromCharCode(...bytes.subarray(start, start + chunk));
  }
  return btoa(binary);
}

/** The vector in `base64` (little-endian float32); throws when the byte count is not 4n. */
export function base64ToFloat32(base64: string): Float32Array<ArrayBuffer> {
  const binary = atob(base64);
  if (binary.length % 4 !== 0) {
    throw new Error(`a float32 vector needs a multiple of 4 bytes, got ${binary.length}`);
  }
  const view = new DataView(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) view.setUint8(i, binary.charCodeAt(i));
  const out = new Float32Array(binary.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}
