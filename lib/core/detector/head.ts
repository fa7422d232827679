import { createPrng, shuffleInPlace } from "@/lib/core/encoder/prng";
import { sampleUpTo } from "@/lib/core/eval/protocol";
import {
  fitSoftmaxRegression,
  predictSoftmaxRegression,
  type SoftmaxRegressionOptions,
} from "@/lib/core/classifier/softmax-regression";
import { fitTfidf, transformTfidf, type SparseRows } from "@/lib/core/classifier/tfidf";
import { gatherRows } from "@/lib/core/linalg/rows";
import type { DetectorInput } from "./types";

/**
 * The supervised head: a multinomial logistic regression on each creative's word and character
 * n-grams (TF-IDF) joined with its embedding, trained on the trusted labelled creatives. It sees
 * what distances to label strings cannot: brand names, typos and phrasings the labels never
 * mention but the labelled creatives do. Where the scored creatives are themselves in the
 * training rows (the app, where imported labels are the reference), each gets the probabilities
 * of a fold model that never saw it (out-of-fold, as confident learning requires), so a wrong
 * label the head memorised cannot vouch for itself.
 */
export interface HeadSignals {
  /** The head's probability of the predicted label (NaN: no prediction). */
  selfConfidence: Float32Array;
  /** Predicted label's probability minus the best other label's (NaN: no prediction). */
  margin: Float32Array;
  /** Largest class probability. */
  maxProbability: Float32Array;
  /** Entropy of the class probabilities, in nats. */
  entropy: Float32Array;
  /**
   * Confident learning's evidence (per-class thresholds `t_j` = mean probability of `j` over
   * creatives predicted `j`): the largest `p_j / t_j` over other labels `j` minus
   * `p_predicted / t_predicted`; positive means the creative confidently belongs elsewhere.
   */
  confidentJoint: Float32Array;
  /** `[n, topK]` the head's best labels and probabilities. */
  topLabels: Int32Array;
  topProbabilities: Float32Array;
  topK: number;
}

export interface HeadOptions {
  /** Cross-validation folds when scored creatives are among the training rows. */
  folds: number;
  /** Training rows kept (a seeded sample), bounding the cost on large datasets. */
  maxTrainRows: number;
  /** Weight matrix cap (`features x classes`), bounding memory when labels are many. */
  maxWeights: number;
  /** Fewest labelled reference rows worth training on. */
  minTrainRows: number;
  epochs: number;
  /** Fewest epochs before the budget takes training rows instead. */
  minEpochs: number;
  /**
   * Compute budget in multiply-adds for training and scoring (about 20 s of one core in Node); it
   * bounds the head's cost on large datasets (see `planTraining`).
   */
  maxMultiplyAdds: number;
  seed: number;
}

export const defaultHeadOptions: HeadOptions = {
  folds: 2,
  maxTrainRows: 20_000,
  maxWeights: 12_000_000,
  minTrainRows: 20,
  epochs: 10,
  minEpochs: 4,
  maxMultiplyAdds: 8e9,
  seed: 1,
};

const topK = 5;

/** Sparse TF-IDF rows with each row's unit embedding appended as dense columns. */
function withEmbeddings(sparse: SparseRows, embeddings: Float32Array, dim: number): SparseRows {
  const rows = sparse.rows;
  const nnz = sparse.indices.length + rows * dim;
  const indptr = new Int32Array(rows + 1);
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  let w = 0;
  for (let r = 0; r < rows; r++) {
    for (let p = sparse.indptr[r]!; p < sparse.indptr[r + 1]!; p++) {
      indices[w] = sparse.indices[p]!;
      values[w++] = sparse.values[p]!;
    }
    for (let d = 0; d < dim; d++) {
      indices[w] = sparse.columns + d;
      values[w++] = embeddings[r * dim + d]!;
    }
    indptr[r + 1] = w;
  }
  return { rows, columns: sparse.columns + dim, indptr, indices, values };
}

/** Which training rows each fold holds out (row index -> fold), seeded. */
function assignFolds(rows: number, folds: number, seed: number): Int32Array {
  const prng = createPrng(seed ^ 0x2c1b3c6d);
  const order = shuffleInPlace(
    Int32Array.from({ length: rows }, (_, i) => i),
    prng,
  );
  const fold = new Int32Array(rows);
  order.forEach((row, i) => (fold[row] = i % folds));
  return fold;
}

/**
 * The head's signals for every scored creative, or undefined when there are no texts or too
 * few labelled reference rows. Needs `input.creativeTexts` and `input.reference.texts`.
 */
