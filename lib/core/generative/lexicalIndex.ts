/**
 * A TF-IDF index over label paths: the taxonomy's nearest part to a text when no embeddings are
 * stored, and the closest label to a generative answer that names none exactly. Words of the
 * label's own name weigh twice those of its ancestors, so `Auto Repair` ranks the repair label
 * above its siblings under `Automotive`.
 */

const stopWords = new Set(["and", "or", "the", "of", "for", "a", "an", "in", "on", "to", "with"]);

/** Lower-cased words with a plural `s` dropped, so `cars` meets `car`. */
export function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 && !stopWords.has(w))
    .map((w) => (w.length > 3 && w.endsWith("s") && !w.endsWith("ss") ? w.slice(0, -1) : w));
}

export interface LexicalLabel {
  id: number;
  path: readonly string[];
}

/** The fitted index: per word, the labels that hold it and their normalised weights. */
export interface LexicalIndex<T extends LexicalLabel> {
  labels: readonly T[];
  idf: Map<string, number>;
  postings: Map<string, { label: number; weight: number }[]>;
}

/** Fits the index over a taxonomy's labels (linear in the labels; 6,000 take milliseconds). */
export function createLexicalIndex<T extends LexicalLabel>(labels: readonly T[]): LexicalIndex<T> {
  const termsOf = labels.map((label) => {
    const counts = new Map<string, number>();
    label.path.forEach((segment, depth) => {
      const weight = depth === label.path.length - 1 ? 2 : 1;
      for (const w of wordsOf(segment)) counts.set(w, (counts.get(w) ?? 0) + weight);
    });
    return counts;
  });
  const df = new Map<string, number>();
  for (const counts of termsOf) for (const w of counts.keys()) df.set(w, (df.get(w) ?? 0) + 1);
  const idf = new Map<string, number>();
  for (const [w, n] of df) idf.set(w, Math.log((labels.length + 1) / (n + 1)) + 1);
  const postings = new Map<string, { label: number; weight: number }[]>();
  termsOf.forEach((counts, label) => {
    let norm = 0;
    const weighted = [...counts].map(([w, c]) => {
      const weight = c * idf.get(w)!;
      norm += weight * weight;
      return [w, weight] as const;
    });
    norm = Math.sqrt(norm) || 1;
    for (const [w, weight] of weighted) {
      let list = postings.get(w);
      if (!list) postings.set(w, (list = []));
      list.push({ label, weight: weight / norm });
    }
  });
  return { labels, idf, postings };
}

/** The `k` labels most similar to a text (cosine of TF-IDF vectors), best first; only matches. */
export function nearestLabelsByWords<T extends LexicalLabel>(
  index: LexicalIndex<T>,
  text: string,
  k: number,
): { label: T; score: number }[] {
  const counts = new Map<string, number>();
  for (const w of wordsOf(text)) if (index.idf.has(w)) counts.set(w, (counts.get(w) ?? 0) + 1);
  let norm = 0;
  const query = [...counts].map(([w, c]) => {
    const weight = (1 + Math.log(c)) * index.idf.get(w)!;
    norm += weight * weight;
    return [w, weight] as const;
  });
  norm = Math.sqrt(norm);
  if (norm === 0) return [];
  const scores = new Map<number, number>();
  for (const [w, weight] of query) {
    for (const p of index.postings.get(w)!) {
      scores.set(p.label, (scores.get(p.label) ?? 0) + (weight / norm) * p.weight);
    }
  }
  return [...scores]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, k)
    .map(([label, score]) => ({ label: index.labels[label]!, score }));
}
