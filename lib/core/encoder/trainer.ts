import { SparseAdam } from "./adam";
import { cosineMseLoss, labelSoftmaxLoss } from "./losses";
import { createPrng, shuffleInPlace, type Prng } from "./prng";
import {
  backpropToTable,
  embedTokenIds,
  SparseRowGradient,
  type StaticEmbeddingModel,
} from "./static-model";
import { clsId, maskId, padId, sepId } from "./wordpiece";

/** Tokenised training data: texts with a label index each, and every taxonomy label's text. */
export interface EncoderTrainingSet {
  vocabSize: number;
  /** Token ids per training text, `[CLS] ... [SEP]` as the app's tokenizer gives them. */
  texts: readonly Int32Array[];
  /** Index into `labels` of each text's label. */
  textLabels: Int32Array;
  /** Token ids of every taxonomy label's text (see `labelPathToText`). */
  labels: readonly Int32Array[];
}

/** Which loss drives training; see losses.ts for why softmax is the default. */
export type EncoderObjective = "softmax" | "cosine" | "softmax+cosine";

export interface EncoderTrainOptions {
  dim: number;
  seed: number;
  /**
   * Passes over the texts, or "auto": as many whole epochs as come closest to `autoSteps`
   * optimiser steps. A fixed step budget suited both a 15k-text set (CLINC150: 2 epochs; more
   * overfit) and the 1.8k-text demo set (about 16 epochs; fewer underfit).
   */
  epochs: number | "auto";
  /** Step budget for `epochs: "auto"`. */
  autoSteps: number;
  batchSize: number;
  learningRate: number;
  /** Softmax temperature on cosines (0.05 = logits span +-20). */
  temperature: number;
  objective: EncoderObjective;
  /** Cosine-MSE: random other labels per text (target 0.1) beside its own (target 0.9). */
  negativeLabelsPerText: number;
  /** Cosine-MSE: add one text-text pair (another text of the same label, target 0.9) per text. */
  textPairs: boolean;
  /** Weight of the cosine-MSE term when combined with softmax. */
  cosineWeight: number;
  /** Standard deviation of the initial table entries. */
  initStd: number;
  /** Called after every epoch (and may be used to print progress). */
  onEpoch?: (progress: { epoch: number; epochs: number; loss: number }) => void;
}

/** The number of epochs {@link trainStaticEncoder} runs for a text count and options. */
export function resolveEpochs(
  textCount: number,
  o: Pick<EncoderTrainOptions, "epochs" | "autoSteps" | "batchSize">,
): number {
  if (o.epochs !== "auto") return o.epochs;
  const stepsPerEpoch = Math.max(1, Math.ceil(textCount / o.batchSize));
  return Math.max(1, Math.round(o.autoSteps / stepsPerEpoch));
}

export const defaultTrainOptions: Omit<EncoderTrainOptions, "onEpoch"> = {
  dim: 192,
  seed: 1,
  epochs: "auto",
  autoSteps: 480,
  batchSize: 64,
  learningRate: 0.01,
  temperature: 0.05,
  objective: "softmax",
  negativeLabelsPerText: 1,
  textPairs: true,
  cosineWeight: 1,
  initStd: 0.1,
};

/** Target cosines of the seed's CosineSimilarityLoss pairs. */
export const positiveCosine = 0.9;
export const negativeCosine = 0.1;

/**
 * A fresh table: seeded Gaussian rows; [PAD], [SEP] and [MASK] zero and [CLS] a tiny fixed vector,
 * all frozen. Zero rows keep a shared constant out of every embedding (a common offset would pull
 * all texts toward one direction and shrink cosine contrasts); [CLS] is not zero only so that an
 * empty text embeds to a defined unit vector instead of 0/0 = NaN downstream.
 */
export function initialTable(vocabSize: number, dim: number, initStd: number, prng: Prng) {
  const table = new Float32Array(vocabSize * dim);
  for (let i = 0; i < table.length; i++) table[i] = prng.nextGaussian() * initStd;
  for (const id of [padId, sepId, maskId]) table.fill(0, id * dim, (id + 1) * dim);
  table.fill(0, clsId * dim, (clsId + 1) * dim);
  table[clsId * dim] = 1e-4;
  return table;
}

/** Ids whose rows {@link trainStaticEncoder} never updates. */
export const frozenTokenIds: ReadonlySet<number> = new Set([padId, clsId, sepId, maskId]);

function textsByLabel(textLabels: Int32Array, labelCount: number): Int32Array[] {
  const lists: number[][] = Array.from({ length: labelCount }, () => []);
  textLabels.forEach((label, i) => lists[label]?.push(i));
  return lists.map((list) => Int32Array.from(list));
}

/** What one optimiser step needs besides the batch. */
interface TrainingContext {
  o: EncoderTrainOptions;
  data: EncoderTrainingSet;
  model: StaticEmbeddingModel;
  prng: Prng;
  sameLabel: Int32Array[];
  gradient: SparseRowGradient;
  adam: SparseAdam;
}

/**
 * Trains a static-embedding table on labelled texts. Deterministic for a given seed: the same
 * data and options give the same bytes. Training is synchronous; run it in a worker in the app.
 */
