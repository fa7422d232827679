"use client";

import { useEmbeddingSettings } from "@/components/embedding/useEmbeddingSettings";
import { DetectorRunStatus } from "./DetectorRunStatus";
import { useDetectorRunJob } from "./useDetectorRunJob";

/**
 * Re-runs the detector in this browser with the active model: after annotators have decided more
 * creatives (their decisions retrain the combiner and recalibrate the thresholds) or after the
 * model changed. The run replaces the stored one, and the queue follows it at once.
 */
export function DetectorRunPanel({
  dataset,
  lastRun,
}: {
  dataset: string;
  lastRun: { modelId: string; computedAt: string; decisionsSince: number } | null;
}) {
  const { activeModel, runtime } = useEmbeddingSettings();
  const { state, start, cancel } = useDetectorRunJob();
  const running = state.status === "running";
  return (
    <section
      className="space-y-2 rounded-lg border border-slate-200 bg-white p-4"
      data-testid="detector-run"
    >
      <h2 className="font-medium">Run the detector</h2>
      <p className="text-sm text-slate-500">
        {lastRun ? (
          <>
            Last run with <span className="font-mono">{lastRun.modelId}</span> at{" "}
            {new Date(lastRun.computedAt).toLocaleString("en")};{" "}
            <span data-testid="decisions-since">{lastRun.decisionsSince}</span> decisions since.
            Decisions train the detector and calibrate its thresholds on the next run.
          </>
        ) : (
          "This dataset has not been scored yet."
        )}
      </p>
      <div className="flex items-center gap-2 text-sm">
        {running ? (
          <button
            type="button"
            className="rounded border border-slate-300 px-3 py-1.5"
            onClick={cancel}
          >
            Cancel
          </button>
        ) : (
          <button
            type="button"
            className="rounded bg-slate-900 px-3 py-1.5 text-white"
            data-testid="detector-run-start"
            onClick={() => void start(dataset, activeModel, runtime)}
          >
            Run with {activeModel.label}
          </button>
        )}
      </div>
      <DetectorRunStatus state={state} />
    </section>
  );
}
