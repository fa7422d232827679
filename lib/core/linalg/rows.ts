/**
 * Row-major Float32Array matrices of unit rows: the one layout every vector kernel here takes,
 * so embeddings from the encoder, the database and a worker message pass through without copies.
 * Rows are L2-normalised once, so cosine similarity is a plain dot product in the hot loops.
 */

/** Norms below this count as zero: an all-zero row stays zero instead of becoming NaN. */
const minNorm = 1e-12;

/** Number of `dim`-long rows in `data`; throws when the length is not a multiple of `dim`. */
export function rowCount(data: Float32Array, dim: number): number {
  if (dim <= 0 || data.length % dim !== 0) {
    throw new Error(`matrix of length ${data.length} is not a whole number of ${dim}-d rows`);
  }
  return data.length / dim;
}

/** A copy of `data` with every row scaled to unit length (zero rows stay zero). */
export function normalizedRows(data: Float32Array, dim: number): Float32Array {
  const out = Float32Array.from(data);
  normalizeRowsInPlace(out, dim);
  return out;
}

/** Scales every `dim`-long row of `data` to unit length in place; returns `data`. */
export function normalizeRowsInPlace(data: Float32Array, dim: number): Float32Array {
  const n = rowCount(data, dim);
  for (let r = 0; r < n; r++) {
    const o = r * dim;
    let sq = 0;
    for (let k = 0; k < dim; k++) sq += data[o + k]! * data[o + k]!;
    const norm = Math.sqrt(sq);
    const inv = norm > minNorm ? 1 / norm : 0;
    for (let k = 0; k < dim; k++) data[o + k]! *= inv;
  }
  return data;
}

/** Dot product of row `i` of `a` with row `j` of `b` (cosine when both are unit rows). */
export function rowDot(a: Float32Array, i: number, b: Float32Array, j: number, dim: number) {
  const oa = i * dim;
  const ob = j * dim;
  let s = 0;
  for (let k = 0; k < dim; k++) s += a[oa + k]! * b[ob + k]!;
  return s;
}

/**
 * Mean of the given rows, normalised: the centroid direction of a group of unit vectors (a
 * label's confirmed creatives, a cluster of new-label candidates).
 */
export function meanDirection(data: Float32Array, dim: number, rows: ArrayLike<number>) {
  const out = new Float32Array(dim);
  for (let r = 0; r < rows.length; r++) {
    const o = rows[r]! * dim;
    for (let k = 0; k < dim; k++) out[k]! += data[o + k]!;
  }
  return normalizeRowsInPlace(out, dim);
}

/** Deterministic pseudo-random unit rows (mulberry32 + Box-Muller), for tests and benchmarks. */
export function randomUnitRows(rows: number, dim: number, seed: number): Float32Array {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = new Float32Array(rows * dim);
  for (let i = 0; i < out.length; i++) {
    out[i] = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  }
  return normalizeRowsInPlace(out, dim);
}

/** The given rows of `matrix`, in that order, as a new `[rows.length, dim]` matrix. */
export function gatherRows(
  matrix: Float32Array,
  dim: number,
  rows: readonly number[],
): Float32Array {
  const out = new Float32Array(rows.length * dim);
  rows.forEach((row, i) => out.set(matrix.subarray(row * dim, (row + 1) * dim), i * dim));
  return out;
}