export function headSignals(
  input: DetectorInput,
  options: Partial<HeadOptions> = {},
): HeadSignals | undefined {
  const o = { ...defaultHeadOptions, ...options };
  const { reference, creativeTexts, dim, predicted } = input;
  const m = input.labels.length / dim;
  const n = input.texts.length / dim;
  if (!reference?.texts || !creativeTexts || m < 2) return undefined;
  const labelled = Array.from(reference.labels.keys()).filter((r) => reference.labels[r]! >= 0);
  if (labelled.length < o.minTrainRows) return undefined;
  const drawn = sampleUpTo(labelled, o.maxTrainRows, createPrng(o.seed));
  const maxFeatures = Math.max(1_000, Math.floor(o.maxWeights / m) - dim);
  const tfidf = fitTfidf(
    drawn.map((r) => reference.texts![r]!),
    { maxFeatures },
  );
  const scoredX = withEmbeddings(transformTfidf(tfidf, creativeTexts), input.texts, dim);
  const overlaps = reference.rowOfCreative?.some((r) => r >= 0) ?? false;
  const folds = overlaps ? Math.max(2, o.folds) : 1;
  const usedLabels = new Set(drawn.map((r) => reference.labels[r]!)).size;
  const plan = planTraining(o, {
    rows: drawn.length,
    folds,
    classes: usedLabels,
    rowFeatures: scoredX.indices.length / Math.max(1, scoredX.rows),
    predictCost: scoredX.indices.length * usedLabels,
  });
  if (!plan) return undefined;
  // The seeded sample is in random order, so a prefix is a smaller seeded sample.
  const sample = drawn.slice(0, plan.rows);
  const trainTexts = sample.map((r) => reference.texts![r]!);
  const trainX = withEmbeddings(
    transformTfidf(tfidf, trainTexts),
    gatherRows(reference.embeddings, dim, sample),
    dim,
  );
  // Only labels some training row carries can be learnt; the rest have probability zero, and
  // leaving them out of the softmax makes its cost scale with the labels in use, not the
  // taxonomy (a 600-label taxonomy where 150 are used costs a quarter).
  const { classOf, compact } = compactLabels(
    sample.map((r) => reference.labels[r]!),
    m,
  );
  const trainY = Int32Array.from(sample, (r) => compact[reference.labels[r]!]!);

  // Scored creatives that are training rows are scored by the fold that held them out; the
  // rest by one fold each (round robin), so every creative is predicted exactly once.
  const sampleRow = new Int32Array(reference.labels.length).fill(-1);
  sample.forEach((r, i) => (sampleRow[r] = i));
  const inTraining = (c: number) => {
    const r = reference.rowOfCreative?.[c] ?? -1;
    return r >= 0 ? sampleRow[r]! : -1;
  };
  const foldOf = assignFolds(sample.length, folds, o.seed);
  const scoredFold = Int32Array.from({ length: n }, (_, c) => {
    const i = inTraining(c);
    return i >= 0 ? foldOf[i]! : c % folds;
  });

  const out: HeadSignals = {
    selfConfidence: new Float32Array(n).fill(NaN),
    margin: new Float32Array(n).fill(NaN),
    maxProbability: new Float32Array(n),
    entropy: new Float32Array(n),
    confidentJoint: new Float32Array(n).fill(NaN),
    topLabels: new Int32Array(n * topK).fill(-1),
    topProbabilities: new Float32Array(n * topK),
    topK,
  };
  const fitOptions: Partial<SoftmaxRegressionOptions> = { epochs: plan.epochs, seed: o.seed };
  for (let fold = 0; fold < folds; fold++) {
    const keep =
      folds === 1
        ? sample.map((_, i) => i)
        : sample.flatMap((_, i) => (foldOf[i] === fold ? [] : [i]));
    const model = fitSoftmaxRegression(
      subsetRows(trainX, keep),
      Int32Array.from(keep, (i) => trainY[i]!),
      classOf.length,
      fitOptions,
    );
    const rows = Array.from({ length: n }, (_, c) => c).filter((c) => scoredFold[c] === fold);
    const probabilities = predictSoftmaxRegression(model, subsetRows(scoredX, rows));
    rows.forEach((c, i) => summarise(probabilities, i, classOf, c, predicted[c]!, compact, out));
  }
  addConfidentJoint(out, predicted, m);
  return out;
}

/**
 * How much training the compute budget affords: the softmax costs about `2 x features x labels`
 * multiply-adds per row step (logits, then the update) and `features x labels` per scored row.
 * Epochs give way first (down to `minEpochs`), then training rows; when scoring alone would
 * take half the budget (a million creatives on thousands of labels) the head is left out and
 * the combiner works from the distance signals, as it does without texts.
 */
