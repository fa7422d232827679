import { CurveTable, defaultCurve } from "./curve";
import type { FuzzyEdges } from "./fuzzyGraph";
import type { Random } from "./random";

export { defaultCurve };

/**
 * UMAP's layout optimisation (stochastic gradient descent with negative sampling), the loop of
 * umap-js's `optimizeLayoutStep` on flat typed arrays, one epoch per `step()` so the caller can
 * stream the layout and stop between epochs. The inner loop allocates nothing and calls no
 * function: gradient coefficients come from a {@link CurveTable} (umap-js evaluates `pow` six
 * times per sample), negative samples from an inlined xorshift32. Everything per edge and per
 * point is float32 (the caller's coordinates move in place): an epoch is bound by memory
 * latency, and halving the bytes measured about 25% faster than float64 on 20,000 points.
 */

const clipValue = 4;

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

/** Runs the epochs of one layout; `coordinates` (`[n, 2]`) is updated after every epoch. */
export class LayoutOptimizer {
  readonly nEpochs: number;
  epoch = 0;
  private readonly curve: CurveTable;
  private readonly learningRate: number;
  private readonly y: Float32Array;
  private readonly epochsPerSample: Float32Array;
  private readonly epochsPerNegative: Float32Array;
  private readonly nextSample: Float32Array;
  private readonly nextNegative: Float32Array;

  constructor(
    private readonly edges: FuzzyEdges,
    readonly coordinates: Float32Array,
    private readonly options: LayoutOptions,
  ) {
    this.nEpochs = options.nEpochs;
    this.curve = new CurveTable(
      options.a ?? defaultCurve.a,
      options.b ?? defaultCurve.b,
      options.repulsionStrength ?? 1,
    );
    this.learningRate = options.learningRate ?? 1;
    this.y = coordinates;
    const negativeRate = options.negativeSampleRate ?? 5;
    const { count, weight } = edges;
    let max = 0;
    for (let e = 0; e < count; e++) max = Math.max(max, weight[e]!);
    this.epochsPerSample = new Float32Array(count);
    this.epochsPerNegative = new Float32Array(count);
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
    const { y, curve, epochsPerSample, epochsPerNegative, nextSample, nextNegative } = this;
    const { attraction, repulsion, perUnit, size } = curve;
    const vertices = this.edges.n;
    const toVertex = vertices / 4294967296;
    // Negative samples draw from an inlined xorshift32 seeded from the seeded generator each
    // epoch: a function call per draw measured as the single largest cost of an epoch.
    let state = (this.options.random() * 4294967296) >>> 0 || 1;
    const alpha = this.learningRate * (1 - n / this.nEpochs);
    for (let e = 0; e < count; e++) {
      if (nextSample[e]! > n) continue;
      const j = 2 * head[e]!;
      const k = 2 * tail[e]!;
      let yj0 = y[j]!;
      let yj1 = y[j + 1]!;
      let dx = yj0 - y[k]!;
      let dy = yj1 - y[k + 1]!;
      let d2 = dx * dx + dy * dy;
      if (d2 > 0) {
        const u = Math.sqrt(d2) * perUnit;
        const i = u | 0;
        let coeff: number;
        if (i >= 1 && i < size) {
          const lo = attraction[i]!;
          coeff = lo + (u - i) * (attraction[i + 1]! - lo);
        } else coeff = curve.attract(d2);
        let gx = coeff * dx;
        let gy = coeff * dy;
        gx = (gx > clipValue ? clipValue : gx < -clipValue ? -clipValue : gx) * alpha;
        gy = (gy > clipValue ? clipValue : gy < -clipValue ? -clipValue : gy) * alpha;
        yj0 += gx;
        yj1 += gy;
        y[k] = y[k]! - gx;
        y[k + 1] = y[k + 1]! - gy;
      }
      nextSample[e]! += epochsPerSample[e]!;
      const negatives = Math.floor((n - nextNegative[e]!) / epochsPerNegative[e]!);
      // The negatives all read the point's position after its attraction and their pushes are
      // summed: no update waits on the previous one, so the CPU overlaps their latencies.
      let px = 0;
      let py = 0;
      for (let p = 0; p < negatives; p++) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        const o = 2 * (((state >>> 0) * toVertex) | 0);
        if (o === j) continue;
        dx = yj0 - y[o]!;
        dy = yj1 - y[o + 1]!;
        d2 = dx * dx + dy * dy;
        if (d2 > 0) {
          const u = Math.sqrt(d2) * perUnit;
          const i = u | 0;
          let coeff: number;
          if (i >= 1 && i < size) {
            const lo = repulsion[i]!;
            coeff = lo + (u - i) * (repulsion[i + 1]! - lo);
          } else coeff = curve.repel(d2);
          const gx = coeff * dx;
          const gy = coeff * dy;
          px += gx > clipValue ? clipValue : gx < -clipValue ? -clipValue : gx;
          py += gy > clipValue ? clipValue : gy < -clipValue ? -clipValue : gy;
        } else {
          px += clipValue;
          py += clipValue;
        }
      }
      yj0 += px * alpha;
      yj1 += py * alpha;
      y[j] = yj0;
      y[j + 1] = yj1;
      nextNegative[e]! += negatives * epochsPerNegative[e]!;
    }
    this.epoch++;
  }
}

/**
 * Epochs for `n` points. Fewer than umap-js's 200-500 because the layout starts from PCA instead
 * of random positions: on 20,000 clustered points trustworthiness was 0.991 after 30, 60 and 120
 * epochs alike, while every epoch costs the same. Large maps get fewer, as in UMAP (500 below
 * 10,000 points, 200 above), since each epoch already moves every point many times.
 */
export function defaultEpochs(n: number): number {
  if (n <= 5_000) return 150;
  if (n <= 20_000) return 80;
  if (n <= 50_000) return 60;
  return 40;
}
