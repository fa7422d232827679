"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { colourModes, type ColourMode } from "./colouring";
import { loadMapData, type MapQuery } from "./loadMapData";
import { countKinds, type MapData } from "./mapData";
import { MapPlot } from "./MapPlot";
import { buildTraces, hasWebGl } from "./plotTraces";
import { SelectionPanel } from "./SelectionPanel";
import { useMapLayout } from "./useMapLayout";

/**
 * The map page's client part: loads the points, runs the layout in the worker (the picture
 * refines while epochs run), and lets the analyst recolour, click a creative to open it, and
 * box- or lasso-select a group to act on.
 */

const phaseNames = {
  pca: "Reducing dimensions",
  neighbours: "Finding neighbours",
  graph: "Building the graph",
  epochs: "Laying out",
} as const;

/** WebGL support does not change while the page is open. */
function subscribeNever(): () => void {
  return () => {};
}

export function MapExplorer(props: { query: MapQuery }) {
  const { query } = props;
  const router = useRouter();
  const [data, setData] = useState<MapData | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [runId, setRunId] = useState(0);
  const [mode, setMode] = useState<ColourMode>("branch");
  const [level, setLevel] = useState(1);
  const [selected, setSelected] = useState<number[]>([]);
  // The server cannot know; it assumes WebGL, and the client corrects after hydration.
  const webgl = useSyncExternalStore(subscribeNever, hasWebGl, () => true);
  const queryKey = JSON.stringify(query);

  useEffect(() => {
    const abort = new AbortController();
    loadMapData(JSON.parse(queryKey) as MapQuery, abort.signal).then(
      (loaded) => {
        setData(loaded);
        setLoadError(null);
      },
      (error: unknown) => {
        if (abort.signal.aborted) return;
        setLoadError(error instanceof Error ? error.message : String(error));
      },
    );
    return () => abort.abort();
  }, [queryKey]);

  const { state, cancel } = useMapLayout(data, runId);
  const coordinates = state.status === "error" ? null : state.coordinates;
  const maxLevel = useMemo(
    () => Math.max(1, ...(data?.points.map((p) => p.branch.length) ?? [1])),
    [data],
  );
  const traces = useMemo(
    () => (data && coordinates ? buildTraces(data.points, coordinates, mode, level, webgl) : []),
    [data, coordinates, mode, level, webgl],
  );
  const onClickPoint = useCallback(
    (index: number) => {
      const point = data?.points[index];
      if (point && point.kind !== "label") router.push(`/queue?creative=${point.ownerId}`);
    },
    [data, router],
  );
  const counts = data ? countKinds(data.points) : null;

  if (loadError) {
    return (
      <p role="alert" className="mt-4 text-sm text-red-700">
        {loadError}{" "}
        <a href="/map?source=demo" className="underline">
          Open the demo map
        </a>
      </p>
    );
  }
  return (
    <div className="mt-4 space-y-3">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <label className="flex items-center gap-1">
          Colour by
          <select
            data-testid="map-colour-mode"
            value={mode}
            onChange={(event) => setMode(event.target.value as ColourMode)}
            className="rounded border px-1 py-0.5"
          >
            {colourModes.map((m) => (
              <option key={m} value={m}>
                {m === "branch" ? "label branch" : m === "flag" ? "flag" : "decision status"}
              </option>
            ))}
          </select>
        </label>
        {mode === "branch" ? (
          <label className="flex items-center gap-1">
            Level
            <select
              data-testid="map-branch-level"
              value={level}
              onChange={(event) => setLevel(Number(event.target.value))}
              className="rounded border px-1 py-0.5"
            >
              {Array.from({ length: maxLevel }, (_, i) => (
                <option key={i + 1} value={i + 1}>
                  {i + 1}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {counts ? (
          <span data-testid="map-counts" className="text-slate-600">
            {counts.text} texts · {counts.image} images · {counts.label} labels ({data?.source})
          </span>
        ) : (
          <span className="text-slate-600">Loading points…</span>
        )}
        {webgl ? null : (
          <span className="text-amber-700">No WebGL: drawing with SVG (slower).</span>
        )}
      </div>
      <div
        data-testid="map-status"
        data-status={state.status}
        className="flex items-center gap-3 text-sm"
      >
        {state.status === "running" ? (
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
            <button type="button" onClick={cancel} className="text-xs underline">
              Cancel
            </button>
          </>
        ) : state.status === "done" ? (
          <span className="text-slate-600">
            Map of {data?.points.length} points in {state.seconds.toFixed(1)} s ({state.knnMethod}{" "}
            neighbours).
          </span>
        ) : state.status === "cancelled" ? (
          <span>
            Cancelled.{" "}
            <button type="button" onClick={() => setRunId((r) => r + 1)} className="underline">
              Compute again
            </button>
          </span>
        ) : (
          <span role="alert" className="text-red-700">
            The map failed: {state.message}
          </span>
        )}
      </div>
      <MapPlot
        traces={traces}
        revision={`${queryKey}:${runId}`}
        onClickPoint={onClickPoint}
        onSelect={setSelected}
      />
      {data ? (
        <SelectionPanel
          points={selected.flatMap((i) => data.points[i] ?? [])}
          onClear={() => setSelected([])}
        />
      ) : null}
    </div>
  );
}
