"use client";

import { useEffect, useMemo, useState } from "react";
import { parseAdaptedModelVersion } from "@/lib/core/adaptation/versions";
import { rowsAt } from "@/lib/ml/map/storedLayout";
import { LayoutStatus } from "./LayoutStatus";
import { loadMapData } from "./loadMapData";
import type { MapData, MapPoint } from "./mapData";
import { MapPlot } from "./MapPlot";
import { buildTraces, hasWebGl } from "./plotTraces";
import { commonPointsKey, fetchStoredLayout, saveStoredLayout } from "./storedMaps";
import { useMapLayout, type LayoutStore } from "./useMapLayout";

/** A model that embedded the dataset. */
export interface MapModelChoice {
  modelId: string;
  modelVersion: string;
  creatives: number;
}

/** A trained version is named as analysts know it ("version N"), a base model by id@version. */
const nameOf = (m: { modelId: string; modelVersion: string }) => {
  const adapted = parseAdaptedModelVersion(m.modelVersion);
  return adapted ? `${m.modelId} version ${adapted.versionId}` : `${m.modelId}@${m.modelVersion}`;
};

/**
 * Two maps side by side for two models (before and after fine-tuning), over the same points:
 * those both models embedded, with the decided creatives ringed on both (a toggle turns it off). Offered when the dataset has vectors from two models; otherwise it
 * says why not.
 */
export function ModelComparison(props: {
  dataset: string;
  current: { modelId: string; modelVersion: string };
  models: MapModelChoice[];
}) {
  const others = props.models.filter((m) => nameOf(m) !== nameOf(props.current));
  const [choice, setChoice] = useState(others[0] ? nameOf(others[0]) : "");
  const [shown, setShown] = useState<MapModelChoice | null>(null);
  if (others.length === 0) {
    return (
      <p className="text-sm text-slate-600" data-testid="map-compare-unavailable">
        Side-by-side maps compare two models (before and after fine-tuning) on the same points.
        {` "${props.dataset}" has vectors from ${props.models.length === 0 ? "no model" : `one model only (${props.models.map(nameOf).join("")})`}; `}
        embed it with a second model on the Data page to compare.
      </p>
    );
  }
  return (
    <section className="space-y-2" data-testid="map-compare">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span>Compare {nameOf(props.current)} with</span>
        <select
          value={choice}
          onChange={(e) => setChoice(e.target.value)}
          data-testid="map-compare-model"
          className="rounded border px-1 py-0.5"
        >
          {others.map((m) => (
            <option key={nameOf(m)} value={nameOf(m)}>
              {nameOf(m)} ({m.creatives} creatives)
            </option>
          ))}
        </select>
        <button
          type="button"
          className="rounded border px-2 py-0.5"
          data-testid="map-compare-show"
          onClick={() => setShown(others.find((m) => nameOf(m) === choice) ?? null)}
        >
          Show side by side
        </button>
      </div>
      {shown ? (
        <SideBySide
          key={nameOf(shown)}
          dataset={props.dataset}
          left={props.current}
          right={shown}
        />
      ) : null}
    </section>
  );
}

/** Both models' data restricted to the points both embedded, in the same order. */
function commonPoints(a: MapData, b: MapData): [MapData, MapData] {
  const keyOf = (p: { kind: string; ownerId: number }) => `${p.kind}:${p.ownerId}`;
  const inB = new Map(b.points.map((p, i) => [keyOf(p), i]));
  const rowsA: number[] = [];
  const rowsB: number[] = [];
  a.points.forEach((p, i) => {
    const j = inB.get(keyOf(p));
    if (j !== undefined) {
      rowsA.push(i);
      rowsB.push(j);
    }
  });
  const subset = (data: MapData, rows: number[]): MapData => ({
    ...data,
    points: rows.map((i) => data.points[i]!),
    vectors: rowsAt(data.vectors, data.dim, rows),
  });
  return [subset(a, rowsA), subset(b, rowsB)];
}

