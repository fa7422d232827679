import { forEachSimilarityBlock } from "@/lib/core/linalg/gemm";
import { meanDirection, rowDot } from "@/lib/core/linalg/rows";
import { emptyTopK, scanRowTopK, type TopK } from "@/lib/core/linalg/topk";
import { runSearches, searchTopK, type Searching } from "@/lib/core/linalg/topkSearch";
import { headSignals } from "./head";
import { peerSignalsSteps } from "./peers";
import type { DetectorInput, DetectorOptions, ReferenceSet, Signals } from "./types";

/**
 * One pass over the creatives x labels similarity blocks computes every label signal of a row
 * while its block is in cache: cosine to the predicted label, its rank, the top labels, and the
 * softmax normaliser. Then the neighbour signals from a second blocked pass against the reference
 * creatives.
 */
function labelSignals(input: DetectorInput, k: number, temperature: number) {
  const { texts, labels, dim, predicted } = input;
  const n = texts.length / dim;
  const m = labels.length / dim;
  const top = emptyTopK(n, Math.min(k, m));
  const simPredicted = new Float32Array(n).fill(NaN);
  const rankPredicted = new Int32Array(n);
  const logPartition = new Float32Array(n);
  const invT = 1 / temperature;
  forEachSimilarityBlock(texts, labels, dim, (start, rows, block) => {
    for (let i = 0; i < rows; i++) {
      const c = start + i;
      const o = i * m;
      scanRowTopK(block, o, m, top, c * top.k, -1);
      const max = top.scores[c * top.k]!;
      let sum = 0;
      for (let j = 0; j < m; j++) sum += Math.exp((block[o + j]! - max) * invT);
      logPartition[c] = max * invT + Math.log(sum);
      const p = predicted[c]!;
      if (p < 0) continue;
      const s = block[o + p]!;
      let above = 0;
      for (let j = 0; j < m; j++) if (block[o + j]! > s) above++;
      simPredicted[c] = s;
      rankPredicted[c] = above + 1;
    }
  });
  return { top, simPredicted, rankPredicted, logPartition };
}

/** Normalised centroid of each label's reference creatives; the label's own embedding if none. */
function labelCentroids(reference: ReferenceSet | undefined, labels: Float32Array, dim: number) {
  const m = labels.length / dim;
  const centroids = Float32Array.from(labels);
  if (!reference) return centroids;
  const members: number[][] = Array.from({ length: m }, () => []);
  reference.labels.forEach((label, row) => members[label]?.push(row));
  members.forEach((rows, label) => {
    if (rows.length > 0) centroids.set(meanDirection(reference.embeddings, dim, rows), label * dim);
  });
  return centroids;
}

/**
 * The `k` nearest reference creatives of each creative (blocked exact search), skipping the
 * creative's own reference row. Keep the result in `ReferenceSet.neighbours` to rescore the same
 * embeddings with other predictions or decisions without searching again.
 */
export function findReferenceNeighbours(
  texts: Float32Array,
  dim: number,
  reference: ReferenceSet,
  k: number,
): TopK {
  return runSearches(findReferenceNeighboursSteps(texts, dim, reference, k));
}

/** {@link findReferenceNeighbours} with its search left to the driver (see `topkSearch.ts`). */
export function* findReferenceNeighboursSteps(
  texts: Float32Array,
  dim: number,
  reference: ReferenceSet,
  k: number,
): Searching<TopK> {
  const n = texts.length / dim;
  if (reference.labels.length === 0) return emptyTopK(n, k);
  const self = reference.rowOfCreative;
  const raw = yield* searchTopK({
    queries: texts,
    references: reference.embeddings,
    dim,
    k: self ? k + 1 : k,
  });
  if (!self) return raw;
  const out = emptyTopK(n, k);
  for (let c = 0; c < n; c++) {
    let w = 0; // slots written
    for (let t = 0; t < raw.k && w < k; t++) {
      const row = raw.indices[c * raw.k + t]!;
      if (row === self[c]) continue;
      out.indices[c * k + w] = row;
      out.scores[c * k + w] = raw.scores[c * raw.k + t]!;
      w++;
    }
  }
  return out;
}