export function trainStaticEncoder(
  data: EncoderTrainingSet,
  options: Partial<EncoderTrainOptions> = {},
): StaticEmbeddingModel {
  const o = { ...defaultTrainOptions, ...options };
  const prng = createPrng(o.seed);
  const model: StaticEmbeddingModel = {
    vocabSize: data.vocabSize,
    dim: o.dim,
    table: initialTable(data.vocabSize, o.dim, o.initStd, prng),
  };
  const ctx: TrainingContext = {
    o,
    data,
    model,
    prng,
    sameLabel: textsByLabel(data.textLabels, data.labels.length),
    gradient: new SparseRowGradient(data.vocabSize, o.dim),
    adam: new SparseAdam(model.table, o.dim, { learningRate: o.learningRate }, frozenTokenIds),
  };
  const order = Int32Array.from({ length: data.texts.length }, (_, i) => i);
  const epochs = resolveEpochs(order.length, o);
  const stepsPerEpoch = Math.ceil(order.length / o.batchSize);
  const totalSteps = Math.max(1, stepsPerEpoch * epochs);
  let step = 0;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    shuffleInPlace(order, prng);
    let epochLoss = 0;
    for (let start = 0; start < order.length; start += o.batchSize) {
      // linear decay to 10% keeps late steps from undoing what early ones learned
      ctx.adam.learningRate = o.learningRate * (1 - (0.9 * step) / totalSteps);
      epochLoss += trainingStep(ctx, Array.from(order.subarray(start, start + o.batchSize)));
      step++;
    }
    o.onEpoch?.({ epoch, epochs, loss: epochLoss / Math.max(stepsPerEpoch, 1) });
  }
  return model;
}

/** One optimiser step on a batch of text indices; returns the batch loss. */
function trainingStep(ctx: TrainingContext, batch: number[]): number {
  const { o, data, model, gradient } = ctx;
  const useSoftmax = o.objective !== "cosine";
  const useCosine = o.objective !== "softmax";
  const seqs = batch.map((i) => data.texts[i]!);
  const targets = Int32Array.from(batch, (i) => data.textLabels[i]!);
  if (useCosine && o.textPairs) {
    // partners for text-text pairs ride along as extra rows after the batch
    for (const i of batch) {
      const peers = ctx.sameLabel[data.textLabels[i]!]!;
      seqs.push(data.texts[peers[ctx.prng.nextInt(peers.length)]!]!);
    }
  }
  const labels = embedTokenIds(model, data.labels);
  const texts = embedTokenIds(model, seqs);
  const grads = {
    texts: new Float32Array(texts.embeddings.length),
    labels: new Float32Array(labels.embeddings.length),
  };
  let loss = 0;
  if (useSoftmax) {
    const head = texts.embeddings.subarray(0, batch.length * o.dim);
    const r = labelSoftmaxLoss(head, labels.embeddings, targets, o.dim, o.temperature);
    loss += r.loss;
    grads.texts.set(r.gradTexts);
    addInto(grads.labels, r.gradLabels, 1);
  }
  if (useCosine) {
    const weight = useSoftmax ? o.cosineWeight : 1;
    const emb = { texts: texts.embeddings, labels: labels.embeddings };
    loss += weight * cosineStep(ctx, targets, emb, grads, weight);
  }
  gradient.clear();
  backpropToTable(seqs, texts.embeddings, texts.sumNorms, grads.texts, o.dim, gradient);
  backpropToTable(data.labels, labels.embeddings, labels.sumNorms, grads.labels, o.dim, gradient);
  ctx.adam.update(gradient);
  return loss;
}

function addInto(target: Float32Array, source: Float32Array, scale: number): void {
  for (let i = 0; i < target.length; i++) target[i]! += scale * source[i]!;
}

/**
 * The cosine-MSE part of a step: each text with its label (0.9) and random other labels (0.1),
 * plus text-text pairs (0.9) when enabled. Adds `weight` x its gradients to `grads`.
 */
function cosineStep(
  ctx: TrainingContext,
  targets: Int32Array,
  emb: { texts: Float32Array; labels: Float32Array },
  grads: { texts: Float32Array; labels: Float32Array },
  weight: number,
): number {
  const { o, prng } = ctx;
  const batchSize = targets.length;
  const labelCount = ctx.data.labels.length;
  const perText = 1 + (labelCount > 1 ? o.negativeLabelsPerText : 0);
  const left = new Int32Array(batchSize * perText);
  const right = new Int32Array(batchSize * perText);
  const target = new Float32Array(batchSize * perText);
  for (let i = 0; i < batchSize; i++) {
    const own = targets[i]!;
    left.fill(i, i * perText, (i + 1) * perText);
    right[i * perText] = own;
    target[i * perText] = positiveCosine;
    for (let n = 1; n < perText; n++) {
      let other = prng.nextInt(labelCount - 1);
      if (other >= own) other++;
      right[i * perText + n] = other;
      target[i * perText + n] = negativeCosine;
    }
  }
  const textLabel = cosineMseLoss(emb.texts, emb.labels, { left, right, target }, o.dim);
  addInto(grads.texts, textLabel.gradLeft, weight);
  addInto(grads.labels, textLabel.gradRight, weight);
  let loss = textLabel.loss;
  if (o.textPairs && emb.texts.length > batchSize * o.dim) {
    const pairs = {
      left: Int32Array.from({ length: batchSize }, (_, i) => i),
      right: Int32Array.from({ length: batchSize }, (_, i) => batchSize + i),
      target: new Float32Array(batchSize).fill(positiveCosine),
    };
    const textText = cosineMseLoss(emb.texts, emb.texts, pairs, o.dim);
    addInto(grads.texts, textText.gradLeft, weight);
    addInto(grads.texts, textText.gradRight, weight);
    loss += textText.loss;
  }
  return loss;
}
