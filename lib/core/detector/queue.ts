import { createPrng } from "@/lib/core/encoder/prng";
import { rowDot } from "@/lib/core/linalg/rows";

/**
 * Queue orders over creative indices. Each strategy returns a permutation (Int32Array) so the
 * server can store it and page through it; ties keep index order, so an order is reproducible.
 */

/** Highest score first (the default queue: detector score). NaN scores go last. */
export function orderByScore(scores: ArrayLike<number>): Int32Array {
  const key = (i: number) => (Number.isNaN(scores[i]!) ? -Infinity : scores[i]!);
  return Int32Array.from({ length: scores.length }, (_, i) => i).sort(
    (a, b) => key(b) - key(a) || a - b,
  );
}

/**
 * Smallest margin between the two best labels first: the items the model is least sure about,
 * the classic active-learning order, whose decisions teach the encoder the most.
 */
export function orderByUncertainty(margin: ArrayLike<number>): Int32Array {
  const key = (i: number) => (Number.isNaN(margin[i]!) ? Infinity : margin[i]!);
  return Int32Array.from({ length: margin.length }, (_, i) => i).sort(
    (a, b) => key(a) - key(b) || a - b,
  );
}

/** A seeded shuffle: the baseline every other order must beat. */
export function orderRandom(n: number, seed: number): Int32Array {
  const prng = createPrng(seed);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = prng.nextInt(i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

/** Options of {@link diversifyOrder}. */
export interface DiversityOptions {
  /** Weight of the original order against novelty (maximal marginal relevance). */
  lambda: number;
  /** How many upcoming items compete for the next slot: the furthest an item moves up. */
  lookahead: number;
  /** How many recently shown items a candidate must differ from. */
  window: number;
  /** Diversify only the first `limit` items (an annotator never reaches the tail). */
  limit: number;
}

export const defaultDiversityOptions: DiversityOptions = {
  lambda: 0.5,
  lookahead: 20,
  window: 5,
  limit: 5000,
};

/**
 * Re-orders a queue so an annotator does not see near-duplicates in a row: maximal marginal
 * relevance over a sliding window. Among the next `lookahead` items, the next shown is the one
 * maximising `lambda * relevance - (1 - lambda) * max cosine to the last `window` shown`, where
 * relevance falls linearly with position in the original order. Items move at most `lookahead`
 * places up, so the strategy's order (score, uncertainty, random) is mostly kept.
 */
export function diversifyOrder(
  order: Int32Array,
  embeddings: Float32Array,
  dim: number,
  options: Partial<DiversityOptions> = {},
): Int32Array {
  const o = { ...defaultDiversityOptions, ...options };
  const limit = Math.min(o.limit, order.length);
  const out = new Int32Array(order.length);
  out.set(order.subarray(limit), limit);
  const buffer: number[] = [];
  let next = 0;
  for (let slot = 0; slot < limit; slot++) {
    while (buffer.length < o.lookahead && next < limit) buffer.push(next++);
    let bestAt = 0;
    let bestValue = -Infinity;
    for (let b = 0; b < buffer.length; b++) {
      const item = order[buffer[b]!]!;
      let maxSim = 0;
      for (let w = Math.max(0, slot - o.window); w < slot; w++) {
        maxSim = Math.max(maxSim, rowDot(embeddings, item, embeddings, out[w]!, dim));
      }
      const relevance = 1 - (buffer[b]! - slot) / o.lookahead;
      const value = o.lambda * relevance - (1 - o.lambda) * maxSim;
      if (value > bestValue) {
        bestValue = value;
        bestAt = b;
      }
    }
    out[slot] = order[buffer[bestAt]!]!;
    buffer.splice(bestAt, 1);
  }
  return out;
}
