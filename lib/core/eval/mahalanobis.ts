import { similarityMatrix } from "@/lib/core/linalg";
import type { ReferenceSet } from "@/lib/core/detector/types";
import type { BaselineScores } from "./baseline-scores";

/**
 * The Mahalanobis baseline (Lee et al. 2018): class-conditional Gaussians with one shared
 * covariance, fitted on the trusted reference embeddings. It is the standard embedding-space
 * out-of-distribution detector a reviewer expects next to kNN, and unlike cosines it weighs the
 * directions in which labels actually vary.
 */

/** Class means and the Cholesky factor of the shrunk pooled covariance. */
export interface GaussianModel {
  dim: number;
  /** `[classes, dim]` whitened class means `L^-1 mu_c` (rows of classes without data are 0). */
  whitenedMeans: Float32Array;
  /** Classes with at least one reference row. */
  present: Uint8Array;
  /** `[dim, dim]` lower-triangular `L` with `L L^T = Sigma`. */
  cholesky: Float64Array;
}

/**
 * Share of the covariance replaced by `(trace / dim) I`: enough to make a rank-deficient pooled
 * covariance (fewer rows than dimensions in small reference sets) invertible, small enough to
 * keep its shape.
 */
export const defaultShrinkage = 0.01;

/** In-place Cholesky factorisation of a symmetric positive-definite `[d, d]` matrix (lower). */
export function choleskyInPlace(a: Float64Array, d: number): Float64Array {
  for (let j = 0; j < d; j++) {
    let diag = a[j * d + j]!;
    for (let k = 0; k < j; k++) diag -= a[j * d + k]! ** 2;
    if (!(diag > 0)) throw new Error("covariance is not positive definite");
    const ljj = Math.sqrt(diag);
    a[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let s = a[i * d + j]!;
      for (let k = 0; k < j; k++) s -= a[i * d + k]! * a[j * d + k]!;
      a[i * d + j] = s / ljj;
    }
    for (let k = j + 1; k < d; k++) a[j * d + k] = 0;
  }
  return a;
}

/** Solves `L z = x` by forward substitution (`L` lower-triangular `[d, d]`), writing `z`. */
export function forwardSolve(l: Float64Array, d: number, x: ArrayLike<number>, z: Float64Array) {
  for (let i = 0; i < d; i++) {
    let s = x[i]!;
    for (let k = 0; k < i; k++) s -= l[i * d + k]! * z[k]!;
    z[i] = s / l[i * d + i]!;
  }
  return z;
}

/** Whitens `[rows, d]` vectors: each row becomes `L^-1 x`, so Euclidean = Mahalanobis distance. */
export function whiten(model: Pick<GaussianModel, "cholesky" | "dim">, x: Float32Array) {
  const d = model.dim;
  const out = new Float32Array(x.length);
  const z = new Float64Array(d);
  for (let r = 0; r < x.length / d; r++) {
    forwardSolve(model.cholesky, d, x.subarray(r * d, (r + 1) * d), z);
    out.set(z, r * d);
  }
  return out;
}

/**
 * Fits the class means and the pooled within-class covariance (divided by rows minus classes,
 * the unbiased pooled estimate), shrunk toward `(trace / dim) I`.
 */
