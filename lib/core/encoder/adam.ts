import type { SparseRowGradient } from "./static-model";

export interface AdamOptions {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/**
 * Adam with sparse ("lazy") row updates: only rows with a gradient this step have their moments
 * decayed and their weights moved. A batch touches a few hundred of tens of thousands of rows, so
 * dense Adam would spend almost all its time decaying zeros; rare tokens keep their momentum
 * until they are seen again, which is the usual trade-off (TensorFlow's LazyAdam). Bias
 * correction uses the global step count. Rows in `frozenRows` never move.
 */
export class SparseAdam {
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private step = 0;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  learningRate: number;

  constructor(
    private readonly weights: Float32Array,
    private readonly dim: number,
    options: AdamOptions,
    private readonly frozenRows: ReadonlySet<number> = new Set(),
  ) {
    this.m = new Float32Array(weights.length);
    this.v = new Float32Array(weights.length);
    this.learningRate = options.learningRate;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
  }

  /** Applies one update from `gradient` (its touched rows) and leaves the gradient untouched. */
  update(gradient: SparseRowGradient): void {
    this.step++;
    const { beta1, beta2, epsilon, dim, m, v, weights } = this;
    const stepSize =
      (this.learningRate * Math.sqrt(1 - Math.pow(beta2, this.step))) /
      (1 - Math.pow(beta1, this.step));
    const g = gradient.values;
    for (const row of gradient.touched) {
      if (this.frozenRows.has(row)) continue;
      const o = row * dim;
      for (let k = o; k < o + dim; k++) {
        const gk = g[k]!;
        m[k] = beta1 * m[k]! + (1 - beta1) * gk;
        v[k] = beta2 * v[k]! + (1 - beta2) * gk * gk;
        weights[k]! -= (stepSize * m[k]!) / (Math.sqrt(v[k]!) + epsilon);
      }
    }
  }
}
