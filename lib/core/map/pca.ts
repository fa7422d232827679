import { forEachSimilarityBlock } from "@/lib/core/linalg/gemm";
import { normalizeRowsInPlace } from "@/lib/core/linalg/rows";
import { jacobiEigen, orthonormalizeRows } from "./eigen";
import { gaussian, sampleIndices, seededRandom } from "./random";

/**
 * PCA before the neighbour search: 384-d distances cost 7.7x what 50-d ones do, and the top 50
 * principal directions keep the neighbourhoods of embedding clusters (UMAP and t-SNE pipelines
 * do the same). The covariance comes from a seeded sample of rows, its top directions from a
 * subspace iteration with a Rayleigh-Ritz step, so the cost is one pass to project every row.
 */

/** Squared norms below this count as zero rows (as `normalizeRowsInPlace` does for 1e-12). */
const minNormSquared = 1e-24;

/** A fitted projection: `(x - mean) . basis[c]` is component `c` of row `x`. */
export interface PcaModel {
  dim: number;
  components: number;
  mean: Float32Array;
  /** `[components, dim]` row-major unit rows, by decreasing variance. */
  basis: Float32Array;
  /** Variance along each component. */
  variances: Float64Array;
}

/** Options of {@link fitPca}. */
export interface PcaOptions {
  components: number;
  /** Rows the covariance is estimated from (all rows when fewer). */
  sampleRows?: number;
  seed?: number;
  /**
   * Subspace iterations; 6 with 10 extra directions captured 99.5% of the variance 12 did on
   * 20,000 clustered 384-d points, for half the time.
   */
  iterations?: number;
  /**
   * Fit to the rows scaled to unit length (cosine space) without copying the whole matrix: only
   * the sampled rows are normalised.
   */
  unitRows?: boolean;
}

/** Fits the top principal directions of the rows of `data` (`[n, dim]` row-major). */
export function fitPca(data: Float32Array, dim: number, options: PcaOptions): PcaModel {
  const n = data.length / dim;
  if (!Number.isInteger(n) || n < 1) throw new Error(`PCA needs at least one ${dim}-d row`);
  const random = seededRandom(options.seed ?? 1);
  const components = Math.max(1, Math.min(options.components, dim));
  const sample = sampleIndices(n, options.sampleRows ?? 1000, random);
  const m = sample.length;
  const rows = new Float32Array(m * dim);
  sample.forEach((r, s) => rows.set(data.subarray(r * dim, r * dim + dim), s * dim));
  if (options.unitRows) normalizeRowsInPlace(rows, dim);

  const mean64 = new Float64Array(dim);
  for (let s = 0; s < m; s++) for (let k = 0; k < dim; k++) mean64[k]! += rows[s * dim + k]!;
  for (let k = 0; k < dim; k++) mean64[k]! /= m;

  // Covariance = Xc^T Xc / m: the dot kernel on the transposed, centred sample (rows = dims),
  // in slices of 256 sample rows so the kernel's tiles stay in the L2 cache (one pass over all
  // 1,000 ran at a third of the speed).
  const covariance = new Float32Array(dim * dim);
  const slice = 256;
  const transposed = new Float32Array(dim * slice);
  for (let s0 = 0; s0 < m; s0 += slice) {
    const width = Math.min(slice, m - s0);
    const part = transposed.subarray(0, dim * width);
    for (let s = 0; s < width; s++) {
      const o = (s0 + s) * dim;
      for (let k = 0; k < dim; k++) part[k * width + s] = rows[o + k]! - mean64[k]!;
    }
    forEachSimilarityBlock(part, part, width, (start, count, block) => {
      for (let i = 0; i < count * dim; i++) covariance[start * dim + i]! += block[i]! / m;
    });
  }

  // Subspace iteration on a few more directions than wanted, for faster convergence. The
  // directions are rows, so `C q` for all of them is one pass of the dot kernel (C symmetric).
  const width = Math.min(dim, components + 10);
  let q = new Float32Array(width * dim);
  for (let i = 0; i < q.length; i++) q[i] = gaussian(random);
  orthonormalizeRows(q, width, dim);
  const multiply = (from: Float32Array, to: Float32Array) =>
    forEachSimilarityBlock(from, covariance, dim, (start, count, block) => {
      to.set(block.subarray(0, count * dim), start * dim);
    });
  let z = new Float32Array(width * dim);
  for (let it = 0; it < (options.iterations ?? 6); it++) {
    multiply(q, z);
    orthonormalizeRows(z, width, dim);
    [q, z] = [z, q];
  }
  // Rayleigh-Ritz: T = Q^T C Q is small; its eigenvectors rotate Q onto the principal axes.
  multiply(q, z);
  const t = new Float64Array(width * width);
  for (let i = 0; i < width; i++)
    for (let j = 0; j < width; j++) {
      let s = 0;
      for (let r = 0; r < dim; r++) s += q[i * dim + r]! * z[j * dim + r]!;
      t[i * width + j] = s;
    }
  const { values, vectors } = jacobiEigen(t, width);
  const order = Array.from({ length: width }, (_, i) => i).sort((x, y) => values[y]! - values[x]!);

  const basis = new Float32Array(components * dim);
  const variances = new Float64Array(components);
  const row = new Float64Array(dim);
  for (let c = 0; c < components; c++) {
    const e = order[c]!;
    variances[c] = Math.max(0, values[e]!);
    row.fill(0);
    for (let j = 0; j < width; j++) {
      const w = vectors[j * width + e]!;
      for (let r = 0; r < dim; r++) row[r]! += w * q[j * dim + r]!;
    }
    basis.set(row, c * dim);
  }
  return { dim, components, mean: Float32Array.from(mean64), basis, variances };
}

/**
 * Projects rows onto the model's components: `[n, components]` as Float64Array, the layout the
 * neighbour search reads fastest (no float32-to-float64 conversion per load). With `unitRows`,
 * each row is projected as if scaled to unit length first (projection is linear, so its dot
 * products are divided by the row's norm), which spares a normalised copy of the input (150 MB
 * at 100,000 384-d rows).
 */
export function projectRows(
  model: PcaModel,
  data: Float32Array,
  options: { unitRows?: boolean } = {},
): Float64Array {
  const { dim, components, basis, mean } = model;
  const offsets = new Float64Array(components);
  for (let c = 0; c < components; c++) {
    let s = 0;
    for (let k = 0; k < dim; k++) s += mean[k]! * basis[c * dim + k]!;
    offsets[c] = s;
  }
  const out = new Float64Array((data.length / dim) * components);
  forEachSimilarityBlock(data, basis, dim, (start, rows, block) => {
    for (let i = 0; i < rows; i++) {
      let scale = 1;
      if (options.unitRows) {
        const r = (start + i) * dim;
        let sq = 0;
        for (let k = 0; k < dim; k++) sq += data[r + k]! * data[r + k]!;
        scale = sq > minNormSquared ? 1 / Math.sqrt(sq) : 0;
      }
      const o = (start + i) * components;
      for (let c = 0; c < components; c++) {
        out[o + c] = block[i * components + c]! * scale - offsets[c]!;
      }
    }
  });
  return out;
}
