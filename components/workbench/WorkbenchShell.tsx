"use client";

import { useState } from "react";
import { Workbench } from "./Workbench";

const strategies = [
  { id: "score", title: "Most suspicious first" },
  { id: "uncertainty", title: "Least certain first" },
  { id: "random", title: "Random (baseline)" },
] as const;

/**
 * The order the signed-in annotator works in, around the workbench itself. Who annotates comes
 * from the session (the server attributes every decision to it), never from a field on the page.
 */
export function WorkbenchShell({
  dataset,
  taxonomyId,
  annotator,
}: {
  dataset: string;
  taxonomyId: number;
  annotator: string;
}) {
  const [strategy, setStrategy] = useState<string>("score");
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <span className="text-slate-600" data-testid="annotator-name">
          Annotating as <strong>{annotator}</strong>
        </span>
        <label className="flex items-center gap-2">
          Order
          <select
            value={strategy}
            onChange={(e) => {
              setStrategy(e.target.value);
              e.target.blur();
            }}
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
      </div>
      <Workbench
        key={`${annotator}/${strategy}`}
        dataset={dataset}
        taxonomyId={taxonomyId}
        annotator={annotator}
        strategy={strategy}
      />
    </div>
  );
}
