import type { DetectorInput, Signals } from "./types";

/** The best replacement labels per creative, best first (-1 / 0 where fewer exist). */
export interface Suggestions {
  count: number;
  /** `[n, count]` label indices. */
  labels: Int32Array;
  /** `[n, count]` scores in [0, 1]. */
  scores: Float32Array;
}

/** Weight of the generative model's nearest label among the candidates. */
const generativeBonus = 0.1;

/**
 * Replacement labels for each creative, never its predicted label: the softmax probability of
 * each of its top labels averaged with the similarity-weighted vote of its nearest trusted
 * creatives (the label space and the creatives' own neighbourhood often disagree, and each is
 * right where the other fails), plus a small bonus for the label nearest to the generative
 * label. Candidates are the top labels, the neighbours' labels and the generative label's.
 */
export function suggestLabels(signals: Signals, input: DetectorInput, count = 5): Suggestions {
  const { n, topK, neighbours, temperature } = signals;
  const labels = new Int32Array(n * count).fill(-1);
  const scores = new Float32Array(n * count);
  const refLabels = input.reference?.labels;
  const candidate = new Map<number, number>();
  for (let c = 0; c < n; c++) {
    candidate.clear();
    const logZ = signals.logPartition[c]!;
    for (let t = 0; t < topK; t++) {
      const label = signals.topLabels[c * topK + t]!;
      if (label < 0) break;
      candidate.set(label, 0.5 * Math.exp(signals.topSims[c * topK + t]! / temperature - logZ));
    }
    if (refLabels) {
      let total = 0;
      for (let t = 0; t < neighbours; t++) {
        if (signals.neighbourRows[c * neighbours + t]! < 0) break;
        total += Math.max(signals.neighbourSims[c * neighbours + t]!, 0) + 1e-6;
      }
      for (let t = 0; t < neighbours; t++) {
        const row = signals.neighbourRows[c * neighbours + t]!;
        if (row < 0) break;
        const label = refLabels[row]!;
        const w = (Math.max(signals.neighbourSims[c * neighbours + t]!, 0) + 1e-6) / total;
        candidate.set(label, (candidate.get(label) ?? 0) + 0.5 * w);
      }
    }
    const g = signals.generativeNearest[c]!;
    if (g >= 0) candidate.set(g, (candidate.get(g) ?? 0) + generativeBonus);
    candidate.delete(input.predicted[c]!);
    const ranked = [...candidate.entries()].sort((a, b) => b[1] - a[1]).slice(0, count);
    ranked.forEach(([label, score], r) => {
      labels[c * count + r] = label;
      scores[c * count + r] = Math.min(score, 1);
    });
  }
  return { count, labels, scores };
}
