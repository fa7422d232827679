/**
 * The static-embedding encoder (as Sentence Transformers' StaticEmbedding / Model2Vec): a token
 * table `[vocabSize, dim]`; a text's embedding is the L2-normalised masked mean of its tokens'
 * rows. Because the mean is normalised, the token count cancels and row norms act as learned token
 * weights. This module is the TS forward pass that the ONNX graph + transformers.js' feature-
 * extraction pipeline (`pooling: "mean", normalize: true`) reproduce, and its backward pass.
 */
export interface StaticEmbeddingModel {
  readonly vocabSize: number;
  readonly dim: number;
  /** Row-major `[vocabSize, dim]`. */
  readonly table: Float32Array;
}

/** Norms below this are treated as zero so an all-zero text does not divide by zero. */
const minNorm = 1e-12;

/**
 * Masked mean pooling of `hidden [batch, seq, dim]` with `mask [batch, seq]` (1 = token,
 * 0 = padding), as transformers.js' `mean_pooling` computes it. Returns `[batch, dim]`.
 */
export function maskedMeanPool(
  hidden: Float32Array,
  mask: ArrayLike<number>,
  batch: number,
  seq: number,
  dim: number,
): Float32Array {
  const out = new Float32Array(batch * dim);
  for (let b = 0; b < batch; b++) {
    let count = 0;
    const o = b * dim;
    for (let s = 0; s < seq; s++) {
      const m = mask[b * seq + s] ?? 0;
      if (m === 0) continue;
      count += m;
      const h = (b * seq + s) * dim;
      for (let k = 0; k < dim; k++) out[o + k]! += m * hidden[h + k]!;
    }
    for (let k = 0; k < dim; k++) out[o + k]! /= count;
  }
  return out;
}

/** L2-normalises each `dim`-long row of `rows` in place; returns the norms before scaling. */
export function normalizeRows(rows: Float32Array, dim: number): Float32Array {
  const n = rows.length / dim;
  const norms = new Float32Array(n);
  for (let r = 0; r < n; r++) {
    const o = r * dim;
    let sq = 0;
    for (let k = 0; k < dim; k++) sq += rows[o + k]! * rows[o + k]!;
    const norm = Math.sqrt(sq);
    norms[r] = norm;
    const inv = norm > minNorm ? 1 / norm : 0;
    for (let k = 0; k < dim; k++) rows[o + k]! *= inv;
  }
  return norms;
}

/**
 * Embeds token-id sequences (each already `[CLS] ... [SEP]`): the mean of their rows, L2
 * normalised. Returns `{ embeddings [n, dim], norms }`, where `norms[i]` is the norm of the
 * token *sum* (what {@link backpropToTable} needs). The mean uses float64 accumulation per text
 * to stay within 1e-6 of ONNX Runtime's float32 result.
 */
export function embedTokenIds(
  model: StaticEmbeddingModel,
  sequences: readonly ArrayLike<number>[],
): { embeddings: Float32Array; sumNorms: Float32Array } {
  const { dim, table } = model;
  const embeddings = new Float32Array(sequences.length * dim);
  const sumNorms = new Float32Array(sequences.length);
  const acc = new Float64Array(dim);
  sequences.forEach((ids, i) => {
    acc.fill(0);
    for (let t = 0; t < ids.length; t++) {
      const row = (ids[t] ?? 0) * dim;
      for (let k = 0; k < dim; k++) acc[k]! += table[row + k]!;
    }
    let sq = 0;
    for (let k = 0; k < dim; k++) sq += acc[k]! * acc[k]!;
    const norm = Math.sqrt(sq);
    sumNorms[i] = norm;
    const inv = norm > minNorm ? 1 / norm : 0;
    const o = i * dim;
    for (let k = 0; k < dim; k++) embeddings[o + k] = acc[k]! * inv;
  });
  return { embeddings, sumNorms };
}

/**
 * Gradient rows for a sparse set of table rows: a dense `[vocabSize, dim]` buffer plus the list
 * of rows touched since the last {@link SparseRowGradient.clear}, so an optimiser step and the
 * reset cost only the rows a batch used.
 */
export class SparseRowGradient {
  readonly values: Float32Array;
  readonly touched: number[] = [];
  private readonly isTouched: Uint8Array;

  constructor(
    readonly vocabSize: number,
    readonly dim: number,
  ) {
    this.values = new Float32Array(vocabSize * dim);
    this.isTouched = new Uint8Array(vocabSize);
  }

  /** Adds `scale * vector[offset .. offset+dim)` to row `row`. */
  addRow(row: number, vector: Float32Array, offset: number, scale: number): void {
    if (this.isTouched[row] === 0) {
      this.isTouched[row] = 1;
      this.touched.push(row);
    }
    const o = row * this.dim;
    for (let k = 0; k < this.dim; k++) this.values[o + k]! += scale * vector[offset + k]!;
  }

  clear(): void {
    for (const row of this.touched) {
      this.values.fill(0, row * this.dim, (row + 1) * this.dim);
      this.isTouched[row] = 0;
    }
    this.touched.length = 0;
  }
}

/**
 * Backpropagates gradients w.r.t. normalised embeddings `u = s / |s|` (s = sum of token rows) to
 * the table rows: `dL/ds = (g - (g.u) u) / |s|`, added once per token occurrence. The mean's 1/n
 * cancels under normalisation, so it does not appear.
 */
export function backpropToTable(
  sequences: readonly ArrayLike<number>[],
  embeddings: Float32Array,
  sumNorms: Float32Array,
  gradEmbeddings: Float32Array,
  dim: number,
  into: SparseRowGradient,
): void {
  const g = new Float32Array(dim);
  sequences.forEach((ids, i) => {
    const norm = sumNorms[i] ?? 0;
    if (norm <= minNorm) return;
    const o = i * dim;
    let dot = 0;
    for (let k = 0; k < dim; k++) dot += gradEmbeddings[o + k]! * embeddings[o + k]!;
    for (let k = 0; k < dim; k++) g[k] = (gradEmbeddings[o + k]! - dot * embeddings[o + k]!) / norm;
    for (let t = 0; t < ids.length; t++) into.addRow(ids[t] ?? 0, g, 0, 1);
  });
}
