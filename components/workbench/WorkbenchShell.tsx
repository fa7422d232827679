"use client";

import { useState, useSyncExternalStore } from "react";
import { annotatorName } from "./annotatorName";
import { Workbench } from "./Workbench";

const strategies = [
  { id: "score", title: "Most suspicious first" },
  { id: "uncertainty", title: "Least certain first" },
  { id: "random", title: "Random (baseline)" },
] as const;

/**
 * Who is annotating and in which order, remembered in the browser (accounts replace the name
 * field later), around the workbench itself.
 */
export function WorkbenchShell({ dataset, taxonomyId }: { dataset: string; taxonomyId: number }) {
  const annotator = useSyncExternalStore(
    annotatorName.subscribe,
    annotatorName.get,
    annotatorName.getServer,
  );
  const [draft, setDraft] = useState<string | null>(null);
  const [strategy, setStrategy] = useState<string>("score");
  return (
    <div className="space-y-4">
      <form
        className="flex flex-wrap items-center gap-3 text-sm"
        onSubmit={(e) => {
          e.preventDefault();
          const name = (draft ?? annotator ?? "").trim();
          if (!name) return;
          annotatorName.set(name);
          setDraft(null);
          (document.activeElement as HTMLElement | null)?.blur();
        }}
      >
        <label className="flex items-center gap-2">
          Annotator
          <input
            value={draft ?? annotator ?? ""}
            onChange={(e) => setDraft(e.target.value)}
            className="rounded border border-slate-300 px-2 py-1"
            data-testid="annotator-name"
          />
        </label>
        <button type="submit" className="rounded border px-2 py-1" data-testid="annotator-start">
          {annotator ? "Switch" : "Start"}
        </button>
        <label className="flex items-center gap-2">
          Order
          <select
            value={strategy}
            onChange={(e) => setStrategy(e.target.value)}
            className="rounded border border-slate-300 px-2 py-1"
            data-testid="queue-strategy"
          >
            {strategies.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
        </label>
      </form>
      {annotator ? (
        <Workbench
          key={`${annotator}/${strategy}`}
          dataset={dataset}
          taxonomyId={taxonomyId}
          annotator={annotator}
          strategy={strategy}
        />
      ) : (
        <p className="text-sm text-slate-500">Enter your name to start annotating.</p>
      )}
    </div>
  );
}
