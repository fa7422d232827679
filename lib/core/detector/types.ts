import type { TopK } from "@/lib/core/linalg/topk";
import type { HeadSignals } from "./head";
import type { PeerSignals } from "./peers";

/**
 * Inputs and outputs of the detector. Everything is index-based over typed arrays so the same
 * code scores 2,000 creatives in a browser worker and 100,000 in Node; strings (label paths,
 * reasons) appear only where a person reads them.
 */

/** Embeddings of labelled creatives the detector may trust: confirmed by annotators, or training data. */
export interface ReferenceSet {
  /** `[count, dim]` unit rows. */
  embeddings: Float32Array;
  /** Label index of each row. */
  labels: Int32Array;
  /** Each row's text, for the supervised head's n-gram features (no head without them). */
  texts?: readonly string[];
  /**
   * For each scored creative, its row in this reference set or -1: a creative that is also a
   * reference item is not its own neighbour.
   */
  rowOfCreative?: Int32Array;
  /**
   * The nearest reference rows of each creative, when already known (from
   * `findReferenceNeighbours` on the same embeddings): the neighbour search is the costliest
   * step, and it does not change when only predictions or decisions do.
   */
  neighbours?: TopK;
}

/** What an annotator decided about a scored creative: the training signal for the combiner. */
export type DecisionOutcome = "confirmed" | "corrected" | "new_label";

export interface Decision {
  /** Index of the scored creative. */
  creative: number;
  outcome: DecisionOutcome;
  /** The right label for `confirmed` (the predicted one) and `corrected` decisions. */
  label?: number;
}

export interface DetectorInput {
  dim: number;
  /** `[n, dim]` unit rows: the creatives' text embeddings. */
  texts: Float32Array;
  /** The creatives' texts themselves, for the supervised head (see `head.ts`). */
  creativeTexts?: readonly string[];
  /** `[m, dim]` unit rows: every taxonomy label's embedding (same model as the texts). */
  labels: Float32Array;
  /** Label paths (segments, root first), in label-index order: the hierarchy. */
  labelPaths: readonly (readonly string[])[];
  /** Predicted label index of each creative (-1: none). */
  predicted: Int32Array;
  /** The classifier's own confidence of each creative (NaN where unknown). */
  predictedScores?: Float32Array;
  /** `[n, dim]` generative-label embeddings; an all-zero row means none for that creative. */
  generative?: Float32Array;
  /**
   * `[n, dim]` image embeddings from the same multimodal model (its vision tower, in the texts'
   * space); an all-zero row means the creative has no image vector. Absent: no image signals,
   * and every score is what it is without images.
   */
  images?: Float32Array;
  reference?: ReferenceSet;
  decisions?: readonly Decision[];
}

export interface DetectorOptions {
  /** Labels kept per creative for suggestions and reasons. */
  topLabels: number;
  /** Neighbours among reference creatives. */
  neighbours: number;
  /** Softmax temperature; fitted by likelihood when undefined. */
  temperature?: number;
  /** Decisions of each class needed before the logistic combiner replaces percentile ranks. */
  minDecisionsPerClass: number;
  /** L2 penalty of the logistic combiner (on standardised features). */
  l2: number;
}

export const defaultDetectorOptions: DetectorOptions = {
  topLabels: 10,
  neighbours: 10,
  minDecisionsPerClass: 8,
  l2: 1,
};

/**
 * Per-creative signals of DESIGN.md, one typed array each (NaN where a signal has no input).
 * Similarities are cosines of unit vectors.
 */
export interface Signals {
  n: number;
  /** sim(t, predicted label). */
  simPredicted: Float32Array;
  /** 1-based rank of the predicted label among all labels by cosine. */
  rankPredicted: Int32Array;
  /** `[n, topLabels]` best labels by cosine, and their cosines. */
  topLabels: Int32Array;
  topSims: Float32Array;
  topK: number;
  bestSim: Float32Array;
  /** Best minus second-best label cosine: small means uncertain. */
  margin: Float32Array;
  /** Softmax probability of the predicted label (cos / T over all labels). */
  selfConfidence: Float32Array;
  /** Softmax probability of the best label. */
  maxProbability: Float32Array;
  /** Log of the softmax normaliser, kept so suggestions can turn cosines into probabilities. */
  logPartition: Float32Array;
  /** 1 - mean cosine to the nearest reference creatives. */
  knnDistance: Float32Array;
  /** Similarity-weighted share of nearest reference creatives labelled otherwise than predicted. */
  knnDisagreement: Float32Array;
  /** `[n, neighbours]` nearest reference rows and cosines (-1 / -Infinity when missing). */
  neighbourRows: Int32Array;
  neighbourSims: Float32Array;
  neighbours: number;
  /** 1 - cosine to the centroid of the predicted label's reference creatives. */
  centroidDistance: Float32Array;
  /** Softmax probability of the predicted label over cosines to every label's centroid. */
  centroidConfidence: Float32Array;
  /** sim(generative label, predicted label). */
  generativeSimPredicted: Float32Array;
  /** The label nearest to the generative label (-1: none) and its cosine. */
  generativeNearest: Int32Array;
  generativeNearestSim: Float32Array;
  /** sim(i, predicted label): the image's cosine to the predicted label (NaN: no image). */
  imageSimPredicted: Float32Array;
  /** 1-based rank of the predicted label among all labels by cosine to the image (NaN: no image). */
  imageRankPredicted: Float32Array;
  /** The label nearest to the image (-1: no image) and its cosine. */
  imageBestLabel: Int32Array;
  imageBestSim: Float32Array;
  /** sim(i, t): the image's cosine to its own text (NaN: no image). */
  imageSimText: Float32Array;
  /** The temperature the softmax signals used. */
  temperature: number;
  /** The supervised head's signals, where creative and reference texts were given. */
  head?: HeadSignals;
  /** Cluster evidence among the scored creatives themselves (see `peers.ts`). */
  peers: PeerSignals;
}

export type FlagName = "wrong_label" | "new_label";

/** How a combiner turned signals into a score: learnt from decisions, or unsupervised. */
export type CombinerKind = "logistic" | "percentile";
