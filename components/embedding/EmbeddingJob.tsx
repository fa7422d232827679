"use client";

import { useEffect, useRef, useState } from "react";
import { ProgressBar } from "@/components/data/ProgressBar";
import { DetectorRunStatus } from "@/components/detector/DetectorRunStatus";
import { useDetectorRunJob } from "@/components/detector/useDetectorRunJob";
import { isMultimodal, modelVersionOf, type ModelSpec } from "@/lib/core/models/registry";
import { embedImages, embedTexts } from "@/lib/ml/embedding/client";
import { fetchPendingEmbeddings, storeEmbeddings } from "@/lib/ml/embedding/embeddingApi";
import {
  runEmbeddingJob,
  type EmbeddingJobProgress,
  type EmbeddingJobResult,
} from "@/lib/ml/embedding/embeddingJob";
import { isCancelled, type RuntimeOptions } from "@/lib/ml/embedding/protocol";
import { VectorCache } from "@/lib/ml/embedding/vectorCache";
import { FileProgressList } from "./FileProgressList";
import { foldFileProgress, type FileProgressMap } from "./fileProgress";
import { DatasetSelect } from "@/components/data/DatasetSelect";

/** Inputs fetched and stored per round trip (the server accepts up to 1000). */
const pageSize = 500;
/** Texts per forward pass in the worker: progress granularity vs per-call overhead. */
const workerBatchSize = 64;
/** Images per forward pass: each is fetched and decoded first, so batches stay small. */
const imageBatchSize = 8;

