"use client";

import { useEffect, useRef, useState } from "react";
import { ProgressBar } from "@/components/data/ProgressBar";
import { isOcrCancelled, recogniseImages } from "@/lib/ml/ocr/client";
import { runOcrJob, type OcrJobProgress } from "@/lib/ml/ocr/ocrJob";
import { ocrModelName } from "@/lib/ml/ocr/protocol";

type JobState =
  | { status: "idle" }
  | { status: "running"; progress: OcrJobProgress | null }
  | { status: "done"; progress: OcrJobProgress }
  | { status: "cancelled"; progress: OcrJobProgress | null }
  | { status: "failed"; message: string; progress: OcrJobProgress | null };

/**
 * Reads the text of a dataset's creative images in this browser (PaddleOCR in a worker, model
 * files served by the app) and stores it: as the text of image-only creatives, and beside an
 * imported text as a suggestion. Progress per model file and per image; Cancel keeps what was
 * stored.
 */
export function OcrJob({
  datasets,
}: {
  datasets: readonly { name: string; withImageCount: number }[];
}) {
  const withImages = datasets.filter((d) => d.withImageCount > 0);
  const [dataset, setDataset] = useState(withImages[0]?.name ?? "");
  const [state, setState] = useState<JobState>({ status: "idle" });
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);

  async function start() {
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    let progress: OcrJobProgress | null = null;
    setState({ status: "running", progress });
    try {
      const result = await runOcrJob(
        dataset,
        { recognise: (images, options) => recogniseImages(images, options), model: ocrModelName },
        {
          signal: current.signal,
          onProgress: (p) => {
            progress = p;
            setState({ status: "running", progress });
          },
        },
      );
      setState({ status: "done", progress: result });
    } catch (error) {
      if (current.signal.aborted || isOcrCancelled(error)) {
        setState({ status: "cancelled", progress });
      } else {
        const message = error instanceof Error ? error.message : String(error);
        setState({ status: "failed", message, progress });
      }
    } finally {
      if (controller.current === current) controller.current = null;
    }
  }

  if (withImages.length === 0) return null;
  const progress = state.status === "idle" ? null : state.progress;
  const file = state.status === "running" ? progress?.file : undefined;
  return (
    <section
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
      data-testid="ocr-job"
    >
      <h2 className="font-medium">Read text from images</h2>
      <p className="text-sm text-slate-500">
        Reads the text on each creative image in this browser with {ocrModelName}. A creative with
        no imported text gets the text read from its image; beside an imported text it is kept as a
        suggestion.
      </p>
      <div className="flex flex-wrap items-end gap-2 text-sm">
        <label className="flex flex-col">
          <span className="text-slate-500">Dataset</span>
          <select
            className="rounded border border-slate-300 px-2 py-1"
            value={dataset}
            disabled={state.status === "running"}
            data-testid="ocr-dataset"
            onChange={(e) => setDataset(e.target.value)}
          >
            {withImages.map((d) => (
              <option key={d.name} value={d.name}>
                {d.name} ({d.withImageCount.toLocaleString("en")} images)
              </option>
            ))}
          </select>
        </label>
        {state.status === "running" ? (
          <button
            type="button"
            className="rounded border border-slate-300 px-3 py-1.5"
            data-testid="ocr-cancel"
            onClick={() => controller.current?.abort()}
          >
            Cancel
          </button>
        ) : (
          <button
            type="button"
            className="rounded bg-slate-900 px-3 py-1.5 text-white"
            data-testid="ocr-start"
            onClick={() => void start()}
          >
            {state.status === "cancelled" || state.status === "failed" ? "Resume" : "Read text"}
          </button>
        )}
      </div>
      {file && file.status !== "done" && (
        <ProgressBar
          label={`Loading ${file.file}`}
          value={file.loaded}
          max={file.total}
          unit="bytes"
        />
      )}
      {progress && progress.total > 0 && (
        <div className="space-y-1" data-testid="ocr-progress">
          <ProgressBar
            label="Images read"
            value={progress.done}
            max={progress.total}
            unit="images"
          />
          <p className="text-xs text-slate-500" data-testid="ocr-counts">
            {progress.done} / {progress.total} images · {progress.textsSet} image-only creatives got
            their text{progress.failed > 0 && ` · ${progress.failed} could not be read`}
          </p>
        </div>
      )}
      {state.status === "done" && (
        <p className="text-sm text-emerald-700" role="status" data-testid="ocr-done">
          {state.progress.total === 0
            ? "Every image has its text read already."
            : `Read ${state.progress.done} images; ${state.progress.textsSet} image-only creatives got their text.`}
        </p>
      )}
      {state.status === "cancelled" && (
        <p className="text-sm text-slate-600" role="status" data-testid="ocr-cancelled">
          Cancelled. Texts read so far are stored; Resume continues from there.
        </p>
      )}
      {state.status === "failed" && (
        <p role="alert" className="text-sm text-red-700" data-testid="ocr-error">
          {state.message}
        </p>
      )}
    </section>
  );
}
