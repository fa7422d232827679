import { fitLogistic, predictLogistic, type LogisticModel } from "./logistic";
import { auroc } from "@/lib/core/eval/metrics";
import { meanPercentileRank } from "./percentile";
import type { CombinerKind, Decision, DetectorInput, FlagName, Signals } from "./types";

/** One detector feature: a name and a per-creative value where higher means more suspicious. */
export interface Feature {
  name: string;
  values: Float32Array;
}

/** Maps every value of a signal; NaN stays NaN. */
function map(values: Float32Array, f: (v: number) => number): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = f(values[i]!);
  return out;
}

const hasAny = (values: Float32Array) => values.some((v) => !Number.isNaN(v));
const negLog = (v: number) => -Math.log(v + 1e-9);

/**
 * Features of the `wrong_label` flag. Self-confidence carries most of the signal (the prototype's
 * confident-learning finding); rank, the gap to the best label, neighbour disagreement and the
 * centroid distance add what cosine-to-label alone misses under confusion-driven noise.
 */
export function wrongLabelFeatures(signals: Signals, input: DetectorInput): Feature[] {
  const gap = new Float32Array(signals.n);
  for (let i = 0; i < signals.n; i++) gap[i] = signals.bestSim[i]! - signals.simPredicted[i]!;
  const features: Feature[] = [
    { name: "self_confidence", values: map(signals.selfConfidence, negLog) },
    { name: "rank", values: map(Float32Array.from(signals.rankPredicted), Math.log) },
    { name: "gap_to_best", values: gap },
    { name: "sim_predicted", values: map(signals.simPredicted, (v) => -v) },
    { name: "knn_disagreement", values: signals.knnDisagreement },
    { name: "centroid_distance", values: signals.centroidDistance },
    { name: "centroid_confidence", values: map(signals.centroidConfidence, negLog) },
    { name: "generative_disagreement", values: map(signals.generativeSimPredicted, (v) => 1 - v) },
    // Image signals exist only with a multimodal model's image vectors (all NaN otherwise, so
    // they are dropped below and nothing changes for text-only data).
    { name: "image_rank", values: map(signals.imageRankPredicted, Math.log) },
    { name: "image_sim_predicted", values: map(signals.imageSimPredicted, (v) => -v) },
    { name: "image_text_distance", values: map(signals.imageSimText, (v) => 1 - v) },
  ];
  if (input.predictedScores) {
    features.push({ name: "classifier_doubt", values: map(input.predictedScores, (v) => 1 - v) });
  }
  const head = signals.head;
  if (head) {
    features.push(
      { name: "head_self_confidence", values: map(head.selfConfidence, negLog) },
      { name: "head_margin", values: map(head.margin, (v) => -v) },
      { name: "head_confident_joint", values: head.confidentJoint },
    );
  }
  return features.filter((f) => hasAny(f.values));
}

/**
 * Features of the `new_label` flag. The neighbour distance to trusted creatives is the robust
 * core (it does not depend on the predicted label); distance to the best label, low confidence
 * and a generative label far from every label add to it.
 */
export function newLabelFeatures(signals: Signals): Feature[] {
  const features: Feature[] = [
    { name: "sim_predicted", values: map(signals.simPredicted, (v) => -v) },
    { name: "centroid_confidence", values: map(signals.centroidConfidence, negLog) },
    { name: "knn_disagreement", values: signals.knnDisagreement },
    { name: "knn_distance", values: signals.knnDistance },
    { name: "best_label_distance", values: map(signals.bestSim, (v) => 1 - v) },
    { name: "self_confidence", values: map(signals.selfConfidence, negLog) },
    { name: "max_probability", values: map(signals.maxProbability, negLog) },
    { name: "small_margin", values: map(signals.margin, (v) => -v) },
    { name: "generative_far", values: map(signals.generativeNearestSim, (v) => 1 - v) },
    { name: "image_best_label_distance", values: map(signals.imageBestSim, (v) => 1 - v) },
  ];
  const head = signals.head;
  if (head) {
    features.push(
      { name: "head_max_probability", values: map(head.maxProbability, negLog) },
      { name: "head_entropy", values: head.entropy },
    );
  }
  features.push(
    { name: "peer_excess", values: signals.peers.peerExcess },
    { name: "peer_novelty", values: signals.peers.peerNovelty },
    { name: "peer_sim", values: signals.peers.peerSim },
  );
  return features.filter((f) => hasAny(f.values));
}

/**
 * Signals averaged as percentile ranks when no decisions exist (the prototype's best). The
 * image's rank of the predicted label joins them only where image vectors exist (a creative
 * without an image gets the neutral 0.5 for it, see `percentileRanks`).
 */
export const unsupervisedFeatures: Record<FlagName, readonly string[]> = {
  wrong_label: ["self_confidence", "knn_disagreement", "gap_to_best", "image_rank"],
  new_label: ["knn_distance", "best_label_distance", "self_confidence"],
};

/**
 * The head's signals that join the rank average once decisions exist (where the combiner's
 * cross-validation can also drop the average). Before any decision the average leaves them out:
 * on the demo's first session, queue precision@200 was 0.940 with them and 0.965 without; with
 * calibration decisions, Amazon toys' hard-noise wrong-label AP fell on seed 2 without them
 * (0.537 against the TF-IDF baseline's 0.543).
 */
export const headRankFeatures: Record<FlagName, readonly string[]> = {
  wrong_label: ["head_self_confidence"],
  new_label: ["head_entropy"],
};

