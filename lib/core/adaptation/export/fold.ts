import type { DenseAdapter } from "../adapter";

/**
 * The embedding table with a Dense adapter folded in: row `r` becomes `W e_r`.
 *
 * Exact for the bundled static encoder, whose text embedding is `normalize(sum_t e_t)` over the
 * text's token rows (`embedTokenIds`; transformers.js' mean pooling + normalisation gives the
 * same, the count cancels): `normalize(W normalize(sum_t e_t)) = normalize(W sum_t e_t)
 * = normalize(sum_t W e_t)`, since a positive scale passes through `W` and `normalize`. Padding
 * rows are multiplied by the mask before pooling, so they are unaffected, and a zero row stays
 * zero. Accumulates in float64 so the folded rows are the correctly rounded products.
 */
export function foldAdapterIntoTable(
  table: Float32Array,
  vocabSize: number,
  adapter: DenseAdapter,
): Float32Array {
  const { dim, weight } = adapter;
  if (table.length !== vocabSize * dim) {
    throw new Error(`table: ${table.length} values, expected ${vocabSize} x ${dim}`);
  }
  const folded = new Float32Array(table.length);
  for (let r = 0; r < vocabSize; r++) {
    const row = r * dim;
    for (let o = 0; o < dim; o++) {
      const w = o * dim;
      let sum = 0;
      for (let k = 0; k < dim; k++) sum += weight[w + k]! * table[row + k]!;
      folded[row + o] = sum;
    }
  }
  return folded;
}
