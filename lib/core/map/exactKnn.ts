import { forEachSimilarityBlock } from "@/lib/core/linalg/gemm";
import { emptyKnnGraph, takeRoots, type Checkpoint, type KnnGraph } from "./knnGraph";

/**
 * Exact k-nearest neighbours by Euclidean distance: the blocked dot-product kernel gives
 * `a . b`, and `|a - b|^2 = |a|^2 + |b|^2 - 2 a . b`, so ranking by `a . b - |b|^2 / 2` needs no
 * extra pass. Cost is `n^2 x dim`: the right tool for a few thousand points, for the reference
 * graph in tests, and for placing a handful of new points into a fitted map.
 */

/** Query rows per chunk between checkpoints. */
const chunkRows = 256;

/**
 * The `k` nearest rows of `references` for each row of `queries` (both `[rows, dim]`). With
 * `sameSet`, queries are the references and a point is never its own neighbour.
 */
export async function exactKnn(
  queries: Float64Array,
  references: Float64Array,
  dim: number,
  k: number,
  options: { sameSet: boolean; checkpoint?: Checkpoint },
): Promise<KnnGraph> {
  const n = queries.length / dim;
  const m = references.length / dim;
  const graph = emptyKnnGraph(n, k);
  const half = new Float32Array(m);
  for (let j = 0; j < m; j++) {
    let s = 0;
    for (let c = 0; c < dim; c++) s += references[j * dim + c]! ** 2;
    half[j] = s / 2;
  }
  const refs32 = Float32Array.from(references);
  const { indices, distances } = graph;
  for (let start = 0; start < n; start += chunkRows) {
    const rows = Math.min(chunkRows, n - start);
    const chunk = Float32Array.from(queries.subarray(start * dim, (start + rows) * dim));
    forEachSimilarityBlock(chunk, refs32, dim, (blockStart, blockRows, block) => {
      for (let r = 0; r < blockRows; r++) {
        const q = start + blockStart + r;
        const base = q * k;
        const last = base + k - 1;
        // Scores: larger is nearer. `distances` holds negated scores until the end.
        let floor = -distances[last]!;
        const o = r * m;
        for (let j = 0; j < m; j++) {
          const s = block[o + j]! - half[j]!;
          if (s <= floor || (options.sameSet && j === q)) continue;
          let p = last;
          while (p > base && -distances[p - 1]! < s) {
            distances[p] = distances[p - 1]!;
            indices[p] = indices[p - 1]!;
            p--;
          }
          distances[p] = -s;
          indices[p] = j;
          floor = -distances[last]!;
        }
        // Back to squared distances: |q|^2 - 2 score.
        let qq = 0;
        for (let c = 0; c < dim; c++) qq += queries[q * dim + c]! ** 2;
        for (let p = base; p <= last; p++) {
          if (indices[p]! >= 0) distances[p] = qq + 2 * distances[p]!;
        }
      }
    });
    await options.checkpoint?.(start + rows, n);
  }
  return takeRoots(graph);
}
