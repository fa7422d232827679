/**
 * A tiny L2-regularised logistic regression, fitted by Newton's method. The detector combines a
 * handful of signals (under ten features), so each Newton step is a small dense solve and a fit
 * on thousands of decisions converges in a few milliseconds, in a worker or in Node. Features are
 * standardised first, so one penalty suits signals of any scale, and missing values (NaN) are
 * imputed with the training mean (0 after standardising).
 */
export interface LogisticModel {
  /** Per-feature mean and standard deviation of the training rows. */
  mean: Float64Array;
  scale: Float64Array;
  /** Weights on standardised features, then the bias. */
  weights: Float64Array;
  bias: number;
}

/** Options of {@link fitLogistic}. */
export interface LogisticOptions {
  /** L2 penalty on the weights (not the bias), relative to the sum of the log-likelihood. */
  l2: number;
  iterations: number;
  /** Weight of each positive row; >1 balances rare positives. */
  positiveWeight?: number;
}

function standardiser(x: Float64Array, rows: number, f: number) {
  const mean = new Float64Array(f);
  const scale = new Float64Array(f);
  for (let j = 0; j < f; j++) {
    let sum = 0;
    let count = 0;
    for (let r = 0; r < rows; r++) {
      const v = x[r * f + j]!;
      if (!Number.isNaN(v)) {
        sum += v;
        count++;
      }
    }
    const mu = count > 0 ? sum / count : 0;
    let sq = 0;
    for (let r = 0; r < rows; r++) {
      const v = x[r * f + j]!;
      if (!Number.isNaN(v)) sq += (v - mu) * (v - mu);
    }
    mean[j] = mu;
    scale[j] = count > 1 && sq > 0 ? Math.sqrt(sq / count) : 1;
  }
  return { mean, scale };
}

/** The standardised value of feature `j`, 0 for NaN. */
function z(model: Pick<LogisticModel, "mean" | "scale">, j: number, v: number): number {
  return Number.isNaN(v) ? 0 : (v - model.mean[j]!) / model.scale[j]!;
}

/** Solves `a x = b` for a small symmetric positive-definite `a` (f x f) by Gaussian elimination. */
function solve(a: Float64Array, b: Float64Array, f: number): Float64Array {
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  for (let p = 0; p < f; p++) {
    const pivot = m[p * f + p]!;
    for (let r = p + 1; r < f; r++) {
      const factor = m[r * f + p]! / pivot;
      for (let c = p; c < f; c++) m[r * f + c]! -= factor * m[p * f + c]!;
      x[r]! -= factor * x[p]!;
    }
  }
  for (let p = f - 1; p >= 0; p--) {
    let s = x[p]!;
    for (let c = p + 1; c < f; c++) s -= m[p * f + c]! * x[c]!;
    x[p] = s / m[p * f + p]!;
  }
  return x;
}

/** Fits `P(y = 1 | x)` on `rows x f` features `x` (row-major) and 0/1 labels `y`. */
export function fitLogistic(
  x: Float64Array,
  y: ArrayLike<number>,
  f: number,
  options: LogisticOptions = { l2: 1, iterations: 25 },
): LogisticModel {
  const rows = y.length;
  const { mean, scale } = standardiser(x, rows, f);
  const model: LogisticModel = { mean, scale, weights: new Float64Array(f), bias: 0 };
  const p = f + 1; // parameters: weights then bias
  const zx = new Float64Array(rows * p);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < f; j++) zx[r * p + j] = z(model, j, x[r * f + j]!);
    zx[r * p + f] = 1;
  }
  const theta = new Float64Array(p);
  const posWeight = options.positiveWeight ?? 1;
  for (let it = 0; it < options.iterations; it++) {
    const grad = new Float64Array(p);
    const hess = new Float64Array(p * p);
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let j = 0; j < p; j++) s += theta[j]! * zx[r * p + j]!;
      const q = 1 / (1 + Math.exp(-s));
      const w = y[r] === 1 ? posWeight : 1;
      const g = w * (q - y[r]!);
      const h = w * Math.max(q * (1 - q), 1e-9);
      for (let j = 0; j < p; j++) {
        grad[j]! += g * zx[r * p + j]!;
        for (let l = 0; l <= j; l++) hess[j * p + l]! += h * zx[r * p + j]! * zx[r * p + l]!;
      }
    }
    for (let j = 0; j < p; j++) {
      for (let l = 0; l < j; l++) hess[l * p + j] = hess[j * p + l]!;
      if (j < f) {
        grad[j]! += options.l2 * theta[j]!;
        hess[j * p + j]! += options.l2;
      } else {
        hess[j * p + j]! += 1e-6;
      }
    }
    const step = solve(hess, grad, p);
    let change = 0;
    for (let j = 0; j < p; j++) {
      theta[j]! -= step[j]!;
      change = Math.max(change, Math.abs(step[j]!));
    }
    if (change < 1e-7) break;
  }
  model.weights.set(theta.subarray(0, f));
  model.bias = theta[f]!;
  return model;
}

/** `P(y = 1)` for each row of `x` (`rows x f`, row-major). */
export function predictLogistic(model: LogisticModel, x: Float64Array, f: number): Float32Array {
  const rows = x.length / f;
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = model.bias;
    for (let j = 0; j < f; j++) s += model.weights[j]! * z(model, j, x[r * f + j]!);
    out[r] = 1 / (1 + Math.exp(-s));
  }
  return out;
}
