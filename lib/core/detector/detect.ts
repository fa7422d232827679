import { combineFlag, newLabelFeatures, wrongLabelFeatures, type FlagScores } from "./combine";
import { runSearches, type Searching } from "@/lib/core/linalg/topkSearch";
import { computeSignalsSteps } from "./signals";
import { suggestLabels, type Suggestions } from "./suggest";
import { defaultTemperature, fitTemperature } from "./temperature";
import { calibrateThresholds, thresholdFor, type Thresholds } from "./thresholds";
import {
  defaultDetectorOptions,
  type DetectorInput,
  type DetectorOptions,
  type FlagName,
  type Signals,
} from "./types";

/** Everything the detector found: signals, both flags' scores, thresholds and suggestions. */
export interface DetectorResult {
  signals: Signals;
  flags: Record<FlagName, FlagScores>;
  thresholds: Thresholds;
  suggestions: Suggestions;
}

/** Fewest labelled creatives that pin a temperature better than the default. */
const minTemperatureRows = 30;

/**
 * The temperature: fitted on creatives whose label annotators decided (they are unseen by the
 * encoder, so their confidence is honest), else on the reference creatives, else the default.
 */
function resolveTemperature(input: DetectorInput, options: DetectorOptions): number {
  if (options.temperature !== undefined) return options.temperature;
  const { dim, texts, labels } = input;
  const decided = (input.decisions ?? []).filter(
    (d) => d.outcome !== "new_label" && d.label !== undefined && d.label >= 0,
  );
  if (decided.length >= minTemperatureRows) {
    const rows = new Float32Array(decided.length * dim);
    decided.forEach((d, i) =>
      rows.set(texts.subarray(d.creative * dim, (d.creative + 1) * dim), i * dim),
    );
    return fitTemperature(
      rows,
      Int32Array.from(decided, (d) => d.label!),
      labels,
      dim,
    );
  }
  const ref = input.reference;
  if (ref && ref.labels.length >= minTemperatureRows) {
    return fitTemperature(ref.embeddings, ref.labels, labels, dim);
  }
  return defaultTemperature;
}

function validate(input: DetectorInput): void {
  const { dim, texts, labels, predicted, labelPaths } = input;
  const n = texts.length / dim;
  if (!Number.isInteger(n) || labels.length % dim !== 0) throw new Error("bad matrix shapes");
  if (predicted.length !== n) throw new Error(`predicted has ${predicted.length} rows, not ${n}`);
  if (labelPaths.length !== labels.length / dim) throw new Error("one label path per label");
  if (input.generative && input.generative.length !== texts.length) {
    throw new Error("generative embeddings must have one row per creative");
  }
  if (input.images && input.images.length !== texts.length) {
    throw new Error("image embeddings must have one row per creative");
  }
}

/**
 * Scores every creative for `wrong_label` and `new_label`. Pure and synchronous: call it in a
 * worker for large inputs. With annotator decisions the flags come from a logistic combination
 * fitted on them and the thresholds are calibrated on them; without, from averaged percentile
 * ranks and default thresholds.
 */
export function detect(
  input: DetectorInput,
  options: Partial<DetectorOptions> = {},
): DetectorResult {
  return runSearches(detectSteps(input, options));
}

/** {@link detect} with its top-k searches left to the driver (see `topkSearch.ts`). */
export function* detectSteps(
  input: DetectorInput,
  options: Partial<DetectorOptions> = {},
): Searching<DetectorResult> {
  validate(input);
  const o = { ...defaultDetectorOptions, ...options };
  const signals = yield* computeSignalsSteps(input, o, resolveTemperature(input, o));
  const decisions = input.decisions ?? [];
  const combine = { minPerClass: o.minDecisionsPerClass, l2: o.l2 };
  const flags = {
    wrong_label: combineFlag(
      "wrong_label",
      wrongLabelFeatures(signals, input),
      signals.n,
      decisions,
      combine,
    ),
    new_label: combineFlag("new_label", newLabelFeatures(signals), signals.n, decisions, combine),
  };
  return {
    signals,
    flags,
    thresholds: calibrateThresholds(flags, decisions, input.predicted),
    suggestions: suggestLabels(signals, input),
  };
}

/** Whether creative `i` carries `flag` under the thresholds in force. */
export function isFlagged(
  result: DetectorResult,
  predicted: Int32Array,
  flag: FlagName,
  i: number,
) {
  return result.flags[flag].score[i]! >= thresholdFor(result.thresholds, flag, predicted[i] ?? -1);
}

/**
 * One number per creative for the default queue order: the stronger of its two flag scores,
 * each relative to its threshold, so a creative just over either threshold ranks alike.
 */
export function detectorScore(result: DetectorResult, predicted: Int32Array): Float32Array {
  const n = result.signals.n;
  const out = new Float32Array(n);
  const { wrong_label: wrong, new_label: fresh } = result.flags;
  for (let i = 0; i < n; i++) {
    const tw = thresholdFor(result.thresholds, "wrong_label", predicted[i] ?? -1);
    const tn = thresholdFor(result.thresholds, "new_label", -1);
    out[i] = Math.max(wrong.score[i]! - tw, fresh.score[i]! - tn) + 1;
  }
  return out;
}
