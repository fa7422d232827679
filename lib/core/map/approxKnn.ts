import {
  emptyKnnGraph,
  offerNeighbour,
  squaredDistance,
  takeRoots,
  type Checkpoint,
  type KnnGraph,
} from "./knnGraph";
import { randomInt, type Random } from "./random";

/**
 * Approximate k-nearest neighbours for maps too large for the exact `n^2` search: a forest of
 * random-projection trees proposes candidates (points that share a leaf), then rounds of
 * NN-descent's local join ("a neighbour of my neighbour is probably my neighbour") refine the
 * lists. Only pairs touching a list entry that changed in the last round are compared again, so
 * later rounds get cheap. This is the structure of pynndescent, on flat typed arrays.
 */

/** Options of {@link approximateKnn}. */
export interface ApproxKnnOptions {
  k: number;
  random: Random;
  trees?: number;
  leafSize?: number;
  /** Local-join rounds at most; stops earlier when a round changes few lists. */
  rounds?: number;
  /** Progress: trees and rounds done out of their total. */
  checkpoint?: Checkpoint;
}

/**
 * Default number of trees for `n` points. Trees are cheap next to a join round: on 5,000
 * clustered points (50-d) 8 trees and one round found 99.6% of the exact neighbours in 0.45 s,
 * where 4 trees and two rounds found 99.3% in 1 s.
 */
export function defaultTreeCount(n: number): number {
  return n > 50_000 ? 10 : 8;
}

/** Splits `order[lo, hi)` by a random hyperplane between two of its points; returns the cut. */
function splitSegment(
  points: Float64Array,
  dim: number,
  order: Int32Array,
  lo: number,
  hi: number,
  random: Random,
  normal: Float64Array,
): number {
  const size = hi - lo;
  const ia = randomInt(random, size);
  let ib = randomInt(random, size - 1);
  if (ib >= ia) ib++;
  const a = order[lo + ia]!;
  const b = order[lo + ib]!;
  let offset = 0;
  for (let c = 0; c < dim; c++) {
    const pa = points[a * dim + c]!;
    const pb = points[b * dim + c]!;
    normal[c] = pa - pb;
    offset += (pa - pb) * (pa + pb) * 0.5;
  }
  let left = lo;
  let right = hi - 1;
  while (left <= right) {
    const p = order[left]!;
    let side = -offset;
    for (let c = 0; c < dim; c++) side += normal[c]! * points[p * dim + c]!;
    const goLeft = side > 0 || (side === 0 && random() < 0.5);
    if (goLeft) left++;
    else {
      order[left] = order[right]!;
      order[right] = p;
      right--;
    }
  }
  // A degenerate plane (duplicates): cut in the middle so the recursion always ends.
  return left === lo || left === hi ? lo + (size >> 1) : left;
}

/** Builds one tree and offers every pair of points sharing a leaf to the graph. */
function joinTreeLeaves(
  points: Float64Array,
  dim: number,
  graph: KnnGraph,
  leafSize: number,
  random: Random,
): void {
  const n = graph.n;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const normal = new Float64Array(dim);
  const stack: number[] = [0, n];
  while (stack.length > 0) {
    const hi = stack.pop()!;
    const lo = stack.pop()!;
    if (hi - lo <= leafSize) {
      for (let x = lo; x < hi; x++) {
        const i = order[x]!;
        for (let y = x + 1; y < hi; y++) {
          const j = order[y]!;
          const d = squaredDistance(points, dim, i, j);
          offerNeighbour(graph, i, j, d);
          offerNeighbour(graph, j, i, d);
        }
      }
      continue;
    }
    const cut = splitSegment(points, dim, order, lo, hi, random, normal);
    stack.push(lo, cut, cut, hi);
  }
}

/** One local-join round; returns how many list entries changed. */
function localJoinRound(
  points: Float64Array,
  dim: number,
  graph: KnnGraph,
  isNew: Uint8Array,
): number {
  const { n, k, indices } = graph;
  const wasNew = isNew.slice();
  isNew.fill(0);
  let updates = 0;
  const mark = (i: number, j: number) => {
    const base = i * k;
    for (let p = base; p < base + k; p++) if (indices[p] === j) isNew[p] = 1;
  };
  for (let i = 0; i < n; i++) {
    const bi = i * k;
    for (let p = bi; p < bi + k; p++) {
      const j = indices[p]!;
      if (j < 0) continue;
      const pNew = wasNew[p] === 1;
      const bj = j * k;
      for (let q = bj; q < bj + k; q++) {
        const l = indices[q]!;
        if (l < 0 || l === i || (!pNew && wasNew[q] !== 1)) continue;
        const d = squaredDistance(points, dim, i, l);
        if (offerNeighbour(graph, i, l, d)) {
          mark(i, l);
          updates++;
        }
        if (offerNeighbour(graph, l, i, d)) {
          mark(l, i);
          updates++;
        }
      }
    }
  }
  return updates;
}

/**
 * Approximate `k` nearest neighbours of every row of `points` (`[n, dim]`), nearest first, with
 * Euclidean distances. Seeded through `options.random`, so the same input gives the same graph.
 */
export async function approximateKnn(
  points: Float64Array,
  dim: number,
  options: ApproxKnnOptions,
): Promise<KnnGraph> {
  const n = points.length / dim;
  const { k, random } = options;
  const trees = options.trees ?? defaultTreeCount(n);
  const leafSize = Math.max(options.leafSize ?? 32, k + 1);
  const rounds = options.rounds ?? 3;
  const total = trees + rounds;
  const graph = emptyKnnGraph(n, k);
  for (let t = 0; t < trees; t++) {
    joinTreeLeaves(points, dim, graph, leafSize, random);
    await options.checkpoint?.(t + 1, total);
  }
  const isNew = new Uint8Array(n * k).fill(1);
  for (let r = 0; r < rounds; r++) {
    const updates = localJoinRound(points, dim, graph, isNew);
    await options.checkpoint?.(trees + r + 1, total);
    if (updates < 0.01 * n * k) break;
  }
  await options.checkpoint?.(total, total);
  return takeRoots(graph);
}
