import { fitTfidf, transformTfidf } from "@/lib/core/classifier/tfidf";

/**
 * The independent model that draws confusion-driven ("hard") noise: a nearest-centroid
 * classifier on word-unigram TF-IDF. It shares nothing with the detector's encoder nor with the
 * TF-IDF baseline (different features, different classifier), so neither is handed the noise it
 * would find easiest or hardest. For each item it returns the two labels it ranks first.
 */
export function nearestCentroidTop2(
  trainTexts: readonly string[],
  trainLabels: Int32Array,
  labelCount: number,
  itemTexts: readonly string[],
): { first: Int32Array; second: Int32Array } {
  const model = fitTfidf(trainTexts, {
    wordNgrams: [1, 1],
    charNgrams: [0, 0],
    minDocumentFrequency: 1,
    maxFeatures: 50_000,
  });
  const x = transformTfidf(model, trainTexts);
  const f = x.columns;
  // centroids stored feature-major, [features, labels], for the sparse-row dot products below
  const centroids = new Float32Array(f * labelCount);
  for (let r = 0; r < x.rows; r++) {
    const label = trainLabels[r]!;
    for (let p = x.indptr[r]!; p < x.indptr[r + 1]!; p++) {
      centroids[x.indices[p]! * labelCount + label]! += x.values[p]!;
    }
  }
  const norms = new Float64Array(labelCount);
  for (let i = 0; i < centroids.length; i++) norms[i % labelCount]! += centroids[i]! ** 2;
  const items = transformTfidf(model, itemTexts);
  const first = new Int32Array(items.rows).fill(-1);
  const second = new Int32Array(items.rows).fill(-1);
  const scores = new Float64Array(labelCount);
  for (let r = 0; r < items.rows; r++) {
    scores.fill(0);
    for (let p = items.indptr[r]!; p < items.indptr[r + 1]!; p++) {
      const v = items.values[p]!;
      const o = items.indices[p]! * labelCount;
      for (let j = 0; j < labelCount; j++) scores[j]! += v * centroids[o + j]!;
    }
    let b1 = -1;
    let b2 = -1;
    for (let j = 0; j < labelCount; j++) {
      const s = norms[j]! > 0 ? scores[j]! / Math.sqrt(norms[j]!) : -1;
      scores[j] = s;
      if (b1 < 0 || s > scores[b1]!) {
        b2 = b1;
        b1 = j;
      } else if (b2 < 0 || s > scores[b2]!) b2 = j;
    }
    first[r] = b1;
    second[r] = b2;
  }
  return { first, second };
}
