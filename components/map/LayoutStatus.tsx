"use client";

import type { LayoutState } from "./useMapLayout";

const phaseNames = {
  pca: "Reducing dimensions",
  neighbours: "Finding neighbours",
  graph: "Building the graph",
  epochs: "Laying out",
  placing: "Placing new points into the stored map",
} as const;

/**
 * The line above a map: progress with Cancel while it is laid out, where a finished map came
 * from (stored or computed here, how long it took) with Recompute, or what went wrong.
 */
export function LayoutStatus(props: {
  state: LayoutState;
  pointCount: number;
  onCancel: () => void;
  onRecompute: () => void;
  testId?: string;
}) {
  const { state } = props;
  const recompute = (
    <button
      type="button"
      onClick={props.onRecompute}
      data-testid="map-recompute"
      className="rounded border px-2 py-0.5 text-xs"
    >
      Recompute
    </button>
  );
  return (
    <div
      data-testid={props.testId ?? "map-status"}
      data-status={state.status}
      data-origin={state.status === "done" ? state.origin : undefined}
      data-seconds={state.status === "done" ? state.seconds.toFixed(3) : undefined}
      className="flex flex-wrap items-center gap-3 text-sm"
    >
      {state.status === "loading" ? (
        <span className="text-slate-600">Looking for a stored map…</span>
      ) : state.status === "running" ? (
        <>
          <span>
            {phaseNames[state.phase]}
            {state.total > 1 ? ` ${state.done}/${state.total}` : "…"}
          </span>
          <progress
            className="w-48"
            value={state.total > 0 ? state.done / state.total : 0}
            aria-label="Map progress"
          />
          <button type="button" onClick={props.onCancel} className="text-xs underline">
            Cancel
          </button>
        </>
      ) : state.status === "done" ? (
        <>
          <span className="text-slate-600">
            {state.origin === "stored"
              ? `Stored map of ${props.pointCount} points (by ${state.storedBy ?? "someone"}) opened in ${state.seconds.toFixed(1)} s` +
                (state.placed > 0
                  ? `; ${state.placed} points added since were placed into it.`
                  : ".")
              : `Map of ${props.pointCount} points computed in ${state.seconds.toFixed(1)} s (${state.knnMethod} neighbours).`}
            {state.saveError ? (
              <span className="text-amber-700"> Not stored: {state.saveError}</span>
            ) : null}
          </span>
          {recompute}
        </>
      ) : state.status === "cancelled" ? (
        <span>Cancelled. {recompute}</span>
      ) : (
        <span role="alert" className="text-red-700">
          The map failed: {state.message} {recompute}
        </span>
      )}
    </div>
  );
}
