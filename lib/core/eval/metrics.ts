/**
 * Ranking metrics of the evaluation harness. Scores: higher means "more likely an issue"; labels:
 * true for an issue. Ties are handled exactly (AUROC counts a tie as half a win; AP cuts only
 * between distinct scores), so a constant score gets AUROC 0.5 and AP equal to the base rate.
 */

/** Area under the ROC curve: the chance a random issue outscores a random non-issue. */
export function auroc(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort(
    (a, b) => scores[a]! - scores[b]!,
  );
  let positives = 0;
  let rankSum = 0;
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    while (end < order.length && scores[order[end]!] === scores[order[start]!]) end++;
    const midRank = (start + end + 1) / 2; // 1-based mean rank of the tie group
    for (let t = start; t < end; t++) {
      if (positive[order[t]!]) {
        positives++;
        rankSum += midRank;
      }
    }
    start = end;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Average precision: mean precision at each issue's position, reviewing highest scores first. */
export function averagePrecision(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort(
    (a, b) => scores[b]! - scores[a]!,
  );
  const total = order.filter((i) => positive[i]).length;
  if (total === 0) return NaN;
  let tp = 0;
  let seen = 0;
  let ap = 0;
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    while (end < order.length && scores[order[end]!] === scores[order[start]!]) end++;
    let groupTp = 0;
    for (let t = start; t < end; t++) if (positive[order[t]!]) groupTp++;
    tp += groupTp;
    seen = end;
    ap += (groupTp / total) * (tp / seen);
    start = end;
  }
  return ap;
}

/**
 * Precision of the first `k` items of the queue, with `k` the number of true issues (so a
 * perfect queue scores 1 and a random one the issue rate).
 */
export function precisionAtK(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number {
  let k = 0;
  for (let i = 0; i < positive.length; i++) if (positive[i]) k++;
  if (k === 0) return NaN;
  const top = Array.from({ length: scores.length }, (_, i) => i)
    .sort((a, b) => scores[b]! - scores[a]! || a - b)
    .slice(0, k);
  return top.filter((i) => positive[i]).length / k;
}

/** Share of items whose true label is among their first `k` suggestions (`[n, count]` rows). */
export function hitRateAtK(
  suggestions: Int32Array,
  count: number,
  truth: ArrayLike<number>,
  items: readonly number[],
  k: number,
): number {
  if (items.length === 0) return NaN;
  let hits = 0;
  for (const i of items) {
    for (let r = 0; r < Math.min(k, count); r++) {
      if (suggestions[i * count + r] === truth[i]) {
        hits++;
        break;
      }
    }
  }
  return hits / items.length;
}
