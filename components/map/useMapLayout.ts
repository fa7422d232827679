"use client";

import { useEffect, useRef, useState } from "react";
import {
  computeMapLayout,
  defaultComputeOptions,
  placeIntoMap,
  restoreMap,
} from "@/lib/ml/map/client";
import { MapError, type MapPhase } from "@/lib/ml/map/protocol";
import { matchStoredLayout, rowsAt } from "@/lib/ml/map/storedLayout";
import type { MapData } from "./mapData";
import type { StoredLayout } from "./storedMaps";

/**
 * Lays out the loaded data and exposes its state: progress per phase, the live coordinates while
 * epochs run, the final ones, or the error. With a store, the stored map opens at once when
 * there is one (points added since are placed into it with UMAP's transform, in the worker),
 * and a computed or completed map is stored for the next analyst. A new input or unmounting
 * cancels the running work, and every state carries the input it belongs to, so a stale layout
 * never lands on a newer map.
 */

export type LayoutState =
  | { status: "loading" }
  | {
      status: "running";
      phase: MapPhase | "placing";
      done: number;
      total: number;
      coordinates: Float32Array | null;
    }
  | {
      status: "done";
      coordinates: Float32Array;
      seconds: number;
      /** `stored`: opened from the server; `computed`: laid out in this browser. */
      origin: "stored" | "computed";
      /** Points placed into a stored map because they were added after it was computed. */
      placed: number;
      knnMethod: string | null;
      storedBy: string | null;
      /** Why storing the map failed (the map itself is fine). */
      saveError: string | null;
    }
  | { status: "cancelled"; coordinates: Float32Array | null }
  | { status: "error"; message: string };

/** Where a map is stored: read before computing, written after. */
export interface LayoutStore {
  load(signal: AbortSignal): Promise<StoredLayout | null>;
  save(coordinates: Float32Array, params: Record<string, unknown>): Promise<void>;
}

interface Tagged {
  data: MapData;
  runId: number;
  state: LayoutState;
}

const loading: LayoutState = { status: "loading" };

/**
 * Lays out `data`; `runId` 0 opens the stored map when `store` has one, a later `runId`
 * recomputes; `cancel()` stops the running computation.
 */
export function useMapLayout(data: MapData | null, runId: number, store: LayoutStore | null) {
  const [tagged, setTagged] = useState<Tagged | null>(null);
  const controller = useRef<AbortController | null>(null);
  const storeRef = useRef(store);
  useEffect(() => {
    storeRef.current = store;
  }, [store]);

  useEffect(() => {
    if (!data) return;
    const abort = new AbortController();
    controller.current = abort;
    const set = (state: LayoutState) => {
      if (!abort.signal.aborted) setTagged({ data, runId, state });
    };
    const live: { coordinates: Float32Array | null } = { coordinates: null };
    const currentStore = storeRef.current;
    run(data, runId, currentStore, abort.signal, set, live).catch((error: unknown) => {
      if (error instanceof MapError && error.code === "cancelled") {
        if (abort.signal.reason === "user") {
          setTagged({ data, runId, state: { status: "cancelled", coordinates: live.coordinates } });
        }
        return;
      }
      set({ status: "error", message: error instanceof Error ? error.message : String(error) });
    });
    return () => abort.abort("superseded");
  }, [data, runId]);

  const current = tagged && tagged.data === data && tagged.runId === runId ? tagged.state : loading;
  return { state: current, cancel: () => controller.current?.abort("user") };
}

async function run(
  data: MapData,
  runId: number,
  store: LayoutStore | null,
  signal: AbortSignal,
  set: (state: LayoutState) => void,
  live: { coordinates: Float32Array | null },
): Promise<void> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const params = {
    engine: defaultComputeOptions.engine,
    seed: defaultComputeOptions.seed,
    nNeighbors: defaultComputeOptions.nNeighbors,
  };
  const save = async (coordinates: Float32Array): Promise<string | null> => {
    if (!store) return null;
    try {
      await store.save(coordinates, params);
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  };

  const stored = runId === 0 && store ? await store.load(signal).catch(() => null) : null;
  if (signal.aborted) return;
  if (stored) {
    const match = matchStoredLayout(data.points, stored);
    if (match.missing.length === 0) {
      set({
        status: "done",
        coordinates: match.coordinates,
        seconds: seconds(),
        origin: "stored",
        placed: 0,
        knnMethod: null,
        storedBy: stored.createdBy,
        saveError: null,
      });
      return;
    }
    if (match.kept.length > defaultComputeOptions.nNeighbors) {
      set({
        status: "running",
        phase: "placing",
        done: 0,
        total: match.missing.length,
        coordinates: null,
      });
      const keptCoordinates = new Float32Array(match.kept.length * 2);
      match.kept.forEach((i, r) => {
        keptCoordinates[2 * r] = match.coordinates[2 * i]!;
        keptCoordinates[2 * r + 1] = match.coordinates[2 * i + 1]!;
      });
      const { mapId } = await restoreMap(
        rowsAt(data.vectors, data.dim, match.kept),
        data.dim,
        keptCoordinates,
        params,
        { signal },
      );
      const placed = await placeIntoMap(
        mapId,
        rowsAt(data.vectors, data.dim, match.missing),
        data.dim,
        { signal },
      );
      match.missing.forEach((i, r) => {
        match.coordinates[2 * i] = placed.coordinates[2 * r]!;
        match.coordinates[2 * i + 1] = placed.coordinates[2 * r + 1]!;
      });
      const saveError = await save(match.coordinates);
      set({
        status: "done",
        coordinates: match.coordinates,
        seconds: seconds(),
        origin: "stored",
        placed: match.missing.length,
        knnMethod: null,
        storedBy: stored.createdBy,
        saveError,
      });
      return;
    }
  }

  set({ status: "running", phase: "pca", done: 0, total: 1, coordinates: null });
  // The worker takes the buffer: give it a copy so the data stays usable for a rerun.
  const result = await computeMapLayout(
    data.vectors.slice(),
    data.dim,
    {},
    {
      signal,
      onProgress: (progress) => {
        if (progress.kind === "layout") live.coordinates = progress.coordinates;
        const phase = progress.kind === "layout" ? "epochs" : progress.phase;
        const done = progress.kind === "layout" ? progress.epoch : progress.done;
        const total = progress.kind === "layout" ? progress.nEpochs : progress.total;
        set({ status: "running", phase, done, total, coordinates: live.coordinates });
      },
    },
  );
  const computedSeconds = seconds();
  const saveError = await save(result.coordinates);
  set({
    status: "done",
    coordinates: result.coordinates,
    seconds: computedSeconds,
    origin: "computed",
    placed: 0,
    knnMethod: result.knnMethod,
    storedBy: null,
    saveError,
  });
}
