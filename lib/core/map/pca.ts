import { forEachSimilarityBlock } from "@/lib/core/linalg/gemm";
import { jacobiEigen, multiplySymmetric, orthonormalizeColumns } from "./eigen";
import { gaussian, sampleIndices, seededRandom } from "./random";

/**
 * PCA before the neighbour search: 384-d distances cost 7.7x what 50-d ones do, and the top 50
 * principal directions keep the neighbourhoods of embedding clusters (UMAP and t-SNE pipelines
 * do the same). The covariance comes from a seeded sample of rows, its top directions from a
 * subspace iteration with a Rayleigh-Ritz step, so the cost is one pass to project every row.
 */

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
  /** Subspace iterations; 12 is plenty for the leading directions of embedding data. */
  iterations?: number;
}

/** Fits the top principal directions of the rows of `data` (`[n, dim]` row-major). */
export function fitPca(data: Float32Array, dim: number, options: PcaOptions): PcaModel {
  const n = data.length / dim;
  if (!Number.isInteger(n) || n < 1) throw new Error(`PCA needs at least one ${dim}-d row`);
  const random = seededRandom(options.seed ?? 1);
  const components = Math.max(1, Math.min(options.components, dim));
  const sample = sampleIndices(n, options.sampleRows ?? 1500, random);
  const m = sample.length;

  const mean64 = new Float64Array(dim);
  for (const r of sample) for (let k = 0; k < dim; k++) mean64[k]! += data[r * dim + k]!;
  for (let k = 0; k < dim; k++) mean64[k]! /= m;

  // Covariance = Xc^T Xc / m: the dot kernel on the transposed, centred sample (rows = dims).
  const transposed = new Float32Array(dim * m);
  for (let s = 0; s < m; s++) {
    const o = sample[s]! * dim;
    for (let k = 0; k < dim; k++) transposed[k * m + s] = data[o + k]! - mean64[k]!;
  }
  const covariance = new Float64Array(dim * dim);
  forEachSimilarityBlock(transposed, transposed, m, (start, rows, block) => {
    for (let i = 0; i < rows * dim; i++) covariance[start * dim + i] = block[i]! / m;
  });

  // Subspace iteration on a few more directions than wanted, for faster convergence.
  const width = Math.min(dim, components + 10);
  let q = new Float64Array(dim * width);
  for (let i = 0; i < q.length; i++) q[i] = gaussian(random);
  orthonormalizeColumns(q, dim, width);
  let z = new Float64Array(dim * width);
  for (let it = 0; it < (options.iterations ?? 12); it++) {
    multiplySymmetric(covariance, dim, q, width, z);
    orthonormalizeColumns(z, dim, width);
    [q, z] = [z, q];
  }
  // Rayleigh-Ritz: T = Q^T C Q is small; its eigenvectors rotate Q onto the principal axes.
  multiplySymmetric(covariance, dim, q, width, z);
  const t = new Float64Array(width * width);
  for (let i = 0; i < width; i++)
    for (let j = 0; j < width; j++) {
      let s = 0;
      for (let r = 0; r < dim; r++) s += q[r * width + i]! * z[r * width + j]!;
      t[i * width + j] = s;
    }
  const { values, vectors } = jacobiEigen(t, width);
  const order = Array.from({ length: width }, (_, i) => i).sort((x, y) => values[y]! - values[x]!);

  const basis = new Float32Array(components * dim);
  const variances = new Float64Array(components);
  for (let c = 0; c < components; c++) {
    const e = order[c]!;
    variances[c] = Math.max(0, values[e]!);
    for (let r = 0; r < dim; r++) {
      let s = 0;
      for (let j = 0; j < width; j++) s += q[r * width + j]! * vectors[j * width + e]!;
      basis[c * dim + r] = s;
    }
  }
  return { dim, components, mean: Float32Array.from(mean64), basis, variances };
}

/**
 * Projects rows onto the model's components: `[n, components]` as Float64Array, the layout the
 * neighbour search reads fastest (no float32-to-float64 conversion per load).
 */
export function projectRows(model: PcaModel, data: Float32Array): Float64Array {
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
      const o = (start + i) * components;
      for (let c = 0; c < components; c++) out[o + c] = block[i * components + c]! - offsets[c]!;
    }
  });
  return out;
}