/**
 * Distance to the predicted label's centroid, and the softmax probability of the predicted
 * label when creatives are compared with every label's centroid instead of its embedding: a
 * prototype classifier built from the trusted creatives themselves, which errs differently from
 * the label strings (and covers labels whose names say little).
 */
function centroidSignals(input: DetectorInput, centroids: Float32Array, temperature: number) {
  const { texts, dim, predicted } = input;
  const n = texts.length / dim;
  const m = centroids.length / dim;
  const centroidDistance = new Float32Array(n).fill(NaN);
  const centroidConfidence = new Float32Array(n).fill(NaN);
  const invT = 1 / temperature;
  forEachSimilarityBlock(texts, centroids, dim, (start, rows, block) => {
    for (let i = 0; i < rows; i++) {
      const c = start + i;
      const p = predicted[c]!;
      if (p < 0) continue;
      const o = i * m;
      let max = -Infinity;
      for (let j = 0; j < m; j++) if (block[o + j]! > max) max = block[o + j]!;
      let sum = 0;
      for (let j = 0; j < m; j++) sum += Math.exp((block[o + j]! - max) * invT);
      centroidDistance[c] = 1 - block[o + p]!;
      centroidConfidence[c] = Math.exp((block[o + p]! - max) * invT) / sum;
    }
  });
  return { centroidDistance, centroidConfidence };
}

function* neighbourSignals(input: DetectorInput, k: number): Searching<TopK> {
  const { reference, texts, dim } = input;
  const n = texts.length / dim;
  if (!reference) return emptyTopK(n, k);
  const known = reference.neighbours;
  if (!known || known.k < k) return yield* findReferenceNeighboursSteps(texts, dim, reference, k);
  if (known.k === k) return known;
  const out = emptyTopK(n, k);
  for (let c = 0; c < n; c++) {
    out.indices.set(known.indices.subarray(c * known.k, c * known.k + k), c * k);
    out.scores.set(known.scores.subarray(c * known.k, c * known.k + k), c * k);
  }
  return out;
}

/**
 * The image signals of DESIGN.md (`sim(i, l)`, `sim(i, t)`), for creatives with an image vector
 * from a multimodal model: the image's cosine to the predicted label, the predicted label's rank
 * among all labels by that cosine, the image's nearest label, and the image's cosine to its own
 * text. Everything is NaN (or -1) for creatives without an image, and when there are no images.
 */
function imageSignals(input: DetectorInput) {
  const { images, texts, labels, dim, predicted } = input;
  const n = texts.length / dim;
  const m = labels.length / dim;
  const imageSimPredicted = new Float32Array(n).fill(NaN);
  const imageRankPredicted = new Float32Array(n).fill(NaN);
  const imageBestLabel = new Int32Array(n).fill(-1);
  const imageBestSim = new Float32Array(n).fill(NaN);
  const imageSimText = new Float32Array(n).fill(NaN);
  if (!images) {
    return { imageSimPredicted, imageRankPredicted, imageBestLabel, imageBestSim, imageSimText };
  }
  forEachSimilarityBlock(images, labels, dim, (start, rows, block) => {
    for (let i = 0; i < rows; i++) {
      const c = start + i;
      if (rowDot(images, c, images, c, dim) < 0.5) continue; // an all-zero row: no image
      const o = i * m;
      let best = -1;
      for (let j = 0; j < m; j++) if (best < 0 || block[o + j]! > block[o + best]!) best = j;
      imageBestLabel[c] = best;
      imageBestSim[c] = best >= 0 ? block[o + best]! : NaN;
      imageSimText[c] = rowDot(images, c, texts, c, dim);
      const p = predicted[c]!;
      if (p < 0) continue;
      const s = block[o + p]!;
      let above = 0;
      for (let j = 0; j < m; j++) if (block[o + j]! > s) above++;
      imageSimPredicted[c] = s;
      imageRankPredicted[c] = above + 1;
    }
  });
  return { imageSimPredicted, imageRankPredicted, imageBestLabel, imageBestSim, imageSimText };
}

/** Options of {@link computeSignals}. */
export type SignalOptions = Pick<
  DetectorOptions,
  "topLabels" | "neighbours" | "minDecisionsPerClass"
>;

/** Computes every per-creative signal of DESIGN.md's detector at a given softmax temperature. */
export function computeSignals(
  input: DetectorInput,
  options: SignalOptions,
  temperature: number,
): Signals {
  return runSearches(computeSignalsSteps(input, options, temperature));
}

