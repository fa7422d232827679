import { approximateKnn, type ApproxKnnOptions } from "./approxKnn";
import { exactKnn } from "./exactKnn";
import { fuzzyEdges } from "./fuzzyGraph";
import type { KnnGraph } from "./knnGraph";
import { defaultEpochs, LayoutOptimizer } from "./layout";
import { fitPca, projectRows, type PcaModel } from "./pca";
import { gaussian, seededRandom } from "./random";

/**
 * The map pipeline: cosine space -> PCA -> kNN graph -> fuzzy graph -> seeded layout. Pure and
 * async only so that the caller (the map worker) can report progress and cancel at its
 * checkpoints; every step is deterministic for a given seed.
 */

/** Phases reported to the checkpoint, in order. */
export type MapPhase = "pca" | "neighbours" | "graph" | "epochs";

/** Options of {@link computeMap}. */
export interface MapOptions {
  /** UMAP's n_neighbors (the point itself included, as in umap-js). */
  nNeighbors: number;
  /** PCA components before the neighbour search. */
  components: number;
  /** Epochs; by default chosen from the point count ({@link defaultEpochs}). */
  nEpochs?: number;
  seed: number;
  /** Up to this many points the neighbour search is exact; above it, approximate. */
  exactMaxPoints: number;
  /** Tuning of the approximate search (trees, leaf size, join rounds); defaults by size. */
  approximate?: Pick<ApproxKnnOptions, "trees" | "leafSize" | "rounds">;
}

export const defaultMapOptions: MapOptions = {
  nNeighbors: 15,
  components: 50,
  seed: 42,
  // Exact search costs n^2 x 50 multiply-adds (1.1 s at 5k points here, where the approximate
  // search took 0.45 s at 99.6% recall), so it is kept for small maps.
  exactMaxPoints: 2_000,
};

/** Hooks the pipeline awaits; `checkpoint` may throw to cancel. */
export interface MapHooks {
  checkpoint?: (phase: MapPhase, done: number, total: number) => void | Promise<void>;
  /** After each epoch, with the live coordinates (copy what you keep). */
  onEpoch?: (epoch: number, nEpochs: number, coordinates: Float32Array) => void | Promise<void>;
}

/** Milliseconds spent per phase. */
export interface MapTimings {
  pcaMs: number;
  neighboursMs: number;
  graphMs: number;
  epochsMs: number;
}

/** A computed map and what placing new points into it needs. */
export interface FittedMap {
  /** `[n, 2]` layout. */
  coordinates: Float32Array;
  pca: PcaModel;
  /** `[n, components]` PCA coordinates of the fitted points. */
  projected: Float64Array;
  graph: KnnGraph;
  options: MapOptions;
  nEpochs: number;
  knnMethod: "exact" | "approximate";
  timings: MapTimings;
}

/** A PCA-based start (the first two components scaled to +-10, as umap-learn's `init="pca"`). */
export function pcaInitialLayout(
  projected: Float64Array,
  components: number,
  seed: number,
): Float32Array {
  const n = projected.length / components;
  const out = new Float32Array(n * 2);
  let max = 0;
  for (let i = 0; i < n; i++) {
    out[2 * i] = projected[i * components]!;
    out[2 * i + 1] = components > 1 ? projected[i * components + 1]! : 0;
    max = Math.max(max, Math.abs(out[2 * i]!), Math.abs(out[2 * i + 1]!));
  }
  const scale = max > 0 ? 10 / max : 1;
  const random = seededRandom(seed ^ 0x5eed);
  for (let p = 0; p < out.length; p++) out[p] = out[p]! * scale + 1e-4 * gaussian(random);
  return out;
}

/**
 * Maps `[n, dim]` vectors (any scale; compared by cosine) to 2-D. Needs more points than
 * `nNeighbors`.
 */
export async function computeMap(
  vectors: Float32Array,
  dim: number,
  options: Partial<MapOptions> = {},
  hooks: MapHooks = {},
): Promise<FittedMap> {
  const opts: MapOptions = { ...defaultMapOptions, ...options };
  const n = vectors.length / dim;
  if (!Number.isInteger(n)) throw new Error(`${vectors.length} floats are not whole ${dim}-d rows`);
  if (n <= opts.nNeighbors) {
    throw new Error(`a map needs more than ${opts.nNeighbors} points (got ${n})`);
  }
  const k = opts.nNeighbors - 1;
  const random = seededRandom(opts.seed);
  const clock = () => performance.now();

  let t = clock();
  await hooks.checkpoint?.("pca", 0, 1);
  const pca = fitPca(vectors, dim, {
    components: opts.components,
    seed: opts.seed,
    unitRows: true,
  });
  const projected = projectRows(pca, vectors, { unitRows: true });
  await hooks.checkpoint?.("pca", 1, 1);
  const pcaMs = clock() - t;

  t = clock();
  const checkpoint = (done: number, total: number) => hooks.checkpoint?.("neighbours", done, total);
  const exact = n <= opts.exactMaxPoints;
  const graph = exact
    ? await exactKnn(projected, projected, pca.components, k, { sameSet: true, checkpoint })
    : await approximateKnn(projected, pca.components, {
        ...opts.approximate,
        k,
        random,
        checkpoint,
      });
  const neighboursMs = clock() - t;

  t = clock();
  const nEpochs = opts.nEpochs ?? defaultEpochs(n);
  const edges = fuzzyEdges(graph, nEpochs);
  const coordinates = pcaInitialLayout(projected, pca.components, opts.seed);
  await hooks.checkpoint?.("graph", 1, 1);
  const graphMs = clock() - t;

  t = clock();
  const optimizer = new LayoutOptimizer(edges, coordinates, { nEpochs, random });
  while (!optimizer.done) {
    optimizer.step();
    await hooks.onEpoch?.(optimizer.epoch, nEpochs, coordinates);
  }
  const epochsMs = clock() - t;

  return {
    coordinates,
    pca,
    projected,
    graph,
    options: opts,
    nEpochs,
    knnMethod: exact ? "exact" : "approximate",
    timings: { pcaMs, neighboursMs, graphMs, epochsMs },
  };
}
