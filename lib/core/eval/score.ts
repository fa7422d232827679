import { meanPercentileRank } from "@/lib/core/detector/percentile";
import { auroc, averagePrecision, hitRateAtK, precisionAtK } from "./metrics";

/** One method's numbers on one dataset and noise mode. */
export interface MethodScores {
  wrongAuroc: number;
  wrongAp: number;
  newAuroc: number;
  newAp: number;
  /** Precision of the first k queue items, k = number of true issues (wrong + new). */
  pAtK: number;
  /** Share of wrong-labelled items whose true label is among the first 5 suggestions. */
  fixTop5: number;
}

/** Ground truth of the scored items and which of them are test items. */
export interface Truth {
  test: readonly number[];
  wrong: readonly boolean[];
  isNew: readonly boolean[];
  truth: ArrayLike<number>;
}

/**
 * Scores a method on the test items. `wrong_label` is measured on items whose true label exists
 * (a new-label item's prediction is wrong by construction; it is the other flag's business);
 * `new_label` on all test items. The queue puts both flags together: `queue` when the method
 * has one order, else the mean percentile rank of its two scores.
 */
export function scoreMethod(
  t: Truth,
  scores: { wrong: ArrayLike<number>; new: ArrayLike<number>; queue?: ArrayLike<number> },
  suggestions?: { labels: Int32Array; count: number },
): MethodScores {
  const known = t.test.filter((i) => !t.isNew[i]);
  const pickScores = (s: ArrayLike<number>, rows: readonly number[]) => rows.map((i) => s[i]!);
  const queue =
    scores.queue ??
    meanPercentileRank(
      [pickScores(scores.wrong, t.test), pickScores(scores.new, t.test)],
      t.test.length,
    );
  const queueOfTest = scores.queue ? pickScores(scores.queue, t.test) : Array.from(queue);
  const wrongItems = t.test.filter((i) => t.wrong[i]);
  return {
    wrongAuroc: auroc(
      pickScores(scores.wrong, known),
      known.map((i) => t.wrong[i]!),
    ),
    wrongAp: averagePrecision(
      pickScores(scores.wrong, known),
      known.map((i) => t.wrong[i]!),
    ),
    newAuroc: auroc(
      pickScores(scores.new, t.test),
      t.test.map((i) => t.isNew[i]!),
    ),
    newAp: averagePrecision(
      pickScores(scores.new, t.test),
      t.test.map((i) => t.isNew[i]!),
    ),
    pAtK: precisionAtK(
      queueOfTest,
      t.test.map((i) => t.wrong[i]! || t.isNew[i]!),
    ),
    fixTop5: suggestions
      ? hitRateAtK(suggestions.labels, suggestions.count, t.truth, wrongItems, 5)
      : NaN,
  };
}
