import { forEachSimilarityBlock } from "@/lib/core/linalg/gemm";

/**
 * How well a 2-D layout keeps the neighbourhoods of the original space, measured on a sample of
 * points (the full measure is `n^2 x dim`):
 * - kNN recall: the share of a point's k nearest neighbours in the original space that are also
 *   among its k nearest on the map;
 * - trustworthiness (Venna & Kaski): penalises map neighbours that are far in the original space,
 *   by how far down their original ranking they are; 1 is perfect, ~0.5 is random.
 * The original space is compared by cosine (rows must be unit vectors); the map by Euclidean.
 */

/** Both measures for one layout. */
export interface LayoutQuality {
  k: number;
  sampled: number;
  trustworthiness: number;
  knnRecall: number;
}

/** Indices of the `k` largest values of `row`, skipping `self`. */
function topIndices(row: Float32Array, k: number, self: number): Int32Array {
  const best = new Int32Array(k).fill(-1);
  const scores = new Float32Array(k).fill(-Infinity);
  for (let j = 0; j < row.length; j++) {
    const s = row[j]!;
    if (j === self || s <= scores[k - 1]!) continue;
    let p = k - 1;
    while (p > 0 && scores[p - 1]! < s) {
      scores[p] = scores[p - 1]!;
      best[p] = best[p - 1]!;
      p--;
    }
    scores[p] = s;
    best[p] = j;
  }
  return best;
}

/**
 * Trustworthiness and kNN recall at `k` over the sampled points. `unitVectors` is `[n, dim]`
 * of unit rows; `layout` is `[n, 2]`.
 */
export function layoutQuality(
  unitVectors: Float32Array,
  dim: number,
  layout: Float32Array,
  sample: Int32Array,
  k: number,
): LayoutQuality {
  const n = layout.length / 2;
  const queries = new Float32Array(sample.length * dim);
  sample.forEach((i, s) => queries.set(unitVectors.subarray(i * dim, (i + 1) * dim), s * dim));
  const lowRow = new Float32Array(n);
  let penalty = 0;
  let hits = 0;
  forEachSimilarityBlock(
    queries,
    unitVectors,
    dim,
    (start, rows, block) => {
      for (let r = 0; r < rows; r++) {
        const i = sample[start + r]!;
        const high = block.subarray(r * n, (r + 1) * n);
        const highTop = new Set(topIndices(high, k, i));
        const xi = layout[2 * i]!;
        const yi = layout[2 * i + 1]!;
        for (let j = 0; j < n; j++) {
          const dx = layout[2 * j]! - xi;
          const dy = layout[2 * j + 1]! - yi;
          lowRow[j] = -(dx * dx + dy * dy);
        }
        for (const j of topIndices(lowRow, k, i)) {
          if (highTop.has(j)) {
            hits++;
            continue;
          }
          // Rank of j among i's original neighbours (1 = nearest).
          const s = high[j]!;
          let rank = 1;
          for (let l = 0; l < n; l++) if (l !== i && high[l]! > s) rank++;
          penalty += rank - k;
        }
      }
    },
    16,
  );
  const m = sample.length;
  return {
    k,
    sampled: m,
    trustworthiness: 1 - (2 / (m * k * (2 * n - 3 * k - 1))) * penalty,
    knnRecall: hits / (m * k),
  };
}
