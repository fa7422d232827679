"use client";

import { useState } from "react";
import { defaultModel } from "@/lib/core/models/registry";
import { embedTexts, loadModel, terminateEmbeddingWorker } from "@/lib/ml/embedding/client";
import type { DeviceInfo } from "@/lib/ml/embedding/protocol";

interface BenchResult {
  count: number;
  loadMs: number;
  wallMs: number;
  workerMs: number;
  deviceInfo: DeviceInfo;
}

/**
 * Throughput of the bundled model in this browser: a fresh worker per run (ORT fixes its thread
 * count at start), model load timed apart from embedding, and the embedding timed both on the
 * page (with messaging) and inside the worker. `npm run bench:embed` drives this page.
 */
export function EmbeddingBenchmark() {
  const [result, setResult] = useState<BenchResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);

  async function run(form: FormData) {
    const texts = String(form.get("texts") ?? "")
      .split("\n")
      .filter((line) => line.length > 0);
    const numThreads = Number(form.get("threads") ?? 1);
    const batchSize = Number(form.get("batchSize") ?? 64);
    const runtime = { device: "wasm", numThreads } as const;
    const model = defaultModel();
    setRunning(true);
    setError(null);
    setResult(null);
    try {
      terminateEmbeddingWorker();
      const loadStarted = performance.now();
      await loadModel(model, { runtime });
      const loadMs = performance.now() - loadStarted;
      const started = performance.now();
      const out = await embedTexts(model, texts, { runtime, batchSize });
      setResult({
        count: out.count,
        loadMs,
        wallMs: performance.now() - started,
        workerMs: out.embedMs,
        deviceInfo: out.deviceInfo,
      });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setRunning(false);
    }
  }

  return (
    <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <form
        className="space-y-2 text-sm"
        onSubmit={(e) => {
          e.preventDefault();
          void run(new FormData(e.currentTarget));
        }}
      >
        <textarea
          name="texts"
          rows={6}
          className="w-full rounded border border-slate-300 p-2 font-mono text-xs"
          placeholder="One text per line"
          data-testid="bench-texts"
        />
        <div className="flex gap-2">
          <label className="flex flex-col">
            <span className="text-slate-500">WASM threads</span>
            <input
              name="threads"
              type="number"
              min={1}
              max={16}
              defaultValue={1}
              className="w-20 rounded border border-slate-300 px-2 py-1"
              data-testid="bench-threads"
            />
          </label>
          <label className="flex flex-col">
            <span className="text-slate-500">Batch size</span>
            <input
              name="batchSize"
              type="number"
              min={1}
              max={1024}
              defaultValue={64}
              className="w-20 rounded border border-slate-300 px-2 py-1"
            />
          </label>
          <button
            type="submit"
            disabled={running}
            className="self-end rounded bg-slate-900 px-3 py-1.5 text-white"
          >
            Run
          </button>
        </div>
      </form>
      {error && (
        <p role="alert" className="text-sm text-red-700" data-testid="bench-error">
          {error}
        </p>
      )}
      {result && (
        <output
          className="block font-mono text-sm"
          data-testid="bench-result"
          data-count={result.count}
          data-wall-ms={result.wallMs}
          data-worker-ms={result.workerMs}
          data-load-ms={result.loadMs}
          data-threads={result.deviceInfo.numThreads}
        >
          {result.count} texts in {result.wallMs.toFixed(0)} ms (
          {((1000 * result.count) / result.wallMs).toFixed(0)} texts/s; worker{" "}
          {result.workerMs.toFixed(0)} ms; load {result.loadMs.toFixed(0)} ms;{" "}
          {result.deviceInfo.device}, {result.deviceInfo.numThreads} threads)
        </output>
      )}
    </section>
  );
}
