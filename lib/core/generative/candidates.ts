import {
  createLexicalIndex,
  nearestLabelsByWords,
  type LexicalIndex,
  type LexicalLabel,
} from "./lexicalIndex";

/**
 * The part of the taxonomy a prompt lists for one creative: its nearest labels in the embedding
 * space when the creative and the labels have stored vectors, else by shared words; topped up with
 * the top-level labels so the model always sees the taxonomy's outline. This is what keeps a
 * prompt small at 6,000 labels.
 */
export interface CandidateFinder<T extends LexicalLabel> {
  /** `vector`: the creative's stored text vector, when there is one from the labels' model. */
  candidatesFor(text: string, vector: Float32Array | null, k: number): T[];
}

/** Label vectors of one model, row-normalised, in the order of `labels`. */
export interface LabelVectors {
  dim: number;
  /** Label index -> row in `matrix`; labels without a vector are absent. */
  rows: Map<number, number>;
  matrix: Float32Array;
}

/** Packs label vectors (by label id) into a normalised matrix for cosine scans. */
export function packLabelVectors(
  labels: readonly LexicalLabel[],
  vectors: Map<number, Float32Array>,
): LabelVectors | null {
  const first = vectors.values().next().value;
  if (!first) return null;
  const dim = first.length;
  const rows = new Map<number, number>();
  labels.forEach((l, i) => {
    if (vectors.get(l.id)?.length === dim) rows.set(i, rows.size);
  });
  const matrix = new Float32Array(rows.size * dim);
  for (const [i, row] of rows) {
    const v = vectors.get(labels[i]!.id)!;
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += v[d]! * v[d]!;
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < dim; d++) matrix[row * dim + d] = v[d]! / norm;
  }
  return { dim, rows, matrix };
}

function nearestByVector<T extends LexicalLabel>(
  labels: readonly T[],
  packed: LabelVectors,
  vector: Float32Array,
  k: number,
): T[] {
  const scored: [number, number][] = [];
  for (const [i, row] of packed.rows) {
    let dot = 0;
    const offset = row * packed.dim;
    for (let d = 0; d < packed.dim; d++) dot += packed.matrix[offset + d]! * vector[d]!;
    scored.push([i, dot]);
  }
  scored.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  return scored.slice(0, k).map(([i]) => labels[i]!);
}

/** A finder over a taxonomy's labels, with their vectors when the embedding space has them. */
export function createCandidateFinder<T extends LexicalLabel>(
  labels: readonly T[],
  vectors: LabelVectors | null,
  lexical: LexicalIndex<T> = createLexicalIndex(labels),
): CandidateFinder<T> {
  const outline = labels.filter((l) => l.path.length === 1);
  return {
    candidatesFor(text, vector, k) {
      const useVector = vectors && vector && vector.length === vectors.dim && vectors.rows.size > 0;
      const nearest = useVector
        ? nearestByVector(labels, vectors, vector, k)
        : nearestLabelsByWords(lexical, text, k).map((m) => m.label);
      const chosen = new Set(nearest);
      for (const top of outline) {
        if (chosen.size >= k) break;
        chosen.add(top);
      }
      return [...chosen];
    },
  };
}
