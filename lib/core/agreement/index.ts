/** Agreement between annotators and between models and annotators; pure, runs anywhere. */
export { krippendorffAlpha } from "./alpha";
export { consensusOf, referenceLabel, type Consensus } from "./consensus";
export { metricsCsv, type MetricCounts } from "./csv";
export {
  hierarchicalDistance,
  hierarchicalDistanceOf,
  nominalDistance,
  pathAgreement,
  type LabelDistance,
} from "./hierarchy";
export { cohensKappa } from "./kappa";
export {
  agreementReport,
  type AgreementReport,
  type AgreementUnit,
  type AnnotatorAgreement,
  type ModelAccuracy,
  type PairKappa,
} from "./report";