function planTraining(
  o: HeadOptions,
  shape: { rows: number; folds: number; classes: number; rowFeatures: number; predictCost: number },
): { epochs: number; rows: number } | undefined {
  if (shape.predictCost > o.maxMultiplyAdds / 2) return undefined;
  const stepsPerRow = shape.folds === 1 ? 1 : shape.folds - 1;
  const epochCost = (rows: number) => 2 * rows * stepsPerRow * shape.rowFeatures * shape.classes;
  const left = o.maxMultiplyAdds - shape.predictCost;
  const epochs = Math.max(
    o.minEpochs,
    Math.min(o.epochs, Math.floor(left / epochCost(shape.rows))),
  );
  const rows = Math.min(shape.rows, Math.floor(left / (epochs * epochCost(1))));
  return rows < o.minTrainRows ? undefined : { epochs, rows };
}

/** The rows `keep` of a sparse matrix, in that order. */
function subsetRows(x: SparseRows, keep: readonly number[]): SparseRows {
  let nnz = 0;
  for (const r of keep) nnz += x.indptr[r + 1]! - x.indptr[r]!;
  const indptr = new Int32Array(keep.length + 1);
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  let w = 0;
  keep.forEach((r, i) => {
    const from = x.indptr[r]!;
    const to = x.indptr[r + 1]!;
    indices.set(x.indices.subarray(from, to), w);
    values.set(x.values.subarray(from, to), w);
    w += to - from;
    indptr[i + 1] = w;
  });
  return { rows: keep.length, columns: x.columns, indptr, indices, values };
}

/** The labels in use, in order (`classOf`), and each label's index among them (-1: unused). */
function compactLabels(labels: readonly number[], m: number) {
  const compact = new Int32Array(m).fill(-1);
  const classOf: number[] = [];
  for (const label of [...new Set(labels)].sort((a, b) => a - b)) {
    compact[label] = classOf.length;
    classOf.push(label);
  }
  return { classOf, compact };
}

/**
 * One creative's probabilities (over the labels in use, `classOf`) into the per-creative
 * summaries; a predicted label no training row carries has probability zero.
 */
function summarise(
  probabilities: Float32Array,
  row: number,
  classOf: readonly number[],
  c: number,
  predictedLabel: number,
  compact: Int32Array,
  out: HeadSignals,
): void {
  const classes = classOf.length;
  const p = predictedLabel >= 0 ? compact[predictedLabel]! : -1;
  const base = row * classes;
  let entropy = 0;
  let bestOther = 0;
  const best: { label: number; probability: number }[] = [];
  for (let j = 0; j < classes; j++) {
    const q = probabilities[base + j]!;
    if (q > 0) entropy -= q * Math.log(q);
    if (j !== p && q > bestOther) bestOther = q;
    if (best.length < topK || q > best[best.length - 1]!.probability) {
      best.push({ label: classOf[j]!, probability: q });
      best.sort((a, b) => b.probability - a.probability);
      if (best.length > topK) best.pop();
    }
  }
  out.entropy[c] = entropy;
  out.maxProbability[c] = best[0]?.probability ?? 0;
  best.forEach((b, t) => {
    out.topLabels[c * topK + t] = b.label;
    out.topProbabilities[c * topK + t] = b.probability;
  });
  if (predictedLabel >= 0) {
    const self = p >= 0 ? probabilities[base + p]! : 0;
    out.selfConfidence[c] = self;
    out.margin[c] = self - bestOther;
  }
}

/**
 * Confident learning's per-class thresholds over the head's top labels: `t_j` is the mean
 * self-confidence of creatives predicted `j` (a label's typical confidence), so a rare or
 * diffuse label is not flagged merely for its low probabilities. Labels outside a creative's
 * top five count as probability zero (they cannot exceed a threshold that matters).
 */
function addConfidentJoint(out: HeadSignals, predicted: Int32Array, m: number): void {
  const sum = new Float64Array(m);
  const count = new Int32Array(m);
  predicted.forEach((p, c) => {
    if (p < 0) return;
    sum[p]! += out.selfConfidence[c]!;
    count[p]!++;
  });
  const threshold = (j: number) => Math.max(count[j]! > 0 ? sum[j]! / count[j]! : 0.5, 1e-3);
  predicted.forEach((p, c) => {
    if (p < 0) return;
    let other = 0;
    for (let t = 0; t < topK; t++) {
      const j = out.topLabels[c * topK + t]!;
      if (j < 0 || j === p) continue;
      other = Math.max(other, out.topProbabilities[c * topK + t]! / threshold(j));
    }
    out.confidentJoint[c] = other - out.selfConfidence[c]! / threshold(p);
  });
}