export function fitGaussians(
  reference: ReferenceSet,
  dim: number,
  classes: number,
  shrinkage = defaultShrinkage,
): GaussianModel {
  const rows = reference.labels.length;
  const means = new Float64Array(classes * dim);
  const counts = new Float64Array(classes);
  for (let r = 0; r < rows; r++) {
    const c = reference.labels[r]!;
    counts[c]!++;
    for (let k = 0; k < dim; k++) means[c * dim + k]! += reference.embeddings[r * dim + k]!;
  }
  for (let c = 0; c < classes; c++) {
    for (let k = 0; k < dim; k++) if (counts[c]! > 0) means[c * dim + k]! /= counts[c]!;
  }
  const cov = new Float64Array(dim * dim);
  const centred = new Float64Array(dim);
  for (let r = 0; r < rows; r++) {
    const c = reference.labels[r]!;
    for (let k = 0; k < dim; k++)
      centred[k] = reference.embeddings[r * dim + k]! - means[c * dim + k]!;
    // lower triangle only; the factorisation reads nothing else
    for (let i = 0; i < dim; i++) {
      const ci = centred[i]!;
      for (let j = 0; j <= i; j++) cov[i * dim + j]! += ci * centred[j]!;
    }
  }
  const present = Uint8Array.from(counts, (c) => (c > 0 ? 1 : 0));
  const degrees = Math.max(1, rows - present.reduce((a, b) => a + b, 0));
  let trace = 0;
  for (let i = 0; i < dim; i++) trace += cov[i * dim + i]! / degrees;
  // an all-identical reference set has no spread at all: fall back to the identity
  const ridge = trace > 0 ? (shrinkage * trace) / dim : 1;
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j <= i; j++) cov[i * dim + j] = ((1 - shrinkage) * cov[i * dim + j]!) / degrees;
    cov[i * dim + i]! += ridge;
  }
  const cholesky = choleskyInPlace(cov, dim);
  return {
    dim,
    present,
    cholesky,
    whitenedMeans: whiten({ cholesky, dim }, Float32Array.from(means)),
  };
}

/**
 * One fit per reference set: the evaluation scores several noise modes against the same
 * training split, and the covariance is the costly part (rows x dim^2).
 */
const fitted = new WeakMap<ReferenceSet, Map<string, GaussianModel>>();

function fitOnce(reference: ReferenceSet, dim: number, classes: number, shrinkage: number) {
  const key = `${dim}/${classes}/${shrinkage}`;
  const byKey = fitted.get(reference) ?? new Map<string, GaussianModel>();
  fitted.set(reference, byKey);
  const model = byKey.get(key) ?? fitGaussians(reference, dim, classes, shrinkage);
  byKey.set(key, model);
  return model;
}

/**
 * Squared Mahalanobis distances (Lee et al.'s score: twice the negative log-likelihood gap under
 * the shared-covariance Gaussians, up to a constant). `new` = distance to the nearest class mean;
 * `wrong` = distance to the predicted class minus that minimum (0 when the predicted class is the
 * most likely one). A predicted class with no reference rows ranks above every other item.
 */
export function mahalanobisScores(
  embeddings: Float32Array,
  dim: number,
  reference: ReferenceSet,
  predicted: Int32Array,
  classes: number,
  shrinkage = defaultShrinkage,
): BaselineScores {
  const model = fitOnce(reference, dim, classes, shrinkage);
  const n = embeddings.length / dim;
  const z = whiten(model, embeddings);
  const means = model.whitenedMeans;
  const dots = similarityMatrix(z, means, dim);
  const sqNorm = (v: Float32Array, r: number) => {
    let s = 0;
    for (let k = 0; k < dim; k++) s += v[r * dim + k]! ** 2;
    return s;
  };
  const meanNorms = Float64Array.from({ length: classes }, (_, c) => sqNorm(means, c));
  const wrong = new Float32Array(n);
  const fresh = new Float32Array(n);
  const missing: number[] = [];
  for (let i = 0; i < n; i++) {
    const zi = sqNorm(z, i);
    const distance = (c: number) => Math.max(0, zi + meanNorms[c]! - 2 * dots[i * classes + c]!);
    let min = Infinity;
    for (let c = 0; c < classes; c++) if (model.present[c]) min = Math.min(min, distance(c));
    fresh[i] = min;
    const p = predicted[i]!;
    if (p >= 0 && model.present[p]) wrong[i] = distance(p) - min;
    else missing.push(i);
  }
  const top = wrong.reduce((a, b) => Math.max(a, b), 0) + 1;
  for (const i of missing) wrong[i] = top;
  return { name: "mahalanobis", wrong, new: fresh };
}
