"use client";

import { useMemo, useState } from "react";
import type { TaxonomyLabel } from "@/components/workbench/types";

/**
 * A new label for a selected group: a name and the parent it goes under (top level by default).
 * The label is created as `proposed` and reviewed later on the Labels page.
 */
export function ProposeLabelDialog(props: {
  labels: TaxonomyLabel[];
  count: number;
  onCreate: (name: string, parentId: number | null) => void;
  onClose: () => void;
}) {
  const [name, setName] = useState("");
  const [parentId, setParentId] = useState<number | null>(null);
  const parents = useMemo(
    () =>
      props.labels
        .filter((l) => l.status !== "rejected")
        .sort((a, b) => a.path.join(" > ").localeCompare(b.path.join(" > "))),
    [props.labels],
  );
  const invalid = name.includes(">") || name.includes("/");
  return (
    <div
      role="dialog"
      aria-label="Propose a new label"
      className="fixed inset-0 z-20 flex items-start justify-center bg-slate-900/30 pt-24"
      onKeyDown={(e) => {
        if (e.key === "Escape") props.onClose();
      }}
    >
      <form
        className="w-full max-w-xl space-y-3 rounded-lg bg-white p-4 shadow-xl"
        data-testid="map-propose-dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim() && !invalid) props.onCreate(name.trim(), parentId);
        }}
      >
        <h2 className="font-medium">A new label for {props.count} creatives</h2>
        <label className="block text-sm">
          Name
          <input
            autoFocus
            value={name}
            onChange={(e) => setName(e.target.value)}
            data-testid="map-propose-name"
            className="mt-1 w-full rounded border border-slate-300 px-2 py-1"
          />
        </label>
        {invalid ? (
          <p className="text-xs text-red-700">
            A name may not contain &gt; or /: choose the parent.
          </p>
        ) : null}
        <label className="block text-sm">
          Under
          <select
            value={parentId ?? ""}
            onChange={(e) => setParentId(e.target.value ? Number(e.target.value) : null)}
            data-testid="map-propose-parent"
            className="mt-1 w-full rounded border border-slate-300 px-2 py-1"
          >
            <option value="">(top level)</option>
            {parents.map((l) => (
              <option key={l.id} value={l.id}>
                {l.path.join(" > ")}
              </option>
            ))}
          </select>
        </label>
        <div className="flex gap-2">
          <button
            type="submit"
            disabled={!name.trim() || invalid}
            data-testid="map-propose-create"
            className="rounded bg-slate-900 px-4 py-1.5 text-sm text-white disabled:opacity-40"
          >
            Propose and assign
          </button>
          <button
            type="button"
            onClick={props.onClose}
            className="rounded border px-4 py-1.5 text-sm"
          >
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
