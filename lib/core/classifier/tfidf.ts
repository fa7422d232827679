/**
 * A sparse TF-IDF featuriser with word and character n-grams (as scikit-learn's
 * `TfidfVectorizer(analyzer="word", ngram_range=(1, 2))` plus `analyzer="char_wb",
 * ngram_range=(3, 5)`, sublinear tf, smooth idf, L2-normalised rows): the features of the
 * classic strong baseline, and of the independent model that draws confusion-driven noise.
 */

/** Rows of a sparse matrix in CSR form. */
export interface SparseRows {
  rows: number;
  columns: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

export interface TfidfOptions {
  wordNgrams: [number, number];
  /** `[0, 0]` for none. */
  charNgrams: [number, number];
  /** Terms in fewer training texts are dropped. */
  minDocumentFrequency: number;
  /** The most frequent terms kept (bounds the classifier's weight matrix). */
  maxFeatures: number;
}

export const defaultTfidfOptions: TfidfOptions = {
  wordNgrams: [1, 2],
  charNgrams: [3, 5],
  minDocumentFrequency: 2,
  maxFeatures: 60_000,
};

/** The n-gram terms of a text (with repeats), word n-grams prefixed `w:` and char `c:`. */
export function textTerms(text: string, o: TfidfOptions): string[] {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const out: string[] = [];
  for (let n = o.wordNgrams[0]; n <= o.wordNgrams[1] && n > 0; n++) {
    for (let i = 0; i + n <= words.length; i++) out.push(`w:${words.slice(i, i + n).join(" ")}`);
  }
  if (o.charNgrams[0] > 0) {
    for (const word of words) {
      const padded = ` ${word} `;
      for (let n = o.charNgrams[0]; n <= o.charNgrams[1]; n++) {
        for (let i = 0; i + n <= padded.length; i++) out.push(`c:${padded.slice(i, i + n)}`);
      }
    }
  }
  return out;
}

/** A fitted vocabulary with idf weights. */
export interface TfidfModel {
  options: TfidfOptions;
  vocabulary: Map<string, number>;
  idf: Float32Array;
}

/** Learns the vocabulary and idf from training texts. */
export function fitTfidf(
  texts: readonly string[],
  options: Partial<TfidfOptions> = {},
): TfidfModel {
  const o = { ...defaultTfidfOptions, ...options };
  const df = new Map<string, number>();
  for (const text of texts) {
    for (const term of new Set(textTerms(text, o))) df.set(term, (df.get(term) ?? 0) + 1);
  }
  const kept = [...df.entries()]
    .filter(([, count]) => count >= o.minDocumentFrequency)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, o.maxFeatures);
  const vocabulary = new Map(kept.map(([term], i) => [term, i]));
  const n = texts.length;
  const idf = Float32Array.from(kept, ([, count]) => Math.log((1 + n) / (1 + count)) + 1);
  return { options: o, vocabulary, idf };
}

/** TF-IDF rows of texts (sublinear tf, L2-normalised; unknown terms ignored). */
export function transformTfidf(model: TfidfModel, texts: readonly string[]): SparseRows {
  const indptr = new Int32Array(texts.length + 1);
  const indices: number[] = [];
  const values: number[] = [];
  texts.forEach((text, r) => {
    const counts = new Map<number, number>();
    for (const term of textTerms(text, model.options)) {
      const id = model.vocabulary.get(term);
      if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const ids = [...counts.keys()].sort((a, b) => a - b);
    const weights = ids.map((id) => (1 + Math.log(counts.get(id)!)) * model.idf[id]!);
    const norm = Math.hypot(...weights) || 1;
    ids.forEach((id, t) => {
      indices.push(id);
      values.push(weights[t]! / norm);
    });
    indptr[r + 1] = indices.length;
  });
  return {
    rows: texts.length,
    columns: model.vocabulary.size,
    indptr,
    indices: Int32Array.from(indices),
    values: Float32Array.from(values),
  };
}
