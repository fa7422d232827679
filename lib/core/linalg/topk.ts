import { forEachSimilarityBlock, type SimilarityBlockOptions } from "./gemm";
import { prepareSimdSimilarity } from "./simd";

/** The `k` most similar rows per query, best first; missing slots are `-1` / `-Infinity`. */
export interface TopK {
  k: number;
  /** `[queries * k]` row indices into the reference matrix. */
  indices: Int32Array;
  /** `[queries * k]` cosine similarities, descending within each query. */
  scores: Float32Array;
}

/** Options of {@link topKSimilar}. */
export interface TopKOptions {
  /**
   * Queries and references are the same matrix: skip `j === i`, so a creative is never its own
   * nearest neighbour (the kNN-distance signal among creatives).
   */
  excludeSelf?: boolean;
  /** Query rows per block of the similarity matrix (memory is `blockRows x references`). */
  blockRows?: number;
  /** Which similarity kernel computes the blocks; see {@link SimilarityBlockOptions}. */
  kernel?: SimilarityBlockOptions["kernel"];
}

/** An empty {@link TopK} result for `n` queries. */
export function emptyTopK(n: number, k: number): TopK {
  return {
    k,
    indices: new Int32Array(n * k).fill(-1),
    scores: new Float32Array(n * k).fill(-Infinity),
  };
}

/**
 * Scans one row of a similarity block into the sorted top-k slots at `base`. Most candidates
 * fail the first comparison with the current k-th score, so a small sorted insertion beats a
 * heap for the small `k` the detector uses (5 to 20).
 */
export function scanRowTopK(
  block: Float32Array,
  rowOffset: number,
  count: number,
  top: TopK,
  base: number,
  skip: number,
): void {
  const { k, scores, indices } = top;
  const last = base + k - 1;
  let floor = scores[last]!;
  for (let j = 0; j < count; j++) {
    const s = block[rowOffset + j]!;
    if (s <= floor || j === skip) continue;
    let p = last;
    while (p > base && scores[p - 1]! < s) {
      scores[p] = scores[p - 1]!;
      indices[p] = indices[p - 1]!;
      p--;
    }
    scores[p] = s;
    indices[p] = j;
    floor = scores[last]!;
  }
}

/**
 * Exact top-k by cosine of every query row among the reference rows (both unit-row matrices):
 * a blocked matrix product fused with the selection, so no more than one block of the
 * similarity matrix exists at a time. With WebAssembly SIMD both the product and the selection
 * run in the module (the scores never reach JavaScript); otherwise the TypeScript kernel and
 * {@link scanRowTopK} give the same result. Used for creatives x labels (suggestions) and creatives x
 * creatives (k-nearest-neighbour signals).
 */
export function topKSimilar(
  queries: Float32Array,
  references: Float32Array,
  dim: number,
  k: number,
  options: TopKOptions = {},
): TopK {
  const n = queries.length / dim;
  const m = references.length / dim;
  const top = emptyTopK(n, k);
  if (k === 0 || m === 0 || n === 0) return top;
  const blockRows = Math.max(1, Math.min(options.blockRows ?? 64, n));
  const simd =
    options.kernel === "typescript"
      ? undefined
      : prepareSimdSimilarity(references, dim, blockRows, k);
  if (simd) {
    const excludeSelf = options.excludeSelf ?? false;
    for (let start = 0; start < n; start += blockRows) {
      simd.topK(
        queries,
        start,
        Math.min(blockRows, n - start),
        top.scores,
        top.indices,
        excludeSelf,
      );
    }
    return top;
  }
  forEachSimilarityBlock(
    queries,
    references,
    dim,
    (start, rows, block) => {
      for (let i = 0; i < rows; i++) {
        const q = start + i;
        scanRowTopK(block, i * m, m, top, q * k, options.excludeSelf ? q : -1);
      }
    },
    { blockRows, kernel: "typescript" },
  );
  return top;
}
