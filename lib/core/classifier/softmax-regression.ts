import { createPrng, shuffleInPlace } from "@/lib/core/encoder/prng";
import type { SparseRows } from "./tfidf";

/**
 * Multinomial logistic regression on sparse rows, trained by plain SGD: the TF-IDF baseline's
 * classifier. Weights are stored feature-major (`[features, classes]`), so a row's logits and its
 * gradient touch only the contiguous weight rows of its non-zero features.
 */
export interface SoftmaxRegression {
  classes: number;
  weights: Float32Array;
  bias: Float32Array;
}

export interface SoftmaxRegressionOptions {
  epochs: number;
  learningRate: number;
  /** L2 penalty per step, applied to the touched weight rows only (lazy, cheap). */
  l2: number;
  seed: number;
  /** Class gradients smaller than this are not applied (the update's cost is per applied class). */
  gradientFloor: number;
}

export const defaultSoftmaxRegressionOptions: SoftmaxRegressionOptions = {
  epochs: 12,
  learningRate: 0.5,
  l2: 1e-5,
  seed: 1,
  gradientFloor: 1e-4,
};

function logits(model: SoftmaxRegression, x: SparseRows, r: number, out: Float64Array) {
  const c = model.classes;
  for (let j = 0; j < c; j++) out[j] = model.bias[j]!;
  for (let p = x.indptr[r]!; p < x.indptr[r + 1]!; p++) {
    const v = x.values[p]!;
    const o = x.indices[p]! * c;
    for (let j = 0; j < c; j++) out[j]! += v * model.weights[o + j]!;
  }
}

function softmaxInPlace(z: Float64Array): void {
  let max = -Infinity;
  for (let j = 0; j < z.length; j++) if (z[j]! > max) max = z[j]!;
  let sum = 0;
  for (let j = 0; j < z.length; j++) {
    z[j] = Math.exp(z[j]! - max);
    sum += z[j]!;
  }
  for (let j = 0; j < z.length; j++) z[j]! /= sum;
}

/** Fits the classifier on rows `x` with class indices `y` (0 .. classes-1). */
export function fitSoftmaxRegression(
  x: SparseRows,
  y: Int32Array,
  classes: number,
  options: Partial<SoftmaxRegressionOptions> = {},
): SoftmaxRegression {
  const o = { ...defaultSoftmaxRegressionOptions, ...options };
  const model: SoftmaxRegression = {
    classes,
    weights: new Float32Array(x.columns * classes),
    bias: new Float32Array(classes),
  };
  const prng = createPrng(o.seed);
  const order = Int32Array.from({ length: x.rows }, (_, i) => i);
  const p = new Float64Array(classes);
  const active = new Int32Array(classes);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    shuffleInPlace(order, prng);
    const lr = o.learningRate / (1 + epoch);
    const decay = 1 - lr * o.l2;
    for (const r of order) {
      logits(model, x, r, p);
      softmaxInPlace(p);
      p[y[r]!]! -= 1; // gradient of the cross-entropy wrt the logits
      for (let j = 0; j < classes; j++) model.bias[j]! -= lr * p[j]!;
      // Most classes' gradients are negligible once the model has learnt the easy ones; only
      // the rest are updated (their L2 decay is skipped with them, a 1e-5 effect).
      let live = 0;
      for (let j = 0; j < classes; j++) if (Math.abs(p[j]!) >= o.gradientFloor) active[live++] = j;
      for (let q = x.indptr[r]!; q < x.indptr[r + 1]!; q++) {
        const g = lr * x.values[q]!;
        const w = x.indices[q]! * classes;
        for (let a = 0; a < live; a++) {
          const j = w + active[a]!;
          model.weights[j] = model.weights[j]! * decay - g * p[active[a]!]!;
        }
      }
    }
  }
  return model;
}

/** Class probabilities of every row, `[rows, classes]`. */
export function predictSoftmaxRegression(model: SoftmaxRegression, x: SparseRows): Float32Array {
  const out = new Float32Array(x.rows * model.classes);
  const p = new Float64Array(model.classes);
  for (let r = 0; r < x.rows; r++) {
    logits(model, x, r, p);
    softmaxInPlace(p);
    out.set(p, r * model.classes);
  }
  return out;
}
