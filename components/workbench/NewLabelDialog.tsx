"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import type { TaxonomyLabel } from "./types";

/**
 * Creates a proposed label: a name and a parent, both prefilled (the group's suggested name or
 * the generative label's last level, the detector's suggested parent). For a creative of a
 * new-label group it offers to give the label to the group's other undecided members too.
 * Enter creates, Escape closes.
 */
export function NewLabelDialog({
  labels,
  initialName,
  initialParentId,
  groupOthers,
  onCreate,
  onClose,
  error,
}: {
  labels: TaxonomyLabel[];
  initialName: string;
  initialParentId: number | null;
  /** Undecided other members of the creative's new-label group (0: none). */
  groupOthers: number;
  onCreate: (name: string, parentId: number | null, wholeGroup: boolean) => void;
  onClose: () => void;
  error: string | null;
}) {
  const [name, setName] = useState(initialName);
  const [parentId, setParentId] = useState<number | null>(initialParentId);
  const [wholeGroup, setWholeGroup] = useState(groupOthers > 0);
  const nameInput = useRef<HTMLInputElement>(null);
  const parents = useMemo(
    () =>
      labels
        .filter((l) => l.status !== "rejected")
        .sort((a, b) => a.path.join(" > ").localeCompare(b.path.join(" > "))),
    [labels],
  );
  useEffect(() => nameInput.current?.focus(), []);
  return (
    <div
      role="dialog"
      aria-label="New label"
      className="fixed inset-0 z-20 flex items-start justify-center bg-slate-900/30 pt-24"
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === "Escape") onClose();
      }}
    >
      <form
        className="w-full max-w-xl space-y-3 rounded-lg bg-white p-4 shadow-xl"
        data-testid="new-label-dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) onCreate(name.trim(), parentId, wholeGroup && groupOthers > 0);
        }}
      >
        <h2 className="font-medium">New label (proposed, usable at once)</h2>
        <label className="block text-sm">
          <span className="text-slate-600">Name</span>
          <input
            ref={nameInput}
            value={name}
            onChange={(e) => setName(e.target.value)}
            className="mt-1 w-full rounded border border-slate-300 px-3 py-1.5"
            data-testid="new-label-name"
          />
        </label>
        <label className="block text-sm">
          <span className="text-slate-600">Parent</span>
          <select
            value={parentId ?? ""}
            onChange={(e) => setParentId(e.target.value ? Number(e.target.value) : null)}
            className="mt-1 w-full rounded border border-slate-300 px-2 py-1.5"
            data-testid="new-label-parent"
          >
            <option value="">(top level)</option>
            {parents.map((l) => (
              <option key={l.id} value={l.id}>
                {l.path.join(" > ")}
              </option>
            ))}
          </select>
        </label>
        {groupOthers > 0 && (
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={wholeGroup}
              onChange={(e) => setWholeGroup(e.target.checked)}
              data-testid="new-label-whole-group"
            />
            Also give it to the {groupOthers} other undecided creative{groupOthers > 1 ? "s" : ""}{" "}
            of this group
          </label>
        )}
        {error && (
          <p role="alert" className="text-sm text-rose-700">
            {error}
          </p>
        )}
        <div className="flex gap-2">
          <button
            type="submit"
            className="rounded bg-slate-900 px-4 py-1.5 text-sm text-white"
            data-testid="new-label-create"
          >
            Create and assign
          </button>
          <button type="button" onClick={onClose} className="rounded border px-4 py-1.5 text-sm">
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
