"use client";

import { useState } from "react";
import { saveRetrainAfterDecisions } from "@/lib/ml/training/listingApi";

/** After how many new decisions the app proposes a round for this dataset (default 200). */
export function RetrainThresholdForm({
  dataset,
  current,
  onSaved,
}: {
  dataset: string;
  current: number;
  onSaved: () => void;
}) {
  const [value, setValue] = useState(String(current));
  const [message, setMessage] = useState<string | null>(null);
  const parsed = Number(value);
  const valid = Number.isInteger(parsed) && parsed >= 1;
  return (
    <form
      className="flex items-center gap-2 text-sm"
      onSubmit={(event) => {
        event.preventDefault();
        if (!valid) return;
        setMessage(null);
        saveRetrainAfterDecisions(dataset, parsed)
          .then(() => {
            setMessage("Saved.");
            onSaved();
          })
          .catch((error: unknown) =>
            setMessage(error instanceof Error ? error.message : String(error)),
          );
      }}
    >
      <label htmlFor="retrain-after">Propose a round after</label>
      <input
        id="retrain-after"
        type="number"
        min={1}
        step={1}
        className="w-24 rounded border border-slate-300 px-2 py-1"
        value={value}
        onChange={(event) => setValue(event.target.value)}
        data-testid="retrain-after"
        aria-invalid={!valid}
      />
      <span>new decisions</span>
      <button
        type="submit"
        className="rounded border border-slate-300 px-3 py-1 disabled:opacity-50"
        disabled={!valid || parsed === current}
      >
        Save
      </button>
      {!valid ? <span className="text-rose-600">Enter a whole number of at least 1.</span> : null}
      {message ? <span className="text-slate-500">{message}</span> : null}
    </form>
  );
}
