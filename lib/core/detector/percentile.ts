/**
 * Percentile ranks: the unsupervised way to put signals of different scales on one footing.
 * Averaging ranks is what the prototype found best with no labelled examples, and the result is
 * a score in [0, 1] that reads as "more suspicious than this share of creatives".
 */

/**
 * The rank of each value among all values, scaled to [0, 1] (ties share their mean rank). NaN
 * values get 0.5: a missing signal neither raises nor lowers a creative.
 */
export function percentileRanks(values: ArrayLike<number>): Float32Array {
  const n = values.length;
  const out = new Float32Array(n).fill(0.5);
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (!Number.isNaN(values[i]!)) order.push(i);
  order.sort((a, b) => values[a]! - values[b]!);
  const count = order.length;
  if (count < 2) return out;
  let start = 0;
  while (start < count) {
    let end = start + 1;
    while (end < count && values[order[end]!] === values[order[start]!]) end++;
    const rank = (start + end - 1) / 2 / (count - 1);
    for (let t = start; t < end; t++) out[order[t]!] = rank;
    start = end;
  }
  return out;
}

/** The mean percentile rank of several signals per creative (each: higher = more suspicious). */
export function meanPercentileRank(signals: readonly ArrayLike<number>[], n: number): Float32Array {
  const out = new Float32Array(n);
  if (signals.length === 0) return out;
  for (const signal of signals) {
    const ranks = percentileRanks(signal);
    for (let i = 0; i < n; i++) out[i]! += ranks[i]! / signals.length;
  }
  return out;
}
