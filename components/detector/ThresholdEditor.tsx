"use client";

import { useEffect, useState } from "react";
import { z } from "zod";
import { errorBodySchema } from "@/lib/core/import/reportSchema";
import { similarityThresholdStats, type SimilarityPoint } from "@/lib/core/thresholdStats";
import { ThresholdChart } from "./ThresholdChart";

const responseSchema = z.object({
  points: z.array(
    z.object({ similarity: z.number(), outcome: z.enum(["confirmed", "corrected", "undecided"]) }),
  ),
  threshold: z.number().nullable(),
  modelId: z.string(),
});

const percent = (v: number) => (Number.isNaN(v) ? "–" : `${Math.round(v * 100)}%`);

/**
 * The analyst's view of the similarity threshold: the distribution, the line to drag, and what
 * the threshold would do (how many it flags, precision and recall against decisions so far);
 * saving it changes the queue at once.
 */
export function ThresholdEditor({ dataset }: { dataset: string }) {
  const [points, setPoints] = useState<SimilarityPoint[] | null>(null);
  const [saved, setSaved] = useState<number | null>(null);
  const [threshold, setThreshold] = useState(0.3);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    fetch(`/api/thresholds?dataset=${encodeURIComponent(dataset)}`)
      .then(async (response) => {
        const body: unknown = await response.json();
        if (!response.ok) {
          const error = errorBodySchema.safeParse(body);
          throw new Error(
            error.success ? error.data.error.message : `The server answered ${response.status}`,
          );
        }
        return responseSchema.parse(body);
      })
      .then((data) => {
        if (!live) return;
        setPoints(data.points);
        setSaved(data.threshold);
        if (data.threshold !== null) setThreshold(data.threshold);
      })
      .catch((e: Error) => live && setMessage(e.message));
    return () => {
      live = false;
    };
  }, [dataset]);

  async function save() {
    const response = await fetch("/api/thresholds", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ dataset, value: threshold, analyst: "analyst" }),
    }).catch(() => undefined);
    if (response?.ok) {
      setSaved(threshold);
      setMessage(`Saved: creatives under ${threshold.toFixed(2)} now join the queue.`);
    } else {
      setMessage("The threshold was not saved; try again.");
    }
  }

  if (!points) return <p className="text-sm text-slate-500">{message ?? "Loading…"}</p>;
  const stats = similarityThresholdStats(points, threshold);
  return (
    <div className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <ThresholdChart points={points} threshold={threshold} onChange={setThreshold} />
      <div className="flex flex-wrap items-center gap-6 text-sm">
        <label className="flex items-center gap-2">
          Threshold
          <input
            type="number"
            step="0.01"
            min={-1}
            max={1}
            value={threshold}
            onChange={(e) => setThreshold(Number(e.target.value))}
            className="w-20 rounded border border-slate-300 px-2 py-1"
            data-testid="threshold-input"
          />
        </label>
        <span data-testid="threshold-flagged">
          Would flag {stats.flagged.toLocaleString("en")} creatives
        </span>
        <span data-testid="threshold-precision">Precision {percent(stats.precision)}</span>
        <span data-testid="threshold-recall">Recall {percent(stats.recall)}</span>
        <span className="text-slate-500">against {stats.decided} decided creatives</span>
        <button
          type="button"
          onClick={save}
          className="rounded bg-slate-900 px-3 py-1.5 text-white"
          data-testid="threshold-save"
        >
          Save threshold
        </button>
        {saved !== null && <span className="text-slate-500">saved: {saved.toFixed(2)}</span>}
      </div>
      <p className="text-xs text-slate-500">
        <span style={{ color: "#10b981" }}>■</span> confirmed by annotators{" "}
        <span style={{ color: "#f43f5e" }}>■</span> corrected{" "}
        <span style={{ color: "#cbd5e1" }}>■</span> not decided yet
      </p>
      {message && (
        <p role="status" className="text-sm text-slate-700" data-testid="threshold-message">
          {message}
        </p>
      )}
    </div>
  );
}
