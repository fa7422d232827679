import { UMAP } from "umap-js";
import { computeMap, type FittedMap, type MapPhase } from "@/lib/core/map/pipeline";
import { seededRandom } from "@/lib/core/map/random";
import type { ComputeOptions, ComputeResult } from "./protocol";

/**
 * The two layout engines the worker runs. `fast` is the product's: PCA, our own kNN graph and a
 * typed-array UMAP optimiser. `umap-js` is the library as shipped (its own NN-descent and sparse
 * matrices), kept so the benchmark can measure against it in the same worker, with the same
 * progress and cancel behaviour.
 */

/** What an engine reports while it runs; both callbacks may throw to cancel. */
export interface EngineHooks {
  phase: (phase: MapPhase, done: number, total: number) => Promise<void>;
  /** Live coordinates after an epoch; copy what you keep. */
  epoch: (epoch: number, nEpochs: number, coordinates: Float32Array) => Promise<void>;
}

/** An engine's outcome: the result to send and, for `fast`, the model `transform` reuses. */
export interface EngineOutcome {
  result: Omit<ComputeResult, "mapId">;
  fitted: FittedMap | null;
}

/** Runs the product's pipeline. */
export async function runFastEngine(
  vectors: Float32Array,
  dim: number,
  options: ComputeOptions,
  hooks: EngineHooks,
): Promise<EngineOutcome> {
  const start = performance.now();
  const fitted = await computeMap(
    vectors,
    dim,
    { seed: options.seed, nNeighbors: options.nNeighbors, nEpochs: options.nEpochs },
    {
      checkpoint: (phase, done, total) => hooks.phase(phase, done, total),
      onEpoch: (epoch, nEpochs, coordinates) => hooks.epoch(epoch, nEpochs, coordinates),
    },
  );
  return {
    fitted,
    result: {
      kind: "compute",
      coordinates: fitted.coordinates.slice(),
      nEpochs: fitted.nEpochs,
      knnMethod: fitted.knnMethod,
      timings: { ...fitted.timings, totalMs: performance.now() - start },
    },
  };
}

/** Runs stock umap-js (its default parameters, seeded). */
export async function runUmapJsEngine(
  vectors: Float32Array,
  dim: number,
  options: ComputeOptions,
  hooks: EngineHooks,
): Promise<EngineOutcome> {
  const start = performance.now();
  const n = vectors.length / dim;
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) rows.push(Array.from(vectors.subarray(i * dim, (i + 1) * dim)));
  const umap = new UMAP({
    random: seededRandom(options.seed),
    nNeighbors: options.nNeighbors,
    nEpochs: options.nEpochs,
  });
  await hooks.phase("neighbours", 0, 1);
  // One opaque call: umap-js's NN-descent and graph; it cannot report progress or stop inside.
  const nEpochs = umap.initializeFit(rows);
  const neighboursMs = performance.now() - start;
  await hooks.phase("neighbours", 1, 1);
  const live = new Float32Array(n * 2);
  const copyOut = () => {
    umap.getEmbedding().forEach((p, i) => {
      live[2 * i] = p[0] ?? 0;
      live[2 * i + 1] = p[1] ?? 0;
    });
  };
  const epochsStart = performance.now();
  for (let e = 0; e < nEpochs; e++) {
    umap.step();
    if (e % 10 === 9) copyOut();
    await hooks.epoch(e + 1, nEpochs, live);
  }
  copyOut();
  const end = performance.now();
  return {
    fitted: null,
    result: {
      kind: "compute",
      coordinates: live,
      nEpochs,
      knnMethod: "umap-js",
      timings: {
        pcaMs: 0,
        neighboursMs,
        graphMs: 0,
        epochsMs: end - epochsStart,
        totalMs: end - start,
      },
    },
  };
}