/** A flag's score per creative and how it was made. */
export interface FlagScores {
  score: Float32Array;
  kind: CombinerKind;
  features: string[];
  model?: LogisticModel;
  /** Which combiner the decisions chose (cross-validated), where decisions exist. */
  choice?: "logistic" | "percentile" | "blend";
  /** The logistic model's probability alone, where one was fitted. */
  probability?: Float32Array;
  /** The signals of the rank average (alone, or the blend's other half). */
  rankFeatures: string[];
}

/** The 0/1 target of a decision for a flag, or undefined when the decision says nothing about it. */
export function decisionTarget(flag: FlagName, decision: Decision): 0 | 1 | undefined {
  if (flag === "new_label") return decision.outcome === "new_label" ? 1 : 0;
  if (decision.outcome === "new_label") return undefined;
  return decision.outcome === "corrected" ? 1 : 0;
}

function matrix(features: readonly Feature[], rows: ArrayLike<number>): Float64Array {
  const f = features.length;
  const x = new Float64Array(rows.length * f);
  for (let r = 0; r < rows.length; r++) {
    for (let j = 0; j < f; j++) x[r * f + j] = features[j]!.values[rows[r]!]!;
  }
  return x;
}

/** Folds of the cross-validation that picks a combiner. */
const folds = 5;

/** The three ways to score a flag once decisions exist. */
type Candidate = "logistic" | "percentile" | "blend";

/**
 * Cross-validated choice of combiner on the decisions: each fold's logistic is fitted on the
 * other folds and scores every creative (the blend needs its percentile ranks over all of them);
 * the candidate with the best held-out AUROC wins (steadier than average precision on a few
 * dozen positives: selecting on AUROC + AP picked the logistic on CLINC150's hard noise, where it
 * lost AUROC on the test split). A logistic fitted on a few dozen corrections sharpens the top of
 * the queue; the rank average of the strongest signals is robust in the tail; which matters more
 * depends on the data and the flag, so the decisions decide.
 */
function chooseCombiner(
  features: readonly Feature[],
  x: Float64Array,
  y: readonly number[],
  rows: readonly number[],
  unsupervised: Float32Array,
  all: Float64Array,
  l2: number,
): Candidate {
  const f = features.length;
  const n = unsupervised.length;
  const held: Record<Candidate, number[]> = { logistic: [], percentile: [], blend: [] };
  const truth: boolean[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const trainAt = y.flatMap((_, i) => (i % folds === fold ? [] : [i]));
    const testAt = y.flatMap((_, i) => (i % folds === fold ? [i] : []));
    const xt = new Float64Array(trainAt.length * f);
    trainAt.forEach((r, i) => xt.set(x.subarray(r * f, (r + 1) * f), i * f));
    const model = fitLogistic(
      xt,
      trainAt.map((i) => y[i]!),
      f,
      { l2, iterations: 30 },
    );
    const probability = predictLogistic(model, all, f);
    const blend = meanPercentileRank([probability, unsupervised], n);
    for (const i of testAt) {
      const c = rows[i]!;
      held.logistic.push(probability[c]!);
      held.percentile.push(unsupervised[c]!);
      held.blend.push(blend[c]!);
      truth.push(y[i] === 1);
    }
  }
  const value = (c: Candidate) => auroc(held[c], truth);
  const ranked = (["blend", "logistic", "percentile"] as const).map((c) => ({ c, v: value(c) }));
  return ranked.reduce((best, next) => (next.v > best.v ? next : best)).c;
}

/**
 * Scores a flag. Without enough decisions (fewer than `minPerClass` of either class): the mean
 * percentile rank of the strongest unsupervised signals. With them: a logistic regression on all
 * features fitted on the decisions, that rank average, or their blend (mean percentile rank),
 * whichever cross-validates best on the decisions. Every choice gives a score in [0, 1].
 */
export function combineFlag(
  flag: FlagName,
  features: readonly Feature[],
  n: number,
  decisions: readonly Decision[],
  options: { minPerClass: number; l2: number },
): FlagScores {
  const rows: number[] = [];
  const y: number[] = [];
  for (const d of decisions) {
    const target = decisionTarget(flag, d);
    if (target === undefined || d.creative < 0 || d.creative >= n) continue;
    rows.push(d.creative);
    y.push(target);
  }
  const positives = y.reduce((a, b) => a + b, 0);
  const decided = positives >= options.minPerClass && y.length - positives >= options.minPerClass;
  const names = decided
    ? [...unsupervisedFeatures[flag], ...headRankFeatures[flag]]
    : unsupervisedFeatures[flag];
  const chosen = features.filter((f) => names.includes(f.name));
  const used = chosen.length > 0 ? chosen : features;
  const unsupervised = meanPercentileRank(
    used.map((f) => f.values),
    n,
  );
  if (!decided) {
    const rankFeatures = used.map((f) => f.name);
    return { score: unsupervised, kind: "percentile", features: rankFeatures, rankFeatures };
  }
  const x = matrix(features, rows);
  const all = matrix(
    features,
    Int32Array.from({ length: n }, (_, i) => i),
  );
  const choice = chooseCombiner(features, x, y, rows, unsupervised, all, options.l2);
  const model = fitLogistic(x, y, features.length, { l2: options.l2, iterations: 30 });
  const probability = predictLogistic(model, all, features.length);
  const score =
    choice === "logistic"
      ? probability
      : choice === "percentile"
        ? unsupervised
        : meanPercentileRank([probability, unsupervised], n);
  return {
    score,
    kind: "logistic",
    choice,
    features: features.map((f) => f.name),
    model,
    probability,
    rankFeatures: used.map((f) => f.name),
  };
}
