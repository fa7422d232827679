"use client";

import { useState } from "react";
import { ProgressBar } from "@/components/data/ProgressBar";
import type { GenerativeJobView } from "@/lib/core/generative/api";
import { cancelGenerativeJob, resumeGenerativeJob, startGenerativeJob } from "./generativeApi";
import { useGenerativeJob } from "./useGenerativeJob";
import { DatasetSelect } from "@/components/data/DatasetSelect";

function Outcomes({ job }: { job: GenerativeJobView }) {
  const parts: [string, number][] = [
    ["labelled", job.labelled],
    ["from cache", job.cached],
    ["empty", job.empty],
    ["refused", job.refused],
    ["malformed", job.malformed],
    ["too long", job.tooLong],
    ["request failed", job.failed],
  ];
  return (
    <p className="text-xs text-slate-600" data-testid="generative-job-counts">
      {parts.map(([name, n]) => `${n.toLocaleString("en")} ${name}`).join(" · ")} ·{" "}
      {job.promptTokens.toLocaleString("en")} prompt + {job.completionTokens.toLocaleString("en")}{" "}
      completion tokens · cost ≈ {job.cost.toFixed(4)}
    </p>
  );
}

/**
 * Labels a dataset with the configured model on the server: the creatives without a generative
 * label, or all of them. The job goes on when the page is closed; the page shows its stored
 * progress, cancels it, and resumes one a server restart interrupted.
 */
export function GenerativeJobPanel({ datasets }: { datasets: readonly { name: string }[] }) {
  const [dataset, setDataset] = useState(datasets[0]?.name ?? "");
  const [all, setAll] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const { job, error, refresh } = useGenerativeJob(dataset);
  const running = job?.status === "running" && !job.interrupted;

  const act = (action: () => Promise<unknown>) => {
    setActionError(null);
    action().then(refresh, (e: unknown) =>
      setActionError(e instanceof Error ? e.message : String(e)),
    );
  };

  return (
    <div className="space-y-3" data-testid="generative-job">
      <div className="flex flex-wrap items-end gap-3">
        <label className="text-sm">
          Dataset
          <DatasetSelect
            className="mt-1 block rounded border border-slate-300 px-2 py-1"
            datasets={datasets}
            value={dataset}
            onChange={setDataset}
            testId="generative-dataset"
          />
        </label>
        <label className="flex items-center gap-1 text-sm">
          <input
            type="checkbox"
            checked={all}
            onChange={(e) => setAll(e.target.checked)}
            data-testid="generative-all"
          />
          All creatives (not only those without a generative label)
        </label>
        <button
          type="button"
          className="rounded bg-slate-900 px-3 py-1 text-sm text-white disabled:opacity-50"
          disabled={!dataset || running}
          onClick={() => act(() => startGenerativeJob(dataset, all))}
          data-testid="generative-start"
        >
          Label with the model
        </button>
        {running && job && (
          <button
            type="button"
            className="rounded border border-slate-300 px-3 py-1 text-sm"
            onClick={() => act(() => cancelGenerativeJob(job.id))}
            data-testid="generative-cancel"
          >
            Cancel
          </button>
        )}
        {job?.interrupted && (
          <button
            type="button"
            className="rounded border border-slate-300 px-3 py-1 text-sm"
            onClick={() => act(() => resumeGenerativeJob(job.id))}
            data-testid="generative-resume"
          >
            Resume interrupted job
          </button>
        )}
      </div>
      {(actionError ?? error) && (
        <p className="text-sm text-red-700" data-testid="generative-job-error">
          {actionError ?? error}
        </p>
      )}
      {job && (
        <div
          className="space-y-1"
          data-testid="generative-job-status"
          data-status={job.interrupted ? "interrupted" : job.status}
        >
          <ProgressBar
            label={`Job ${job.id} (${job.model}): ${job.interrupted ? "interrupted" : job.status}`}
            value={job.total - job.pending}
            max={job.total}
            unit="creatives"
          />
          <Outcomes job={job} />
          {job.error && <p className="text-sm text-red-700">{job.error}</p>}
        </div>
      )}
    </div>
  );
}
