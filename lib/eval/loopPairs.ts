import type { AdapterTrainingSet } from "@/lib/core/adaptation/trainAdapter";
import type { DecisionOutcome } from "@/lib/core/detector/types";
import { planTrainingPairs } from "@/lib/core/trainingPairs";

/** A simulated annotator's answer: the true label (-1: a label the taxonomy lacks). */
export interface LoopDecision {
  outcome: DecisionOutcome;
  label: number;
}

/**
 * The loop's training set, built as the app builds it: each decision's pairs from the product's
 * own `planTrainingPairs` (chosen label 0.9, the rejected label and the strongest wrong
 * suggestion 0.1, text-text positives), plus the imported labels of creatives nobody flagged
 * and the seed's labels, weighted lower. A new-label decision pushes its text away from the
 * label it was given (the new label has no vector yet).
 * Rows: labels first, then pool texts, then seed texts.
 */
export function loopPairs(input: {
  dim: number;
  base: { labels: Float32Array; pool: Float32Array; seed: Float32Array };
  predicted: Int32Array;
  decided: Map<number, LoopDecision>;
  imported: readonly number[];
  importedWeight: number;
  seedLabels: Int32Array;
  nearestWrong: (creative: number) => number;
}): AdapterTrainingSet {
  const { dim, base } = input;
  const m = base.labels.length / dim;
  const n = base.pool.length / dim;
  const poolRow = (i: number) => m + i;
  const seedRow = (i: number) => m + n + i;
  const left: number[] = [];
  const right: number[] = [];
  const target: number[] = [];
  const weight: number[] = [];
  const groups: number[] = [];
  const push = (a: number, b: number, t: number, w: number, g: number) => {
    left.push(a);
    right.push(b);
    target.push(t);
    weight.push(w);
    groups.push(g);
  };
  const byLabel = new Map<number, number[]>();
  for (const [i, d] of input.decided) {
    const predicted = input.predicted[i]!;
    if (d.label < 0) {
      if (predicted >= 0) push(poolRow(i), predicted, 0.1, 1, i);
      continue;
    }
    const wrong = input.nearestWrong(i);
    const pairs = planTrainingPairs({
      action: d.outcome === "confirmed" ? "accept" : "pick",
      chosenLabelId: d.label,
      rejectedLabelId: d.outcome === "corrected" ? predicted : undefined,
      strongestWrongLabelId: wrong >= 0 ? wrong : undefined,
      hasImage: false,
      sameLabelCreativeIds: byLabel.get(d.label) ?? [],
    });
    for (const p of pairs) {
      if (p.otherLabelId !== undefined) push(poolRow(i), p.otherLabelId, p.target, 1, i);
      else if (p.otherCreativeId !== undefined) {
        push(poolRow(i), poolRow(p.otherCreativeId), p.target, 1, i);
      }
    }
    byLabel.set(d.label, [i, ...(byLabel.get(d.label) ?? [])]);
  }
  for (const i of input.imported) {
    if (input.predicted[i]! >= 0)
      push(poolRow(i), input.predicted[i]!, 0.9, input.importedWeight, i);
  }
  input.seedLabels.forEach((label, i) =>
    push(seedRow(i), label, 0.9, input.importedWeight, -1 - i),
  );
  const vectors = new Float32Array(base.labels.length + base.pool.length + base.seed.length);
  vectors.set(base.labels);
  vectors.set(base.pool, base.labels.length);
  vectors.set(base.seed, base.labels.length + base.pool.length);
  return {
    dim,
    vectors,
    labelRows: Int32Array.from({ length: m }, (_, j) => j),
    pairs: {
      left: Int32Array.from(left),
      right: Int32Array.from(right),
      target: Float32Array.from(target),
      weight: Float32Array.from(weight),
    },
    groups: Int32Array.from(groups),
  };
}