type JobState =
  | { status: "idle" }
  | { status: "running"; progress: EmbeddingJobProgress | null; files: FileProgressMap }
  | { status: "done"; result: EmbeddingJobResult }
  | { status: "cancelled"; progress: EmbeddingJobProgress | null }
  | { status: "failed"; message: string; progress: EmbeddingJobProgress | null };

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.ceil(seconds % 60)} s`;
}

async function openCache(onUnavailable: (message: string) => void) {
  try {
    return await VectorCache.open();
  } catch (error) {
    onUnavailable(
      `Vectors are not cached in this browser (${error instanceof Error ? error.message : String(error)}).`,
    );
    return undefined;
  }
}

/**
 * Embeds every creative text and label of a dataset with the active model in the browser, stores
 * the vectors on the server, and shows file and embedding progress with a Cancel button. The
 * server tells what is still missing, so starting again after a closed tab continues the job.
 * When the job embedded anything (a new model, new creatives), the detector runs next in this
 * browser, so the queue reflects what was just embedded.
 */
export function EmbeddingJob({
  datasets,
  model,
  runtime,
}: {
  datasets: readonly { name: string; creativeCount: number; taxonomyName: string }[];
  model: ModelSpec;
  runtime: RuntimeOptions;
}) {
  const [dataset, setDataset] = useState(datasets[0]?.name ?? "");
  const [state, setState] = useState<JobState>({ status: "idle" });
  const [warning, setWarning] = useState<string | null>(null);
  const controller = useRef<AbortController | null>(null);
  const detector = useDetectorRunJob();

  useEffect(() => () => controller.current?.abort(), []);

  async function start() {
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    const { signal } = current;
    let progress: EmbeddingJobProgress | null = null;
    let files: FileProgressMap = {};
    setWarning(null);
    setState({ status: "running", progress, files });
    const cache = await openCache(setWarning);
    const modelVersion = modelVersionOf(model);
    const images = isMultimodal(model);
    try {
      const result = await runEmbeddingJob(
        model,
        {
          fetchPending: (limit, s) =>
            fetchPendingEmbeddings({ dataset, modelId: model.id, modelVersion, limit, images }, s),
          store: (body, s) => storeEmbeddings(body, s),
          embed: async (texts, options) => {
            const r = await embedTexts(model, texts, {
              runtime,
              batchSize: workerBatchSize,
              signal: options.signal,
              onProgress: options.onProgress,
            });
            return { vectors: r.vectors, dim: r.dim };
          },
          ...(images
            ? {
                embedImages: async (sources: string[], options) => {
                  const r = await embedImages(model, sources, {
                    runtime,
                    batchSize: imageBatchSize,
                    signal: options.signal,
                    onProgress: options.onProgress,
                  });
                  return { vectors: r.vectors, dim: r.dim };
                },
              }
            : {}),
          cache,
        },
        {
          pageSize,
          signal,
          onProgress: (p) => {
            if (p.file) files = foldFileProgress(files, p.file);
            progress = p;
            setState({ status: "running", progress, files });
          },
        },
      );
      setState({ status: "done", result });
      if (result.embedded + result.cached > 0) await detector.start(dataset, model, runtime);
    } catch (error) {
      if (signal.aborted || isCancelled(error)) {
        setState({ status: "cancelled", progress });
      } else {
        const message = error instanceof Error ? error.message : String(error);
        setState({ status: "failed", message, progress });
      }
    } finally {
      cache?.close();
      if (controller.current === current) controller.current = null;
    }
  }

  const running = state.status === "running" || detector.state.status === "running";
  const progress = "progress" in state ? state.progress : null;
  return (
    <section
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
      data-testid="embedding-job"
    >
      <h2 className="font-medium">Embed a dataset</h2>
      <p className="text-sm text-slate-500">
        Embeds every creative text and taxonomy label with{" "}
        <span className="font-mono">{model.id}</span> in this browser and stores the vectors on the
        server for every page and user. Stopping and starting again continues where it stopped.
      </p>
      <p className="text-sm text-slate-500" data-testid="embedding-modality">
        {isMultimodal(model)
          ? "A text + image model: creatives' stored images are embedded too, through its image tower, into the same space as texts and labels."
          : "A text-only model: a creative's image is represented by its text (for an image-only creative, the text read from the image)."}
      </p>
      {datasets.length === 0 ? (
        <p className="text-sm text-slate-500">
          No datasets yet: import creatives on the Data page.
        </p>
      ) : (
        <div className="flex flex-wrap items-end gap-2 text-sm">
          <label className="flex flex-col">
            <span className="text-slate-500">Dataset</span>
            <DatasetSelect
              datasets={datasets}
              value={dataset}
              onChange={setDataset}
              disabled={running}
              testId="embedding-dataset"
              describe={(d) =>
                `(${d.creativeCount.toLocaleString("en")} creatives, ${d.taxonomyName})`
              }
            />
          </label>
          {running ? (
            <button
              type="button"
              className="rounded border border-slate-300 px-3 py-1.5"
              onClick={() => {
                controller.current?.abort();
                detector.cancel();
              }}
            >
              Cancel
            </button>
          ) : (
            <button
              type="button"
              className="rounded bg-slate-900 px-3 py-1.5 text-white"
              onClick={() => void start()}
            >
              {state.status === "cancelled" || state.status === "failed" ? "Resume" : "Embed"}
            </button>
          )}
        </div>
      )}
      {warning && <p className="text-sm text-amber-700">{warning}</p>}
      {state.status === "running" && <FileProgressList files={state.files} />}
      {progress && (
        <div className="space-y-1" data-testid="embedding-progress">
          <ProgressBar
            label="Embedded and stored"
            value={progress.stored}
            max={progress.total}
            unit={isMultimodal(model) ? "texts, images and labels" : "texts and labels"}
          />
          <p className="text-xs text-slate-500" data-testid="embedding-counts">
            {progress.stored.toLocaleString("en")} / {progress.total.toLocaleString("en")}
            {progress.textsPerSecond !== null && ` · ${progress.textsPerSecond.toFixed(0)} texts/s`}
            {progress.secondsLeft !== null &&
              state.status === "running" &&
              ` · about ${formatSeconds(progress.secondsLeft)} left`}
            {progress.cachedThisRun > 0 && ` · ${progress.cachedThisRun} from this browser's cache`}
          </p>
        </div>
      )}
      {state.status === "done" && (
        <p className="text-sm text-emerald-700" role="status" data-testid="embedding-done">
          All {state.result.total.toLocaleString("en")}{" "}
          {isMultimodal(model) ? "texts, images and labels" : "texts and labels"} have vectors (
          {state.result.embedded.toLocaleString("en")} embedded now
          {state.result.images > 0 &&
            `, ${state.result.images.toLocaleString("en")} of them images`}
          , {state.result.cached} from the cache, {state.result.seconds.toFixed(1)} s).
        </p>
      )}
      <DetectorRunStatus state={detector.state} />
      {state.status === "cancelled" && (
        <p className="text-sm text-slate-600" role="status" data-testid="embedding-cancelled">
          Cancelled. Vectors stored so far are kept; Resume continues from there.
        </p>
      )}
      {state.status === "failed" && (
        <p role="alert" className="text-sm text-red-700" data-testid="embedding-error">
          {state.message}
        </p>
      )}
    </section>
  );
}
