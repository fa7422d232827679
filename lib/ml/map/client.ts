import type { ComputeOptions, ComputeResult, RestoreResult, TransformResult } from "./protocol";
import { MapWorkerRpc, type MapCallOptions } from "./rpc";

/**
 * The only module that creates the map worker. It connects lazily on first use, forgets a worker
 * that died (the next call starts a fresh one), and hands out typed calls. Vectors are
 * transferred, not copied: after a call the caller's Float32Array is detached.
 */

let connection: MapWorkerRpc | null = null;

function connect(): MapWorkerRpc {
  if (connection) return connection;
  const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
  const rpc = new MapWorkerRpc(worker, () => {
    if (connection === rpc) connection = null;
  });
  connection = rpc;
  return rpc;
}

/** Defaults for {@link computeMapLayout}: our engine, UMAP's 15 neighbours, a fixed seed. */
export const defaultComputeOptions: ComputeOptions = {
  engine: "fast",
  seed: 42,
  nNeighbors: 15,
  layoutEveryMs: 250,
};

/** Lays out `[n, dim]` vectors in 2-D in the worker (the vectors' buffer is transferred). */
export function computeMapLayout(
  vectors: Float32Array<ArrayBuffer>,
  dim: number,
  options: Partial<ComputeOptions> = {},
  call: Omit<MapCallOptions, "transfer"> = {},
): Promise<ComputeResult> {
  return connect().compute(
    { type: "compute", vectors, dim, options: { ...defaultComputeOptions, ...options } },
    { ...call, transfer: [vectors.buffer] },
  );
}

/** Places new vectors into a map computed earlier in this worker (`mapId` of its result). */
export function placeIntoMap(
  mapId: number,
  vectors: Float32Array<ArrayBuffer>,
  dim: number,
  call: Omit<MapCallOptions, "transfer"> = {},
): Promise<TransformResult> {
  return connect().transform(
    { type: "transform", mapId, vectors, dim },
    { ...call, transfer: [vectors.buffer] },
  );
}

/**
 * Rebuilds a stored map in the worker from the vectors of its points and their stored
 * coordinates (both transferred), so {@link placeIntoMap} can place points added since.
 */
export function restoreMap(
  vectors: Float32Array<ArrayBuffer>,
  dim: number,
  coordinates: Float32Array<ArrayBuffer>,
  options: Pick<ComputeOptions, "seed" | "nNeighbors"> = defaultComputeOptions,
  call: Omit<MapCallOptions, "transfer"> = {},
): Promise<RestoreResult> {
  return connect().restore(
    {
      type: "restore",
      vectors,
      dim,
      coordinates,
      seed: options.seed,
      nNeighbors: options.nNeighbors,
    },
    { ...call, transfer: [vectors.buffer, coordinates.buffer] },
  );
}

/** Stops the worker (and everything it runs); the next call starts a new one. */
export function disposeMapWorker(): void {
  connection?.dispose();
  connection = null;
}
