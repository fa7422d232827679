import { decisionTarget } from "./combine";
import type { CombinerKind, Decision, FlagName } from "./types";

/**
 * Flag thresholds: defaults that work before anyone has decided anything, then thresholds
 * calibrated on annotator decisions: one global per flag, and one per predicted label for the
 * `wrong_label` flag once that label has enough decided creatives of both kinds (labels differ:
 * a broad label's creatives sit farther from its embedding than a narrow one's).
 */

/**
 * Default thresholds, used until decisions calibrate them: both combiners give a mean percentile
 * rank, and 0.9 flags roughly the most suspicious tenth, about the share of wrong and missing
 * labels in a typical classifier's output.
 */
export const defaultFlagThreshold = 0.9;

/** What a threshold would do on decided creatives: the numbers the analyst page shows. */
export interface ThresholdStats {
  threshold: number;
  flagged: number;
  truePositives: number;
  positives: number;
  precision: number;
  recall: number;
}

/** Flagged = `score >= threshold`; `positive[i]` is what annotators decided. */
export function thresholdStats(
  scores: ArrayLike<number>,
  positive: ArrayLike<boolean>,
  threshold: number,
): ThresholdStats {
  let flagged = 0;
  let truePositives = 0;
  let positives = 0;
  for (let i = 0; i < scores.length; i++) {
    const hit = scores[i]! >= threshold;
    if (positive[i]) positives++;
    if (hit) flagged++;
    if (hit && positive[i]) truePositives++;
  }
  return {
    threshold,
    flagged,
    truePositives,
    positives,
    precision: flagged === 0 ? 1 : truePositives / flagged,
    recall: positives === 0 ? 1 : truePositives / positives,
  };
}

/**
 * The threshold that maximises F1 on decided creatives (or, with `minPrecision`, the lowest one
 * whose precision reaches it, to catch the most issues at an acceptable review cost). Undefined
 * when the decisions hold no positive.
 */
export function calibrateThreshold(
  scores: ArrayLike<number>,
  positive: ArrayLike<boolean>,
  options: { minPrecision?: number } = {},
): number | undefined {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort(
    (a, b) => scores[b]! - scores[a]!,
  );
  const positives = order.filter((i) => positive[i]).length;
  if (positives === 0) return undefined;
  let tp = 0;
  let best: number | undefined;
  let bestValue = -1;
  for (let r = 0; r < order.length; r++) {
    const i = order[r]!;
    if (positive[i]) tp++;
    const next = order[r + 1];
    if (next !== undefined && scores[next] === scores[i]) continue; // cut only between values
    const precision = tp / (r + 1);
    const recall = tp / positives;
    const value =
      options.minPrecision === undefined
        ? (2 * precision * recall) / (precision + recall || 1)
        : precision >= options.minPrecision
          ? recall
          : -1;
    if (value > bestValue) {
      bestValue = value;
      best = scores[i]!;
    }
  }
  return bestValue < 0 ? undefined : best;
}

/** Decided creatives below the default threshold needed before decisions may raise it. */
const coverBelowDefault = 10;

export interface Thresholds {
  global: Record<FlagName, number>;
  /** `wrong_label` thresholds by predicted label index, where calibrated. */
  perLabel: Map<number, number>;
}

/**
 * Calibrates both flags' thresholds from decisions, falling back to the defaults where the
 * decisions say nothing. `minPerLabel` decided creatives (with at least one correction) of a
 * predicted label earn it its own `wrong_label` threshold.
 */
export function calibrateThresholds(
  scores: Record<FlagName, { score: Float32Array; kind: CombinerKind }>,
  decisions: readonly Decision[],
  predicted: Int32Array,
  options: { minPerLabel?: number; minPrecision?: number } = {},
): Thresholds {
  const minPerLabel = options.minPerLabel ?? 20;
  const floors = {
    wrong_label: topShareScore(scores.wrong_label.score),
    new_label: topShareScore(scores.new_label.score),
  };
  const calibrate = (flag: FlagName, subset: readonly Decision[]) => {
    const rows = subset.filter((d) => decisionTarget(flag, d) !== undefined);
    const values = rows.map((d) => scores[flag].score[d.creative]!);
    const positive = rows.map((d) => decisionTarget(flag, d) === 1);
    const cut = calibrateThreshold(values, positive, options);
    if (cut === undefined) return undefined;
    // The queue serves its highest scores first, so decisions cover the top of the ranking and
    // say little below it: a cut above the default is trusted only where enough decided creatives
    // score below the default to show precision falling there (measured on the demo: after 100
    // decisions from the top of the queue the F1 cut left 17 of 213 remaining issues queued).
    const below = values.filter((v) => v < floors[flag]).length;
    return below >= coverBelowDefault ? cut : Math.min(cut, floors[flag]);
  };
  const global = {
    wrong_label: calibrate("wrong_label", decisions) ?? defaultFlagThreshold,
    new_label: calibrate("new_label", decisions) ?? defaultFlagThreshold,
  };
  const byLabel = new Map<number, Decision[]>();
  for (const d of decisions) {
    const label = predicted[d.creative] ?? -1;
    if (label < 0 || d.outcome === "new_label") continue;
    byLabel.set(label, [...(byLabel.get(label) ?? []), d]);
  }
  const perLabel = new Map<number, number>();
  for (const [label, subset] of byLabel) {
    if (subset.length < minPerLabel) continue;
    const t = calibrate("wrong_label", subset);
    if (t !== undefined) perLabel.set(label, t);
  }
  return { global, perLabel };
}

/**
 * The score at the default flagged share (`1 - defaultFlagThreshold`, the top tenth) of all
 * creatives: the default threshold in the units of whatever combiner made the scores (a logistic
 * probability is not a percentile rank).
 */
function topShareScore(score: Float32Array): number {
  if (score.length === 0) return defaultFlagThreshold;
  const sorted = Float32Array.from(score).sort();
  const at = Math.min(sorted.length - 1, Math.floor(sorted.length * defaultFlagThreshold));
  return sorted[at]!;
}

/** The threshold in force for a flag on a creative predicted as `label`. */
export function thresholdFor(thresholds: Thresholds, flag: FlagName, label: number): number {
  if (flag === "wrong_label") return thresholds.perLabel.get(label) ?? thresholds.global[flag];
  return thresholds.global[flag];
}
