import { createPrng } from "./prng";

/**
 * Retrieval metrics on unit-vector embeddings, used by the model build and the evaluation
 * harness. Both work on cosine similarity (dot products of normalised rows).
 */

/** For each text, the index of the label with the highest cosine. */
export function nearestLabels(texts: Float32Array, labels: Float32Array, dim: number): Int32Array {
  const n = texts.length / dim;
  const labelCount = labels.length / dim;
  const best = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let bestScore = -Infinity;
    for (let j = 0; j < labelCount; j++) {
      let dot = 0;
      for (let k = 0; k < dim; k++) dot += texts[i * dim + k]! * labels[j * dim + k]!;
      if (dot > bestScore) {
        bestScore = dot;
        best[i] = j;
      }
    }
  }
  return best;
}

/** Share of texts whose nearest label (among all labels) is their true label. */
export function nearestLabelTop1(
  texts: Float32Array,
  labels: Float32Array,
  truth: ArrayLike<number>,
  dim: number,
): number {
  const nearest = nearestLabels(texts, labels, dim);
  let hits = 0;
  nearest.forEach((label, i) => {
    if (label === truth[i]) hits++;
  });
  return nearest.length === 0 ? 0 : hits / nearest.length;
}

/**
 * Share of texts closer to their true label than to one uniformly drawn other label (seeded):
 * the seed's pair objective in one number, and the floor the bundled model must clear (0.90).
 */
export function trueVsRandomLabelRate(
  texts: Float32Array,
  labels: Float32Array,
  truth: ArrayLike<number>,
  dim: number,
  seed = 7,
): number {
  const prng = createPrng(seed);
  const n = texts.length / dim;
  const labelCount = labels.length / dim;
  let wins = 0;
  for (let i = 0; i < n; i++) {
    const own = truth[i] ?? 0;
    let other = prng.nextInt(labelCount - 1);
    if (other >= own) other++;
    let ownDot = 0;
    let otherDot = 0;
    for (let k = 0; k < dim; k++) {
      ownDot += texts[i * dim + k]! * labels[own * dim + k]!;
      otherDot += texts[i * dim + k]! * labels[other * dim + k]!;
    }
    if (ownDot > otherDot) wins++;
  }
  return n === 0 ? 0 : wins / n;
}
