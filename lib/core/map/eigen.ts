/**
 * Small dense helpers for PCA: the covariance is at most a few hundred dimensions wide, so a
 * subspace iteration followed by a Jacobi rotation of the small projected matrix is fast enough
 * in plain TypeScript and needs no linear-algebra package.
 */

/**
 * Eigen-decomposition of a symmetric `size x size` matrix (row-major, overwritten) by cyclic
 * Jacobi rotations. Returns eigenvalues and the eigenvectors as the columns of `vectors`.
 */
export function jacobiEigen(
  matrix: Float64Array,
  size: number,
): { values: Float64Array; vectors: Float64Array } {
  const a = matrix;
  const v = new Float64Array(size * size);
  for (let i = 0; i < size; i++) v[i * size + i] = 1;
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < size; p++) for (let q = p + 1; q < size; q++) off += a[p * size + q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < size; p++) {
      for (let q = p + 1; q < size; q++) {
        const apq = a[p * size + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * size + q]! - a[p * size + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < size; k++) {
          const akp = a[k * size + p]!;
          const akq = a[k * size + q]!;
          a[k * size + p] = c * akp - s * akq;
          a[k * size + q] = s * akp + c * akq;
        }
        for (let k = 0; k < size; k++) {
          const apk = a[p * size + k]!;
          const aqk = a[q * size + k]!;
          a[p * size + k] = c * apk - s * aqk;
          a[q * size + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < size; k++) {
          const vkp = v[k * size + p]!;
          const vkq = v[k * size + q]!;
          v[k * size + p] = c * vkp - s * vkq;
          v[k * size + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(size);
  for (let i = 0; i < size; i++) values[i] = a[i * size + i]!;
  return { values, vectors: v };
}

/**
 * Orthonormalises the `count` rows of a `count x width` row-major matrix in place (modified
 * Gram-Schmidt on contiguous rows; a row that becomes zero stays zero).
 */
export function orthonormalizeRows(m: Float32Array, count: number, width: number): void {
  for (let r = 0; r < count; r++) {
    const o = r * width;
    for (let p = 0; p < r; p++) {
      const op = p * width;
      let dot = 0;
      for (let c = 0; c < width; c++) dot += m[o + c]! * m[op + c]!;
      for (let c = 0; c < width; c++) m[o + c]! -= dot * m[op + c]!;
    }
    let norm = 0;
    for (let c = 0; c < width; c++) norm += m[o + c]! ** 2;
    const inv = norm > 1e-30 ? 1 / Math.sqrt(norm) : 0;
    for (let c = 0; c < width; c++) m[o + c]! *= inv;
  }
}