/** {@link computeSignals} with its top-k searches left to the driver (see `topkSearch.ts`). */
export function* computeSignalsSteps(
  input: DetectorInput,
  options: SignalOptions,
  temperature: number,
): Searching<Signals> {
  const { texts, labels, dim, predicted, reference, generative } = input;
  const n = texts.length / dim;
  const { top, simPredicted, rankPredicted, logPartition } = labelSignals(
    input,
    options.topLabels,
    temperature,
  );
  const bestSim = new Float32Array(n);
  const margin = new Float32Array(n);
  const selfConfidence = new Float32Array(n).fill(NaN);
  const maxProbability = new Float32Array(n);
  for (let c = 0; c < n; c++) {
    const best = top.scores[c * top.k]!;
    const second = top.k > 1 ? top.scores[c * top.k + 1]! : -1;
    bestSim[c] = best;
    margin[c] = Number.isFinite(second) ? best - second : 1;
    maxProbability[c] = Math.exp(best / temperature - logPartition[c]!);
    if (predicted[c]! >= 0) {
      selfConfidence[c] = Math.exp(simPredicted[c]! / temperature - logPartition[c]!);
    }
  }

  const k = options.neighbours;
  const nn = yield* neighbourSignals(input, k);
  const knnDistance = new Float32Array(n).fill(NaN);
  const knnDisagreement = new Float32Array(n).fill(NaN);
  if (reference && reference.labels.length > 0) {
    for (let c = 0; c < n; c++) {
      let simSum = 0;
      let weight = 0;
      let disagree = 0;
      let count = 0;
      for (let t = 0; t < k; t++) {
        const row = nn.indices[c * k + t]!;
        if (row < 0) break;
        const s = nn.scores[c * k + t]!;
        // sharper than raw cosines: the closest neighbours speak loudest
        const w = Math.exp((s - nn.scores[c * k]!) / temperature);
        simSum += s;
        count++;
        weight += w;
        if (reference.labels[row] !== predicted[c]) disagree += w;
      }
      if (count === 0) continue;
      knnDistance[c] = 1 - simSum / count;
      knnDisagreement[c] = predicted[c]! >= 0 ? disagree / weight : NaN;
    }
  }

  const { centroidDistance, centroidConfidence } = centroidSignals(
    input,
    labelCentroids(reference, labels, dim),
    temperature,
  );

  const generativeSimPredicted = new Float32Array(n).fill(NaN);
  const generativeNearest = new Int32Array(n).fill(-1);
  const generativeNearestSim = new Float32Array(n).fill(NaN);
  if (generative) {
    const g = yield* searchTopK({ queries: generative, references: labels, dim, k: 1 });
    for (let c = 0; c < n; c++) {
      if (rowDot(generative, c, generative, c, dim) < 0.5) continue; // an all-zero row: none
      generativeNearest[c] = g.indices[c]!;
      generativeNearestSim[c] = g.scores[c]!;
      const p = predicted[c]!;
      if (p >= 0) generativeSimPredicted[c] = rowDot(generative, c, labels, p, dim);
    }
  }

  const peers = yield* peerSignalsSteps(
    texts,
    dim,
    reference && reference.labels.length > 0
      ? knnDistance
      : Float32Array.from(bestSim, (v) => 1 - v),
    nn.scores,
    k,
  );
  return {
    n,
    simPredicted,
    rankPredicted,
    topLabels: top.indices,
    topSims: top.scores,
    topK: top.k,
    bestSim,
    margin,
    selfConfidence,
    maxProbability,
    logPartition,
    knnDistance,
    knnDisagreement,
    neighbourRows: nn.indices,
    neighbourSims: nn.scores,
    neighbours: k,
    centroidDistance,
    centroidConfidence,
    generativeSimPredicted,
    generativeNearest,
    generativeNearestSim,
    ...imageSignals(input),
    temperature,
    // Only a combiner fitted on decisions weighs the head (without decisions it lowered the
    // demo's first-queue precision, see the README), so it is trained only when one can be.
    head:
      (input.decisions?.length ?? 0) >= 2 * options.minDecisionsPerClass
        ? headSignals(input)
        : undefined,
    peers,
  };
}
