import type { ModelSpec } from "@/lib/core/models/registry";
import type {
  EmbedImagesResult,
  EmbedResult,
  LoadResult,
  Progress,
  RuntimeOptions,
} from "./protocol";
import { WorkerRpc } from "./rpc";

/**
 * The page's handle on the embedding worker, and the only module that creates it. The worker
 * starts on first use; if it dies the connection is forgotten and the next call starts a fresh
 * one. ONNX Runtime fixes its WASM thread count at its first session, so asking for another
 * thread count also starts a fresh worker.
 */

interface Connection {
  rpc: WorkerRpc;
  numThreads: number;
}

let connection: Connection | null = null;

function connect(numThreads: number): WorkerRpc {
  if (connection && connection.numThreads === numThreads) return connection.rpc;
  connection?.rpc.dispose();
  const worker = new Worker(new URL("./worker.ts", import.meta.url), {
    type: "module",
    name: "embedding",
  });
  const current: Connection = {
    numThreads,
    rpc: new WorkerRpc(worker, () => {
      if (connection === current) connection = null;
    }),
  };
  connection = current;
  return current.rpc;
}

/** Sensible runtime options for this browser: WebGPU if it works, one WASM thread per core. */
export function defaultRuntimeOptions(): RuntimeOptions {
  const cores = typeof navigator === "undefined" ? 1 : navigator.hardwareConcurrency || 1;
  return { device: "auto", numThreads: Math.min(Math.max(1, cores), 16) };
}

export interface LoadModelOptions {
  runtime?: RuntimeOptions;
  /** Model-file byte progress (and nothing else) while the files load. */
  onProgress?: (progress: Progress) => void;
  signal?: AbortSignal;
}

/**
 * Loads a model in the worker (files, ONNX session, one probe text) and says where it runs.
 * Resolves quickly when it is already loaded. Rejects with an `EmbeddingError` whose `code` is
 * `model_files` for a missing or corrupt file and `network` for an unreachable hub.
 */
export function loadModel(model: ModelSpec, options: LoadModelOptions = {}): Promise<LoadResult> {
  const runtime = options.runtime ?? defaultRuntimeOptions();
  return connect(runtime.numThreads).call(
    { type: "load", model, runtime },
    { onProgress: options.onProgress, signal: options.signal },
  );
}

export interface EmbedOptions extends LoadModelOptions {
  /** Texts per forward pass inside the worker (progress comes after each). */
  batchSize?: number;
}

/**
 * Embeds texts in the worker; resolves with `[texts.length, dim]` row-major vectors whose buffer
 * was transferred, not copied. Progress reports model files while loading, then `embed` n/N.
 * Aborting the signal stops the worker between batches and rejects with the signal's reason.
 */
export function embedTexts(
  model: ModelSpec,
  texts: readonly string[],
  options: EmbedOptions = {},
): Promise<EmbedResult> {
  const runtime = options.runtime ?? defaultRuntimeOptions();
  return connect(runtime.numThreads).call(
    { type: "embed", model, runtime, texts: [...texts], batchSize: options.batchSize ?? 32 },
    { onProgress: options.onProgress, signal: options.signal },
  );
}

/** Stops the worker and frees its models (e.g. before switching thread counts in a benchmark). */
export function terminateEmbeddingWorker(): void {
  connection?.rpc.dispose();
  connection = null;
}

/**
 * Embeds images through a multimodal model's vision tower in the worker, which fetches each
 * same-origin path itself (e.g. `/api/images/<creativeId>`). Resolves with `[images.length, dim]`
 * row-major vectors in the space of the model's text vectors; progress and cancel as for texts.
 */
export function embedImages(
  model: ModelSpec,
  images: readonly string[],
  options: EmbedOptions = {},
): Promise<EmbedImagesResult> {
  const runtime = options.runtime ?? defaultRuntimeOptions();
  return connect(runtime.numThreads).call(
    {
      type: "embed-images",
      model,
      runtime,
      images: [...images],
      batchSize: options.batchSize ?? 8,
    },
    { onProgress: options.onProgress, signal: options.signal },
  );
}
