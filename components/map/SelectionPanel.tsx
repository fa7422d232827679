"use client";

import Link from "next/link";
import { useState } from "react";
import { LabelPicker } from "@/components/workbench/LabelPicker";
import type { TaxonomyLabel } from "@/components/workbench/types";
import { bulkDecide, bulkQueue, fetchLabels } from "./bulkApi";
import type { MapPoint } from "./mapData";
import { ProposeLabelDialog } from "./ProposeLabelDialog";

/** Where bulk actions write: the dataset on the map and its taxonomy (null for a read-only role). */
export interface BulkTarget {
  dataset: string;
  taxonomyId: number;
}

/**
 * The creatives picked with the box or lasso, as a list an analyst can act on: assign one label
 * to all (decisions with their training pairs), propose a new label for the group, or send them
 * to the queue. Creatives already decided are skipped and counted. Each opens in the workbench.
 */
export function SelectionPanel(props: {
  points: MapPoint[];
  target: BulkTarget | null;
  onClear: () => void;
  /** Creatives that now carry `path` (so the map recolours them without a new layout). */
  onDecided: (creativeIds: number[], path: string[]) => void;
}) {
  const { target } = props;
  const [labels, setLabels] = useState<TaxonomyLabel[] | null>(null);
  const [dialog, setDialog] = useState<"assign" | "propose" | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const creatives = uniqueCreatives(props.points);
  const labelPoints = props.points.filter((p) => p.kind === "label");
  if (props.points.length === 0) return null;
  const creativeIds = creatives.map((p) => p.ownerId);

  async function open(kind: "assign" | "propose") {
    if (!target) return;
    setMessage(null);
    try {
      setLabels(labels ?? (await fetchLabels(target.taxonomyId)));
      setDialog(kind);
    } catch (error) {
      setMessage({ text: (error as Error).message, error: true });
    }
  }

  async function act(work: () => Promise<string>) {
    setBusy(true);
    setDialog(null);
    try {
      setMessage({ text: await work(), error: false });
    } catch (error) {
      setMessage({ text: (error as Error).message, error: true });
    } finally {
      setBusy(false);
    }
  }

  const base = target ? { dataset: target.dataset, creativeIds } : null;
  const decided = (label: { path: string[] }, outcome: Awaited<ReturnType<typeof bulkDecide>>) => {
    const ids = outcome.results.filter((r) => r.status === "decided").map((r) => r.creativeId);
    props.onDecided(ids, label.path);
    return (
      `${label.path.join(" > ")}: ${outcome.decided} creatives decided, ${outcome.pairCount} training pairs` +
      (outcome.skipped > 0 ? `; ${outcome.skipped} already decided, left as they were` : "")
    );
  };

  return (
    <section
      data-testid="map-selection"
      aria-label="Selected points"
      className="rounded border border-slate-200 bg-white p-3"
    >
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="text-sm font-semibold" data-testid="map-selection-count">
          {creatives.length} creatives selected
          {labelPoints.length > 0 ? `, ${labelPoints.length} labels` : ""}
        </h2>
        {target ? (
          <>
            <button
              type="button"
              disabled={!base || busy || creatives.length === 0}
              onClick={() => void open("assign")}
              data-testid="map-bulk-assign"
              className="rounded bg-slate-800 px-2 py-1 text-xs text-white hover:bg-slate-700 disabled:opacity-40"
            >
              Assign a label to all
            </button>
            <button
              type="button"
              disabled={!base || busy || creatives.length === 0}
              onClick={() => void open("propose")}
              data-testid="map-bulk-propose"
              className="rounded border px-2 py-1 text-xs disabled:opacity-40"
            >
              Propose a new label
            </button>
            <button
              type="button"
              disabled={!base || busy || creatives.length === 0}
              data-testid="map-bulk-queue"
              onClick={() =>
                base &&
                void act(async () => {
                  const outcome = await bulkQueue({ operation: "queue", ...base });
                  const notes = [
                    outcome.alreadyQueued.length && `${outcome.alreadyQueued.length} were already`,
                    outcome.alreadyDecided.length &&
                      `${outcome.alreadyDecided.length} are decided already`,
                    outcome.notScored.length &&
                      `${outcome.notScored.length} have no detector verdict yet`,
                  ].filter(Boolean);
                  return `${outcome.queued.length} creatives sent to the queue${notes.length ? ` (${notes.join("; ")})` : ""}`;
                })
              }
              className="rounded border px-2 py-1 text-xs disabled:opacity-40"
            >
              Send to the queue
            </button>
          </>
        ) : (
          <span className="text-xs text-slate-500">
            Bulk actions work on a dataset&apos;s map, not on the demo data.
          </span>
        )}
        <button
          type="button"
          onClick={props.onClear}
          className="ml-auto text-xs text-slate-600 underline"
        >
          Clear selection
        </button>
      </div>
      {busy ? <p className="mt-1 text-xs text-slate-600">Working…</p> : null}
      {message ? (
        <p
          data-testid="map-bulk-result"
          role={message.error ? "alert" : "status"}
          className={`mt-1 text-xs ${message.error ? "text-red-700" : "text-green-800"}`}
        >
          {message.text}
        </p>
      ) : null}
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
      {dialog === "assign" && labels && base ? (
        <LabelPicker
          labels={labels}
          title={`Label for ${creatives.length} creatives`}
          onClose={() => setDialog(null)}
          onPick={(label) =>
            void act(async () =>
              decided(
                label,
                await bulkDecide({
                  operation: "assign",
                  ...base,
                  labelId: label.id,
                  requestId: crypto.randomUUID(),
                }),
              ),
            )
          }
        />
      ) : null}
      {dialog === "propose" && labels && base ? (
        <ProposeLabelDialog
          labels={labels}
          count={creatives.length}
          onClose={() => setDialog(null)}
          onCreate={(name, parentId) =>
            void act(async () => {
              const outcome = await bulkDecide({
                operation: "propose",
                ...base,
                name,
                parentId,
                requestId: crypto.randomUUID(),
              });
              setLabels(null);
              return `Proposed ${decided(outcome.label ?? { path: [name] }, outcome)}`;
            })
          }
        />
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
