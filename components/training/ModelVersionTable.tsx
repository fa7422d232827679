"use client";

import type { ModelVersionListing } from "@/lib/core/adaptation/versions";
import { objectiveNames, type AdapterObjective } from "@/lib/core/adaptation/objectives";

type ListedVersion = ModelVersionListing["versions"][number];

const exportFormats = [
  { format: "transformers-js", label: "transformers.js" },
  { format: "sentence-transformers", label: "Sentence Transformers" },
] as const;

function objectiveName(objective: string): string {
  return objective in objectiveNames ? objectiveNames[objective as AdapterObjective] : objective;
}

function lossChange(version: ListedVersion): string {
  const { initialValidationLoss: before, bestValidationLoss: after } = version.metrics;
  if (before === null || after === null) return "—";
  return `${before.toFixed(3)} → ${after.toFixed(3)}`;
}

/**
 * A dataset's trained versions of the active model, newest first, with what each learned from and
 * what its run changed; the selected one is the space the queue follows. "Use" selects a version,
 * "Roll back to the base model" returns the queue to the base model's own run (both one click,
 * audited, nothing retrained or deleted).
 */
export function ModelVersionTable({
  listing,
  baseLabel,
  canCurate,
  busy,
  onSelect,
}: {
  listing: ModelVersionListing;
  baseLabel: string;
  canCurate: boolean;
  busy: boolean;
  onSelect: (versionId: number | null) => void;
}) {
  const { versions } = listing;
  const followsBase = !versions.some((v) => v.selected);
  return (
    <div className="space-y-2">
      <div className="flex items-center justify-between text-sm">
        <p data-testid="followed-space">
          The queue follows{" "}
          <span className="font-medium">
            {followsBase
              ? `${baseLabel} (base model)`
              : `version ${versions.find((v) => v.selected)!.id}`}
          </span>
          .
        </p>
        {canCurate && !followsBase ? (
          <button
            type="button"
            className="rounded border border-slate-300 px-3 py-1 disabled:opacity-50"
            data-testid="rollback"
            disabled={busy}
            onClick={() => onSelect(null)}
          >
            Roll back to the base model
          </button>
        ) : null}
      </div>
      {versions.length === 0 ? (
        <p className="text-sm text-slate-500">No version trained yet: the base model is used.</p>
      ) : (
        <table className="w-full text-left text-sm" data-testid="model-versions">
          <thead className="text-xs text-slate-500 uppercase">
            <tr>
              <th className="py-1">Version</th>
              <th>Objective</th>
              <th>Decisions</th>
              <th>Pairs (train / validation)</th>
              <th>Validation loss</th>
              <th>Epochs</th>
              <th>Flags cleared</th>
              <th>Trained</th>
              <th>Export</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr
                key={v.id}
                className={`border-t border-slate-100 ${v.selected ? "bg-emerald-50" : ""}`}
                data-testid="model-version-row"
                data-version-id={v.id}
                data-selected={v.selected}
              >
                <td className="py-1 font-medium">
                  version {v.id}
                  {v.parentId === null ? null : (
                    <span className="text-xs text-slate-500"> (from version {v.parentId})</span>
                  )}
                </td>
                <td>{objectiveName(v.objective)}</td>
                <td>{v.decisionCount.toLocaleString("en")}</td>
                <td>
                  {v.metrics.trainPairs.toLocaleString("en")} /{" "}
                  {v.metrics.validationPairs.toLocaleString("en")}
                </td>
                <td>{lossChange(v)}</td>
                <td>
                  best {v.metrics.bestEpoch} of {v.metrics.history.length}
                  {v.metrics.stoppedEarly ? " (stopped early)" : ""}
                </td>
                <td title={`wrong label ${v.cleared.wrongLabel}, new label ${v.cleared.newLabel}`}>
                  {v.cleared.total.toLocaleString("en")}
                </td>
                <td className="text-xs text-slate-500">
                  {new Date(v.createdAt).toLocaleString("en")} by {v.createdBy},{" "}
                  {v.metrics.seconds.toFixed(1)} s on {v.metrics.device}
                </td>
                <td className="space-x-2 text-xs">
                  {exportFormats.map((f) => (
                    <a
                      key={f.format}
                      className="text-sky-700 underline"
                      href={`/api/model-versions/${v.id}/export?format=${f.format}`}
                      download
                    >
                      {f.label}
                    </a>
                  ))}
                </td>
                <td>
                  {v.selected ? (
                    <span className="text-xs font-medium text-emerald-700">in use</span>
                  ) : canCurate ? (
                    <button
                      type="button"
                      className="rounded border border-slate-300 px-2 py-0.5 text-xs disabled:opacity-50"
                      data-testid="select-version"
                      disabled={busy}
                      onClick={() => onSelect(v.id)}
                    >
                      Use
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
