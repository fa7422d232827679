/**
 * The detector: per-creative signals from distances in the shared text/label embedding space,
 * the `wrong_label` and `new_label` flags with plain-words reasons, thresholds and their
 * calibration from annotator decisions, queue orders and grouping of new-label candidates. Pure
 * TypeScript over Float32Arrays: the same code runs in a browser worker and in Node.
 */
export { detect, detectorScore, isFlagged } from "./detect";
export type { DetectorResult } from "./detect";
export { computeSignals, findReferenceNeighbours } from "./signals";
export { combineFlag, newLabelFeatures, unsupervisedFeatures, wrongLabelFeatures } from "./combine";
export type { Feature, FlagScores } from "./combine";
export { explainCreative, ordinal } from "./reasons";
export type { CreativeExplanation, FlagExplanation } from "./reasons";
export { suggestLabels } from "./suggest";
export type { Suggestions } from "./suggest";
export {
  calibrateThreshold,
  calibrateThresholds,
  defaultFlagThreshold,
  thresholdFor,
  thresholdStats,
} from "./thresholds";
export type { Thresholds, ThresholdStats } from "./thresholds";
export { signalHistogram } from "./distribution";
export type { SignalHistogram } from "./distribution";
export { defaultTemperature, fitTemperature } from "./temperature";
export { fitLogistic, predictLogistic } from "./logistic";
export type { LogisticModel } from "./logistic";
export { meanPercentileRank, percentileRanks } from "./percentile";
export { describeRelation, formatLabelPath, labelRelation, suggestParent } from "./hierarchy";
export type { LabelRelation } from "./hierarchy";
export {
  defaultDiversityOptions,
  diversifyOrder,
  orderByScore,
  orderByUncertainty,
  orderRandom,
} from "./queue";
export type { DiversityOptions } from "./queue";
export { groupNewLabelCandidates, suggestGroupName } from "./groups";
export type { CandidateGroup, GroupOptions } from "./groups";
export { defaultDetectorOptions } from "./types";
export type * from "./types";
