import type { FuzzyEdges } from "./fuzzyGraph";
import type { Random } from "./random";

/**
 * UMAP's layout optimisation (stochastic gradient descent with negative sampling), the loop of
 * umap-js's `optimizeLayoutStep` on a flat Float32Array of coordinates instead of an array of
 * arrays, one epoch per `step()` so the caller can stream the layout and stop between epochs.
 */

/** Curve parameters for spread 1, minDist 0.1 (what umap-js fits with findABParams). */
export const defaultCurve = { a: 1.5769434603113077, b: 0.8950608779109733 } as const;

const clipValue = 4;
// `Math.exp(b * Math.log(x))` instead of `Math.pow(x, b)`: measured about twice as fast in V8,
// and the power is the most frequent operation of every epoch.

function clip(x: number): number {
  return x > clipValue ? clipValue : x < -clipValue ? -clipValue : x;
}

/** Options of {@link LayoutOptimizer}. */
export interface LayoutOptions {
  nEpochs: number;
  random: Random;
  a?: number;
  b?: number;
  negativeSampleRate?: number;
  repulsionStrength?: number;
  learningRate?: number;
}

/** Runs the epochs of one layout; `coordinates` (`[n, 2]`) moves in place. */
export class LayoutOptimizer {
  readonly nEpochs: number;
  epoch = 0;
  private readonly a: number;
  private readonly b: number;
  private readonly gamma: number;
  private readonly learningRate: number;
  private readonly epochsPerSample: Float64Array;
  private readonly epochsPerNegative: Float64Array;
  private readonly nextSample: Float64Array;
  private readonly nextNegative: Float64Array;

  constructor(
    private readonly edges: FuzzyEdges,
    readonly coordinates: Float32Array,
    private readonly options: LayoutOptions,
  ) {
    this.nEpochs = options.nEpochs;
    this.a = options.a ?? defaultCurve.a;
    this.b = options.b ?? defaultCurve.b;
    this.gamma = options.repulsionStrength ?? 1;
    this.learningRate = options.learningRate ?? 1;
    const negativeRate = options.negativeSampleRate ?? 5;
    const { count, weight } = edges;
    let max = 0;
    for (let e = 0; e < count; e++) max = Math.max(max, weight[e]!);
    this.epochsPerSample = new Float64Array(count);
    this.epochsPerNegative = new Float64Array(count);
    for (let e = 0; e < count; e++) {
      this.epochsPerSample[e] = max / weight[e]!;
      this.epochsPerNegative[e] = this.epochsPerSample[e]! / negativeRate;
    }
    this.nextSample = this.epochsPerSample.slice();
    this.nextNegative = this.epochsPerNegative.slice();
  }

  get done(): boolean {
    return this.epoch >= this.nEpochs;
  }

  /** Runs one epoch (no-op once done). */
  step(): void {
    if (this.done) return;
    const n = this.epoch;
    const { head, tail, count } = this.edges;
    const y = this.coordinates;
    const { a, b, gamma } = this;
    const { epochsPerSample, epochsPerNegative, nextSample, nextNegative } = this;
    const vertices = this.edges.n;
    // Negative samples draw from an inlined xorshift32 seeded from the seeded generator each
    // epoch: a function call per draw measured as the single largest cost of an epoch.
    let state = (this.options.random() * 4294967296) >>> 0 || 1;
    const alpha = this.learningRate * (1 - n / this.nEpochs);
    for (let e = 0; e < count; e++) {
      if (nextSample[e]! > n) continue;
      const j = head[e]!;
      const k = tail[e]!;
      let dx = y[2 * j]! - y[2 * k]!;
      let dy = y[2 * j + 1]! - y[2 * k + 1]!;
      let d2 = dx * dx + dy * dy;
      if (d2 > 0) {
        const pb = Math.exp(b * Math.log(d2));
        const coeff = (-2 * a * b * (pb / d2)) / (a * pb + 1);
        const gx = clip(coeff * dx) * alpha;
        const gy = clip(coeff * dy) * alpha;
        y[2 * j]! += gx;
        y[2 * j + 1]! += gy;
        y[2 * k]! -= gx;
        y[2 * k + 1]! -= gy;
      }
      nextSample[e]! += epochsPerSample[e]!;
      const negatives = Math.floor((n - nextNegative[e]!) / epochsPerNegative[e]!);
      for (let p = 0; p < negatives; p++) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        const o = (state >>> 0) % vertices;
        if (o === j) continue;
        dx = y[2 * j]! - y[2 * o]!;
        dy = y[2 * j + 1]! - y[2 * o + 1]!;
        d2 = dx * dx + dy * dy;
        if (d2 > 0) {
          const coeff = (2 * gamma * b) / ((0.001 + d2) * (a * Math.exp(b * Math.log(d2)) + 1));
          y[2 * j]! += clip(coeff * dx) * alpha;
          y[2 * j + 1]! += clip(coeff * dy) * alpha;
        } else {
          y[2 * j]! += clipValue * alpha;
          y[2 * j + 1]! += clipValue * alpha;
        }
      }
      nextNegative[e]! += negatives * epochsPerNegative[e]!;
    }
    this.epoch++;
  }
}

/**
 * Epochs for `n` points. Fewer than umap-js's 200-500 because the layout starts from PCA instead
 * of random positions: on 5,000 clustered points trustworthiness was 0.993 after 50 epochs and
 * after 300 alike (kNN recall 0.163 vs 0.174), while each epoch costs a fixed share of the time.
 */
export function defaultEpochs(n: number): number {
  if (n <= 5_000) return 200;
  if (n <= 20_000) return 120;
  if (n <= 50_000) return 100;
  return 80;
}