function SideBySide(props: {
  dataset: string;
  left: { modelId: string; modelVersion: string };
  right: { modelId: string; modelVersion: string };
}) {
  const { dataset, left, right } = props;
  const [pair, setPair] = useState<[MapData, MapData] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [highlight, setHighlight] = useState(true);
  useEffect(() => {
    const abort = new AbortController();
    Promise.all(
      [left, right].map((m) => loadMapData({ source: "server", dataset, ...m }, abort.signal)),
    ).then(
      ([a, b]) => setPair(commonPoints(a!, b!)),
      (e: unknown) => !abort.signal.aborted && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => abort.abort();
  }, [dataset, left, right]);
  if (error)
    return (
      <p role="alert" className="text-sm text-red-700">
        {error}
      </p>
    );
  if (!pair) return <p className="text-sm text-slate-600">Loading both models’ points…</p>;
  return (
    <div className="space-y-2">
      <DecidedToggle points={pair[0].points} checked={highlight} onChange={setHighlight} />
      <div className="grid gap-3 md:grid-cols-2">
        <Pane
          dataset={dataset}
          model={left}
          other={right}
          data={pair[0]}
          side="left"
          highlightDecided={highlight}
        />
        <Pane
          dataset={dataset}
          model={right}
          other={left}
          data={pair[1]}
          side="right"
          highlightDecided={highlight}
        />
      </div>
    </div>
  );
}

/**
 * The "Highlight decided" toggle for both panes at once: decisions belong to creatives, not to a
 * model, so both panes ring the same creatives and the eye can follow them from before to after.
 */
function DecidedToggle(props: {
  points: readonly MapPoint[];
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const decided = props.points.filter((p) => p.kind !== "label" && p.decided).length;
  return (
    <label className="flex items-center gap-2 text-sm" data-testid="map-compare-highlight">
      <input
        type="checkbox"
        checked={props.checked}
        disabled={decided === 0}
        onChange={(e) => props.onChange(e.target.checked)}
        data-testid="map-compare-highlight-decided"
      />
      <span>
        Highlight decided
        <span className="text-slate-600">
          {decided === 0
            ? " (no creative here is decided yet)"
            : ` (${decided} creatives, ringed on both maps: are their labels pulled into clusters?)`}
        </span>
      </span>
    </label>
  );
}

function Pane(props: {
  dataset: string;
  model: { modelId: string; modelVersion: string };
  other: { modelId: string; modelVersion: string };
  data: MapData;
  side: "left" | "right";
  /** Ring the decided creatives (a "decided (n)" trace in the legend). */
  highlightDecided: boolean;
}) {
  const { dataset, model, other, data, highlightDecided } = props;
  const [runId, setRunId] = useState(0);
  const store = useMemo<LayoutStore | null>(() => {
    if (!data.datasetVersion) return null;
    const address = {
      dataset,
      ...model,
      pointsKey: commonPointsKey(other),
      datasetVersion: data.datasetVersion,
    };
    return {
      load: (signal) => fetchStoredLayout(address, signal),
      save: (coordinates, params) => saveStoredLayout(address, data.points, coordinates, params),
    };
  }, [dataset, model, other, data]);
  const { state, cancel } = useMapLayout(data, runId, store);
  const coordinates =
    state.status === "done" || state.status === "running" ? state.coordinates : null;
  const traces = useMemo(
    () =>
      coordinates
        ? buildTraces(data.points, coordinates, "branch", 1, hasWebGl(), null, highlightDecided)
        : [],
    [data, coordinates, highlightDecided],
  );
  return (
    <div className="space-y-1">
      <h3 className="text-sm font-semibold">{nameOf(model)}</h3>
      <LayoutStatus
        state={state}
        pointCount={data.points.length}
        onCancel={cancel}
        onRecompute={() => setRunId((r) => r + 1)}
        testId={`map-compare-status-${props.side}`}
      />
      <MapPlot
        traces={traces}
        revision={`${nameOf(model)}:${runId}`}
        onClickPoint={() => {}}
        onSelect={() => {}}
        testId={`map-compare-plot-${props.side}`}
      />
    </div>
  );
}
