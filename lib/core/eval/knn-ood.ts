import type { ReferenceSet, Signals } from "@/lib/core/detector/types";
import type { BaselineScores } from "./baseline-scores";

/**
 * Deep nearest-neighbour out-of-distribution detection (Sun et al. 2022) on the detector's own
 * reference neighbours: the distance to the k-th nearest trusted embedding, which needs no class
 * model at all, and for a wrong label the plain k-nearest-neighbour vote against it. It differs
 * from `knn_distance` (mean cosine over all neighbours) and from the detector's
 * similarity-weighted disagreement, which is why a reviewer would ask for it separately.
 */

/** The paper's k for small sets; capped at the neighbours the signals hold. */
export const defaultKnnOodK = 10;

type NeighbourSignals = Pick<Signals, "n" | "neighbourRows" | "neighbourSims" | "neighbours">;

/**
 * `new` = 1 - cosine to the k-th nearest reference row (for unit rows, monotone in the paper's
 * Euclidean distance between normalised features; an item with fewer neighbours uses its last
 * one, and with none scores 2, the largest cosine distance). `wrong` = share of the k nearest
 * reference rows whose label is not the predicted one (1 where there are none).
 */
export function knnOodScores(
  signals: NeighbourSignals,
  reference: Pick<ReferenceSet, "labels">,
  predicted: Int32Array,
  k = defaultKnnOodK,
): BaselineScores {
  const width = signals.neighbours;
  const kk = Math.max(1, Math.min(k, width));
  const wrong = new Float32Array(signals.n);
  const fresh = new Float32Array(signals.n);
  for (let i = 0; i < signals.n; i++) {
    let found = 0;
    let disagree = 0;
    let kth = -1;
    for (let s = 0; s < kk; s++) {
      const row = signals.neighbourRows[i * width + s]!;
      if (row < 0) break;
      found++;
      kth = signals.neighbourSims[i * width + s]!;
      if (reference.labels[row] !== predicted[i]) disagree++;
    }
    fresh[i] = 1 - kth;
    wrong[i] = found > 0 ? disagree / found : 1;
  }
  return { name: "knn_ood", wrong, new: fresh };
}
