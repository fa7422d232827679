"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { colourModes, type ColourMode } from "./colouring";
import { noFilter, shownPoints, topBranches, type MapFilter } from "./filters";
import { HoverCard } from "./HoverCard";
import { LayoutStatus } from "./LayoutStatus";
import { loadMapData, type MapQuery } from "./loadMapData";
import { countKinds, type MapData, type MapPoint } from "./mapData";
import { MapFilters } from "./MapFilters";
import { MapPlot } from "./MapPlot";
import { buildTraces, hasWebGl } from "./plotTraces";
import { SelectionPanel, type BulkTarget } from "./SelectionPanel";
import { allPointsKey, fetchStoredLayout, saveStoredLayout } from "./storedMaps";
import { useMapLayout, type LayoutStore } from "./useMapLayout";

/**
 * The map page's client part: loads the points, opens the stored map or lays one out in the
 * worker (the picture refines while epochs run) and stores it, and lets the analyst filter,
 * recolour, hover, click a creative to open it, and box- or lasso-select a group to act on.
 */

/** WebGL support does not change while the page is open. */
function subscribeNever(): () => void {
  return () => {};
}

export function MapExplorer(props: { query: MapQuery; target: BulkTarget | null }) {
  const { query, target } = props;
  const router = useRouter();
  const [data, setData] = useState<MapData | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [runId, setRunId] = useState(0);
  const [mode, setMode] = useState<ColourMode>("branch");
  const [level, setLevel] = useState(1);
  const [filter, setFilter] = useState<MapFilter>(noFilter);
  const [selected, setSelected] = useState<number[]>([]);
  const [hovered, setHovered] = useState<number | null>(null);
  /** Labels assigned from this page since the data loaded, by creative. */
  const [assigned, setAssigned] = useState<ReadonlyMap<number, string[]>>(new Map());
  // The server cannot know; it assumes WebGL, and the client corrects after hydration.
  const webgl = useSyncExternalStore(subscribeNever, hasWebGl, () => true);
  const queryKey = JSON.stringify(query);

  useEffect(() => {
    const abort = new AbortController();
    loadMapData(JSON.parse(queryKey) as MapQuery, abort.signal).then(
      (loaded) => {
        setData(loaded);
        setAssigned(new Map());
        setLoadError(null);
      },
      (error: unknown) => {
        if (abort.signal.aborted) return;
        setLoadError(error instanceof Error ? error.message : String(error));
      },
    );
    return () => abort.abort();
  }, [queryKey]);

  const store = useMemo<LayoutStore | null>(() => {
    if (query.source !== "server" || !data?.datasetVersion) return null;
    const address = {
      dataset: query.dataset,
      modelId: query.modelId,
      modelVersion: query.modelVersion,
      pointsKey: allPointsKey,
      datasetVersion: data.datasetVersion,
    };
    return {
      load: (signal) => fetchStoredLayout(address, signal),
      save: (coordinates, params) => saveStoredLayout(address, data.points, coordinates, params),
    };
  }, [query, data]);

  const { state, cancel } = useMapLayout(data, runId, store);
  const coordinates =
    state.status === "running" || state.status === "done" || state.status === "cancelled"
      ? state.coordinates
      : null;
  const points = useMemo<MapPoint[]>(
    () =>
      (data?.points ?? []).map((p) => {
        const path = p.kind !== "label" ? assigned.get(p.ownerId) : undefined;
        return path ? { ...p, branch: path, decided: true } : p;
      }),
    [data, assigned],
  );
  const maxLevel = useMemo(() => Math.max(1, ...points.map((p) => p.branch.length)), [points]);
  const branches = useMemo(() => topBranches(points), [points]);
  const shown = useMemo(() => shownPoints(points, filter), [points, filter]);
  const traces = useMemo(
    () => (coordinates ? buildTraces(points, coordinates, mode, level, webgl, shown) : []),
    [points, coordinates, mode, level, webgl, shown],
  );
  const onClickPoint = useCallback(
    (index: number) => {
      const point = data?.points[index];
      if (point && point.kind !== "label" && query.source === "server") {
        router.push(
          `/queue?dataset=${encodeURIComponent(query.dataset)}&creative=${point.ownerId}`,
        );
      }
    },
    [data, query, router],
  );
  const onDecided = useCallback((creativeIds: number[], path: string[]) => {
    setAssigned((current) => {
      const next = new Map(current);
      for (const id of creativeIds) next.set(id, path);
      return next;
    });
  }, []);
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
      <MapFilters
        filter={filter}
        branches={branches}
        shownCount={shown ? shown.reduce((sum, v) => sum + v, 0) : null}
        onChange={setFilter}
      />
      <LayoutStatus
        state={state}
        pointCount={data?.points.length ?? 0}
        onCancel={cancel}
        onRecompute={() => setRunId((r) => r + 1)}
      />
      <div className="relative">
        <MapPlot
          traces={traces}
          revision={`${queryKey}:${runId}`}
          onClickPoint={onClickPoint}
          onSelect={setSelected}
          onHover={setHovered}
        />
        <HoverCard point={hovered === null ? null : (points[hovered] ?? null)} />
      </div>
      {data ? (
        <SelectionPanel
          points={selected.flatMap((i) => points[i] ?? [])}
          target={target}
          onClear={() => setSelected([])}
          onDecided={onDecided}
        />
      ) : null}
    </div>
  );
}
