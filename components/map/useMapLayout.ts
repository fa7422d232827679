"use client";

import { useEffect, useRef, useState } from "react";
import { computeMapLayout } from "@/lib/ml/map/client";
import { MapError, type MapPhase } from "@/lib/ml/map/protocol";
import type { MapData } from "./mapData";

/**
 * Runs the layout of the loaded data in the map worker and exposes its state: progress per phase,
 * the live coordinates while epochs run, the final ones, or the error. A new input or unmounting
 * cancels the running computation, and every state carries the input it belongs to, so a stale
 * layout never lands on a newer map.
 */

export type LayoutState =
  | {
      status: "running";
      phase: MapPhase;
      done: number;
      total: number;
      coordinates: Float32Array | null;
    }
  | { status: "done"; coordinates: Float32Array; seconds: number; knnMethod: string }
  | { status: "cancelled"; coordinates: Float32Array | null }
  | { status: "error"; message: string };

interface Tagged {
  data: MapData;
  runId: number;
  state: LayoutState;
}

const starting: LayoutState = {
  status: "running",
  phase: "pca",
  done: 0,
  total: 1,
  coordinates: null,
};

/** Lays out `data`; a new `runId` recomputes; `cancel()` stops the running computation. */
export function useMapLayout(data: MapData | null, runId: number) {
  const [tagged, setTagged] = useState<Tagged | null>(null);
  const controller = useRef<AbortController | null>(null);

  useEffect(() => {
    if (!data) return;
    const abort = new AbortController();
    controller.current = abort;
    const set = (state: LayoutState) => setTagged({ data, runId, state });
    let live: Float32Array | null = null;
    const started = performance.now();
    // The worker takes the buffer: give it a copy so the data stays usable for a rerun.
    computeMapLayout(
      data.vectors.slice(),
      data.dim,
      {},
      {
        signal: abort.signal,
        onProgress: (progress) => {
          if (progress.kind === "layout") live = progress.coordinates;
          const phase = progress.kind === "layout" ? "epochs" : progress.phase;
          const done = progress.kind === "layout" ? progress.epoch : progress.done;
          const total = progress.kind === "layout" ? progress.nEpochs : progress.total;
          set({ status: "running", phase, done, total, coordinates: live });
        },
      },
    ).then(
      (result) =>
        set({
          status: "done",
          coordinates: result.coordinates,
          seconds: (performance.now() - started) / 1000,
          knnMethod: result.knnMethod,
        }),
      (error: unknown) => {
        if (error instanceof MapError && error.code === "cancelled") {
          if (abort.signal.reason === "user") set({ status: "cancelled", coordinates: live });
          return;
        }
        set({ status: "error", message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => abort.abort("superseded");
  }, [data, runId]);

  const current =
    tagged && tagged.data === data && tagged.runId === runId ? tagged.state : starting;
  return { state: current, cancel: () => controller.current?.abort("user") };
}
