/**
 * The k-nearest-neighbour graph the layout is built from: for each point its `k` nearest other
 * points, nearest first, as flat typed arrays (100k x 15 neighbours is 12 MB here instead of the
 * hundreds of MB of nested JS arrays umap-js builds).
 */

/** Reports progress and is where long loops yield; may throw to cancel. */
export type Checkpoint = (done: number, total: number) => void | Promise<void>;

/** Each point's `k` nearest other points; slots not found yet are `-1` / `Infinity`. */
export interface KnnGraph {
  n: number;
  k: number;
  /** `[n * k]` neighbour indices, nearest first. */
  indices: Int32Array;
  /** `[n * k]` Euclidean distances, ascending within each point. */
  distances: Float32Array;
}

/** A graph with every slot empty. */
export function emptyKnnGraph(n: number, k: number): KnnGraph {
  return {
    n,
    k,
    indices: new Int32Array(n * k).fill(-1),
    distances: new Float32Array(n * k).fill(Infinity),
  };
}

/** Replaces squared distances by distances, in place. */
export function takeRoots(graph: KnnGraph): KnnGraph {
  const { distances } = graph;
  for (let p = 0; p < distances.length; p++) distances[p] = Math.sqrt(Math.max(0, distances[p]!));
  return graph;
}

/** `|A ∩ B| / k` averaged over points: how many true neighbours an approximate graph found. */
export function graphRecall(approx: KnnGraph, exact: KnnGraph): number {
  const { n, k } = exact;
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const truth = new Set(exact.indices.subarray(i * k, i * k + k));
    for (let p = 0; p < Math.min(k, approx.k); p++) {
      if (truth.has(approx.indices[i * approx.k + p]!)) hits++;
    }
  }
  return hits / (n * k);
}
