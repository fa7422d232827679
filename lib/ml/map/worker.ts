/// <reference lib="webworker" />
import { requestIdOf } from "../messages";
import type { FittedMap } from "@/lib/core/map/pipeline";
import { placeNewPoints } from "@/lib/core/map/transform";
import { runFastEngine, runUmapJsEngine, type EngineHooks } from "./engines";
import { Pacer, throttle } from "./pacer";
import { restoreFittedMap } from "./restore";
import {
  MapError,
  parseMapRequest,
  type ComputeRequest,
  type MapProgress,
  type MapReply,
  type RestoreRequest,
  type TransformRequest,
} from "./protocol";

/**
 * The map worker: the only place UMAP and the neighbour search run in the browser. Vectors
 * arrive transferred and stay here; the page gets 2-D coordinates, progress, and the layout
 * while epochs run. The last few fitted (or restored) maps are kept so new points can be placed
 * into them.
 */

const scope = self as unknown as DedicatedWorkerGlobalScope;
/** Fitted maps kept for `transform` (each holds its PCA coordinates: ~40 MB at 100k points). */
const keptMaps = 3;
const fittedMaps = new Map<number, FittedMap>();
const running = new Map<number, Pacer>();
let nextMapId = 1;

function post(reply: MapReply, transfer: Transferable[] = []): void {
  scope.postMessage(reply, transfer);
}

function progress(id: number, value: MapProgress, transfer: Transferable[] = []): void {
  post({ type: "progress", id, progress: value }, transfer);
}

function fail(id: number, error: unknown): void {
  if (error instanceof MapError) {
    post({ type: "error", id, code: error.code, message: error.message });
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  post({ type: "error", id, code: "internal", message });
}

async function compute(request: ComputeRequest, pacer: Pacer): Promise<void> {
  const { id, vectors, dim, options } = request;
  if (vectors.length % dim !== 0) {
    throw new MapError("bad_request", `${vectors.length} floats are not whole ${dim}-d rows`);
  }
  let epochSeen = 0;
  let epochsTotal = 0;
  const sendPhase = throttle<MapProgress>(100, (value) => progress(id, value));
  const sendLayout =
    options.layoutEveryMs > 0
      ? throttle<Float32Array>(options.layoutEveryMs, (coordinates) => {
          const copy = coordinates.slice();
          progress(
            id,
            { kind: "layout", epoch: epochSeen, nEpochs: epochsTotal, coordinates: copy },
            [copy.buffer],
          );
        })
      : null;
  const hooks: EngineHooks = {
    phase: async (phase, done, total) => {
      sendPhase({ kind: "phase", phase, done, total }, done === 0 || done === total);
      await pacer.check();
    },
    epoch: async (epoch, nEpochs, coordinates) => {
      epochSeen = epoch;
      epochsTotal = nEpochs;
      sendPhase({ kind: "phase", phase: "epochs", done: epoch, total: nEpochs }, epoch === nEpochs);
      if (epoch < nEpochs) sendLayout?.(coordinates);
      await pacer.check();
    },
  };
  const run = options.engine === "fast" ? runFastEngine : runUmapJsEngine;
  const { result, fitted } = await run(vectors, dim, options, hooks);
  const mapId = fitted ? keep(fitted) : nextMapId++;
  post({ type: "result", id, result: { ...result, mapId } }, [result.coordinates.buffer]);
}

/** Keeps a fitted map for `transform`, forgetting the oldest beyond {@link keptMaps}. */
function keep(fitted: FittedMap): number {
  const mapId = nextMapId++;
  fittedMaps.set(mapId, fitted);
  for (const key of fittedMaps.keys()) {
    if (fittedMaps.size <= keptMaps) break;
    fittedMaps.delete(key);
  }
  return mapId;
}

function restore(request: RestoreRequest): void {
  const { id, vectors, dim, coordinates, seed, nNeighbors } = request;
  const n = vectors.length / dim;
  if (!Number.isInteger(n) || coordinates.length !== n * 2) {
    throw new MapError("bad_request", `${n} vectors do not match ${coordinates.length / 2} points`);
  }
  const mapId = keep(restoreFittedMap(vectors, dim, coordinates, { seed, nNeighbors }));
  post({ type: "result", id, result: { kind: "restore", mapId } });
}

async function transform(request: TransformRequest): Promise<void> {
  const fitted = fittedMaps.get(request.mapId);
  if (!fitted) {
    throw new MapError("unknown_map", `map ${request.mapId} is not in this worker any more`);
  }
  const coordinates = await placeNewPoints(fitted, request.vectors, request.dim);
  post({ type: "result", id: request.id, result: { kind: "transform", coordinates } }, [
    coordinates.buffer,
  ]);
}

scope.addEventListener("message", (event: MessageEvent<unknown>) => {
  const parsed = parseMapRequest(event.data);
  if (!parsed.ok) {
    const id = requestIdOf(event.data);
    fail(id, new MapError("bad_request", `unreadable request (${parsed.reason})`));
    return;
  }
  const request = parsed.value;
  if (request.type === "cancel") {
    running.get(request.target)?.cancel();
    return;
  }
  const pacer = new Pacer();
  running.set(request.id, pacer);
  const work =
    request.type === "compute"
      ? compute(request, pacer)
      : request.type === "restore"
        ? Promise.resolve().then(() => restore(request))
        : transform(request);
  work.catch((error: unknown) => fail(request.id, error)).finally(() => running.delete(request.id));
});
