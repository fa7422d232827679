"use client";

import { useEffect, useState } from "react";
import type { ModelSpec } from "@/lib/core/models/registry";
import { loadModel } from "@/lib/ml/embedding/client";
import { isCancelled, type LoadResult, type RuntimeOptions } from "@/lib/ml/embedding/protocol";
import { FileProgressList } from "./FileProgressList";
import { foldFileProgress, type FileProgressMap } from "./fileProgress";

type LoadState = { key: string } & (
  | { status: "loading"; files: FileProgressMap }
  | { status: "ready"; result: LoadResult }
  | { status: "failed"; message: string; files: FileProgressMap }
);

/**
 * Loads the active model in the worker whenever it or the runtime changes, and shows its file
 * progress, where it runs and why, or the load error (a missing or corrupt file names the file).
 * A newer load aborts the older one, so a slow stale load never overwrites the current state.
 */
export function ModelStatus({ model, runtime }: { model: ModelSpec; runtime: RuntimeOptions }) {
  const [attempt, setAttempt] = useState(0);
  const key = JSON.stringify([model, runtime, attempt]);
  const [stored, setState] = useState<LoadState>({ key, status: "loading", files: {} });
  // State from an earlier model or runtime is not shown while the new load starts.
  const state: LoadState = stored.key === key ? stored : { key, status: "loading", files: {} };

  useEffect(() => {
    const controller = new AbortController();
    let files: FileProgressMap = {};
    loadModel(model, {
      runtime,
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.kind !== "file") return;
        files = foldFileProgress(files, progress);
        setState({ key, status: "loading", files });
      },
    }).then(
      (result) => setState({ key, status: "ready", result }),
      (error: unknown) => {
        if (isCancelled(error)) return;
        const message = error instanceof Error ? error.message : String(error);
        setState({ key, status: "failed", message, files });
      },
    );
    return () => controller.abort();
  }, [model, runtime, key]);

  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4" data-testid="model-status">
      <h2 className="mb-1 font-medium">Active model</h2>
      <p className="mb-3 text-sm text-slate-600">
        <span className="font-mono" data-testid="active-model-id">
          {model.id}
        </span>{" "}
        ({model.source}, {model.dtype}, {model.pooling} pooling)
      </p>
      {state.status === "loading" && (
        <div className="space-y-2">
          <p className="text-sm text-slate-500" data-testid="model-loading">
            Loading the model in the embedding worker…
          </p>
          <FileProgressList files={state.files} />
        </div>
      )}
      {state.status === "ready" && <DeviceSummary result={state.result} />}
      {state.status === "failed" && (
        <div className="space-y-2">
          <p
            role="alert"
            className="rounded border border-red-200 bg-red-50 p-2 text-sm text-red-800"
            data-testid="model-error"
          >
            {state.message}
          </p>
          <button
            type="button"
            className="rounded border border-slate-300 px-3 py-1 text-sm"
            onClick={() => setAttempt((n) => n + 1)}
          >
            Try again
          </button>
          <FileProgressList files={state.files} />
        </div>
      )}
    </section>
  );
}

function DeviceSummary({ result }: { result: LoadResult }) {
  const info = result.deviceInfo;
  return (
    <dl className="grid grid-cols-[10rem_1fr] gap-y-1 text-sm" data-testid="model-ready">
      <dt className="text-slate-500">Vector size</dt>
      <dd data-testid="model-dim">{result.dim}</dd>
      <dt className="text-slate-500">Runs on</dt>
      <dd data-testid="model-device">{info.device === "webgpu" ? "WebGPU" : "WASM (CPU)"}</dd>
      <dt className="text-slate-500">Why</dt>
      <dd data-testid="model-device-reason">{info.reason}</dd>
      <dt className="text-slate-500">WASM threads</dt>
      <dd data-testid="model-threads">{info.numThreads}</dd>
      <dt className="text-slate-500">Cross-origin isolated</dt>
      <dd data-testid="model-isolated">
        {info.crossOriginIsolated ? "yes" : "no (WASM limited to one thread)"}
      </dd>
      <dt className="text-slate-500">Load time</dt>
      <dd>{(result.loadMs / 1000).toFixed(2)} s</dd>
    </dl>
  );
}
