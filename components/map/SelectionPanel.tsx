"use client";

import Link from "next/link";
import type { MapPoint } from "./mapData";

/**
 * The creatives picked with the box or lasso, as a list an analyst can act on. Each opens in the
 * workbench; the bulk actions that write (send to queue, assign a label, propose a new label)
 * need the server endpoints listed in the page's notes and are shown disabled until they exist.
 */
export function SelectionPanel(props: { points: MapPoint[]; onClear: () => void }) {
  const creatives = uniqueCreatives(props.points);
  const labels = props.points.filter((p) => p.kind === "label");
  if (props.points.length === 0) return null;
  const ids = creatives.map((p) => p.ownerId).join(",");
  return (
    <section
      data-testid="map-selection"
      aria-label="Selected points"
      className="rounded border border-slate-200 bg-white p-3"
    >
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="text-sm font-semibold" data-testid="map-selection-count">
          {creatives.length} creatives selected
          {labels.length > 0 ? `, ${labels.length} labels` : ""}
        </h2>
        <Link
          href={`/queue?creatives=${ids}`}
          className="rounded bg-slate-800 px-2 py-1 text-xs text-white hover:bg-slate-700"
        >
          Open in queue
        </Link>
        <button
          type="button"
          disabled
          title="Needs the bulk decision endpoint"
          className="rounded border px-2 py-1 text-xs text-slate-400"
        >
          Assign a label to all
        </button>
        <button
          type="button"
          disabled
          title="Needs the new-label proposal endpoint"
          className="rounded border px-2 py-1 text-xs text-slate-400"
        >
          Propose a new label
        </button>
        <button
          type="button"
          onClick={props.onClear}
          className="ml-auto text-xs text-slate-600 underline"
        >
          Clear selection
        </button>
      </div>
      <ul className="mt-2 max-h-64 divide-y overflow-auto text-sm">
        {creatives.slice(0, 200).map((p) => (
          <li key={p.ownerId} className="flex gap-2 py-1">
            <Link href={`/queue?creative=${p.ownerId}`} className="text-blue-700 hover:underline">
              #{p.ownerId}
            </Link>
            <span className="truncate">{p.label}</span>
            <span className="ml-auto shrink-0 text-xs text-slate-500">{p.branch.join(" > ")}</span>
          </li>
        ))}
      </ul>
      {creatives.length > 200 ? (
        <p className="mt-1 text-xs text-slate-500">Showing 200 of {creatives.length}.</p>
      ) : null}
    </section>
  );
}

/** Text and image points of one creative count once. */
function uniqueCreatives(points: MapPoint[]): MapPoint[] {
  const seen = new Map<number, MapPoint>();
  for (const p of points) if (p.kind !== "label" && !seen.has(p.ownerId)) seen.set(p.ownerId, p);
  return [...seen.values()];
}
