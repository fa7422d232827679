"use client";

import { ProgressBar } from "@/components/data/ProgressBar";
import type { DetectorJobState } from "./useDetectorRunJob";

const phaseText = {
  inputs: "Reading the dataset's vectors and decisions…",
  generative: "Embedding the generative labels",
  scoring: "Scoring",
  storing: "Storing the flags and the queue order…",
} as const;

/** How the done message names the kernel that scored the run. */
const kernelText = {
  "wasm-simd": "WebAssembly SIMD kernel",
  typescript: "TypeScript kernel",
} as const;

/** What a detector run in the browser is doing, or what it found. */
export function DetectorRunStatus({ state }: { state: DetectorJobState }) {
  if (state.status === "idle") return null;
  if (state.status === "running") {
    const p = state.progress;
    return (
      <div className="space-y-1 text-sm text-slate-600" data-testid="detector-run-progress">
        {p.phase === "generative" ? (
          <ProgressBar label={phaseText.generative} value={p.done} max={p.total} unit="labels" />
        ) : p.phase === "scoring" ? (
          <p>
            {phaseText.scoring} {p.creatives.toLocaleString("en")} creatives against{" "}
            {p.labels.toLocaleString("en")} labels…
          </p>
        ) : (
          <p>{phaseText[p.phase]}</p>
        )}
      </div>
    );
  }
  if (state.status === "done") {
    const r = state.result;
    return (
      <p className="text-sm text-emerald-700" role="status" data-testid="detector-run-done">
        Scored {r.scored.toLocaleString("en")} creatives in {r.seconds.toFixed(1)} s
        {r.kernel ? ` (${kernelText[r.kernel]})` : ""}: {r.wrongLabel.toLocaleString("en")} flagged
        as wrong-labelled, {r.newLabel.toLocaleString("en")} as needing a new label ({r.groups}{" "}
        groups). The queue follows the new run.
      </p>
    );
  }
  if (state.status === "cancelled") {
    return (
      <p className="text-sm text-slate-500">Detector run cancelled; the queue is unchanged.</p>
    );
  }
  return (
    <p className="text-sm text-red-700" role="alert" data-testid="detector-run-error">
      The detector run failed: {state.message}. The queue is unchanged.
    </p>
  );
}
