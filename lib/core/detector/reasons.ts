import type { DetectorResult } from "./detect";
import {
  describeRelation,
  formatLabelPath,
  labelRelation,
  suggestParent,
  type LabelRelation,
} from "./hierarchy";
import { thresholdFor } from "./thresholds";
import type { DetectorInput, FlagName } from "./types";

/** One flag on one creative, as an annotator sees it. */
export interface FlagExplanation {
  flag: FlagName;
  score: number;
  threshold: number;
  flagged: boolean;
  /** Plain-words reasons, strongest first. */
  reasons: string[];
}

/** Why a creative was flagged and what to do about it. */
export interface CreativeExplanation {
  wrongLabel: FlagExplanation & {
    /** How the best replacement relates to the predicted label (sibling vs cross-branch). */
    relation?: LabelRelation;
  };
  newLabel: FlagExplanation & {
    /** Where a new label would go (segments; empty for the top level). */
    suggestedParent: string[];
  };
  suggestions: { label: number; path: string; score: number }[];
}

const f2 = (v: number) => v.toFixed(2);

/** `1st`, `2nd`, `3rd`, `7th`, `11th`, `22nd`. */
export function ordinal(n: number): string {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${n}th`;
  return `${n}${["th", "st", "nd", "rd"][n % 10] ?? "th"}`;
}

/**
 * Explains creative `i`: each flag's score against its threshold and the signals behind it in
 * words an annotator understands ("predicted label ranks 7th; `Auto Repair > Honda` is closer
 * (0.81 vs 0.52)"), the replacement labels, and where a new label would go.
 */
export function explainCreative(
  result: DetectorResult,
  input: DetectorInput,
  i: number,
): CreativeExplanation {
  const s = result.signals;
  const paths = input.labelPaths;
  const name = (label: number) => `\`${formatLabelPath(paths[label] ?? [])}\``;
  const predicted = input.predicted[i]!;
  const count = result.suggestions.count;
  const suggestions: CreativeExplanation["suggestions"] = [];
  for (let r = 0; r < count; r++) {
    const label = result.suggestions.labels[i * count + r]!;
    if (label < 0) break;
    const path = formatLabelPath(paths[label] ?? []);
    suggestions.push({ label, path, score: result.suggestions.scores[i * count + r]! });
  }

  const wrongReasons: string[] = [];
  let relation: LabelRelation | undefined;
  const best = s.topLabels[i * s.topK]!;
  if (predicted >= 0) {
    const rank = s.rankPredicted[i]!;
    const alternative = rank > 1 ? best : (suggestions[0]?.label ?? -1);
    if (alternative >= 0)
      relation = labelRelation(paths[predicted] ?? [], paths[alternative] ?? []);
    if (rank > 1 && relation) {
      wrongReasons.push(
        `predicted label ranks ${ordinal(rank)}; ${name(best)} is closer ` +
          `(${f2(s.bestSim[i]!)} vs ${f2(s.simPredicted[i]!)}), ${describeRelation(relation)}`,
      );
    }
    const confidence = s.selfConfidence[i]!;
    if (confidence < 0.5) {
      wrongReasons.push(
        `the embedding model gives the predicted label ${Math.round(confidence * 100)}% probability`,
      );
    }
    const head = s.head;
    const headSelf = head ? head.selfConfidence[i]! : Number.NaN;
    const headBest = head ? head.topLabels[i * head.topK]! : -1;
    if (headSelf < 0.3 && headBest >= 0 && headBest !== predicted) {
      wrongReasons.push(
        `a classifier trained on the other creatives' labels gives the predicted label ` +
          `${Math.round(headSelf * 100)}% and ${name(headBest)} ` +
          `${Math.round(head!.topProbabilities[i * head!.topK]! * 100)}%`,
      );
    }
    const disagree = s.knnDisagreement[i]!;
    if (disagree >= 0.5 && input.reference) {
      wrongReasons.push(
        `${Math.round(disagree * 100)}% of the most similar labelled creatives carry another label` +
          (suggestions[0] ? `, mostly ${name(suggestions[0].label)}` : ""),
      );
    }
    const g = s.generativeNearest[i]!;
    if (g >= 0 && g !== predicted) {
      wrongReasons.push(
        `the generative label is nearest to ${name(g)} (${f2(s.generativeNearestSim[i]!)}), ` +
          `not to the predicted label (${f2(s.generativeSimPredicted[i]!)})`,
      );
    }
    const imageBest = s.imageBestLabel[i]!;
    const imageRank = s.imageRankPredicted[i]!;
    if (imageBest >= 0 && imageBest !== predicted && imageRank > 1) {
      wrongReasons.push(
        `the image is closer to ${name(imageBest)} (${f2(s.imageBestSim[i]!)}) than to the ` +
          `predicted label (${f2(s.imageSimPredicted[i]!)}, ${ordinal(imageRank)})`,
      );
    }
    if (wrongReasons.length === 0) {
      wrongReasons.push(
        `the text's similarity to the predicted label is ${f2(s.simPredicted[i]!)}`,
      );
    }
  }

  const newReasons: string[] = [
    `no label fits well: the closest, ${name(best)}, has similarity ${f2(s.bestSim[i]!)}`,
  ];
  const knn = s.knnDistance[i]!;
  if (!Number.isNaN(knn)) {
    newReasons.push(`the most similar labelled creatives are only ${f2(1 - knn)} similar`);
  }
  const peerExcess = s.peers.peerExcess[i]!;
  if (peerExcess > 0.05) {
    newReasons.push(
      `other undecided creatives are closer to it than any labelled one (by ${f2(peerExcess)})`,
    );
  }
  const gSim = s.generativeNearestSim[i]!;
  if (!Number.isNaN(gSim) && gSim < 0.5) {
    newReasons.push(`the generative label is far from every label (best ${f2(gSim)})`);
  }
  const nearby = [];
  for (let t = 0; t < Math.min(5, s.topK); t++) {
    const label = s.topLabels[i * s.topK + t]!;
    if (label >= 0) nearby.push({ label, weight: Math.max(s.topSims[i * s.topK + t]!, 0) });
  }
  const suggestedParent = suggestParent(paths, nearby);
  newReasons.push(
    suggestedParent.length > 0
      ? `it would go under \`${formatLabelPath(suggestedParent)}\``
      : "it would be a new top-level label",
  );

  const flag = (f: FlagName, reasons: string[]): FlagExplanation => {
    const score = result.flags[f].score[i]!;
    const threshold = thresholdFor(result.thresholds, f, predicted);
    return { flag: f, score, threshold, flagged: score >= threshold, reasons };
  };
  return {
    wrongLabel: { ...flag("wrong_label", wrongReasons), relation },
    newLabel: { ...flag("new_label", newReasons), suggestedParent },
    suggestions,
  };
}
