/**
 * The product's own text encoder, pure TypeScript: WordPiece tokenizer (matching transformers.js),
 * static-embedding model math, losses with gradients, sparse Adam, the trainer and metrics. It
 * runs unchanged in Node (the model build) and in a browser worker (in-app adaptation).
 */
export { bertNormalize, bertPreTokenize, bertWords } from "./bert-text";
export { embedTexts } from "./embed";
export { staticEncoderFromFiles } from "./load";
export { labelPathToText, labelTemplateName, labelTemplates } from "./label-text";
export type { LabelTemplateName } from "./label-text";
export { cosineMseLoss, inBatchNegativesLoss, labelSoftmaxLoss } from "./losses";
export type { CosinePairs } from "./losses";
export { nearestLabels, nearestLabelTop1, trueVsRandomLabelRate } from "./metrics";
export { createPrng, shuffleInPlace } from "./prng";
export type { Prng } from "./prng";
export { SparseAdam } from "./adam";
export {
  backpropToTable,
  embedTokenIds,
  maskedMeanPool,
  normalizeRows,
  SparseRowGradient,
} from "./static-model";
export type { StaticEmbeddingModel } from "./static-model";
export {
  modelConfigJson,
  tokenizerConfigJson,
  tokenizerJson,
  vocabFromTokenizerJson,
} from "./tokenizer-files";
export {
  defaultTrainOptions,
  frozenTokenIds,
  negativeCosine,
  positiveCosine,
  resolveEpochs,
  trainStaticEncoder,
} from "./trainer";
export type { EncoderTrainingSet, EncoderTrainOptions, EncoderObjective } from "./trainer";
export { buildWordPieceVocab, WordPieceTokenizer } from "./wordpiece";
export type { VocabOptions } from "./wordpiece";
