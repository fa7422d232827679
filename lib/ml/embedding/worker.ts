/// <reference lib="webworker" />
import type { ModelSpec } from "@/lib/core/models/registry";
import { configureBrowserEnvironment, effectiveWasmThreads } from "./browserEnvironment";
import { chooseDevice, isWebGpuUnavailableError, type DeviceChoice } from "./device";
import { RawImage } from "@huggingface/transformers";
import { embedImagesInBatches, loadImageEmbedder, type ImageEmbedder } from "./embedImages";
import { embedInBatches, loadTextEmbedder, type TextEmbedder } from "./embedTexts";
import { describeLoadError } from "./errors";
import { LoaderCache } from "./loaderCache";
import {
  parseWorkerRequest,
  requestIdOf,
  type DeviceInfo,
  type EmbedImagesRequest,
  type EmbedRequest,
  type LoadRequest,
  type Progress,
  type RuntimeOptions,
  type WorkerReply,
} from "./protocol";

/**
 * The embedding worker: the only code that runs transformers.js in the browser. It owns one
 * memoised encoder per (model, dtype, device) (and, for a multimodal model, one vision tower),
 * answers each request with progress and one result or error, and stops an embed request between
 * batches when asked to cancel.
 */

const scope = self as unknown as DedicatedWorkerGlobalScope;

interface LoadedEncoder {
  embedder: TextEmbedder;
  deviceInfo: DeviceInfo;
}

const encoders = new LoaderCache<LoadedEncoder>();
const imageEncoders = new LoaderCache<{ embedder: ImageEmbedder; deviceInfo: DeviceInfo }>();
/** AbortControllers of running embed requests, by request id. */
const running = new Map<number, AbortController>();

function post(reply: WorkerReply, transfer: Transferable[] = []): void {
  scope.postMessage(reply, transfer);
}

function progress(id: number, value: Progress): void {
  post({ type: "progress", id, progress: value });
}

function deviceInfoFor(choice: DeviceChoice): DeviceInfo {
  return {
    device: choice.device,
    reason: choice.reason,
    numThreads: choice.device === "wasm" ? effectiveWasmThreads() : 1,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
  };
}

async function loadOn(
  model: ModelSpec,
  choice: DeviceChoice,
  onProgress: (value: Progress) => void,
): Promise<LoadedEncoder> {
  const key = JSON.stringify([model.id, model.version, model.dtype, choice.device]);
  const loaded = await encoders.get(key, async () => ({
    embedder: await loadTextEmbedder(model, { device: choice.device, onFile: onProgress }),
    deviceInfo: deviceInfoFor(choice),
  }));
  return loaded;
}

/** Loads (or reuses) the encoder, retrying on WASM when WebGPU turns out to be unusable. */
async function ensureEncoder(
  model: ModelSpec,
  runtime: RuntimeOptions,
  onProgress: (value: Progress) => void,
): Promise<LoadedEncoder> {
  configureBrowserEnvironment(model, runtime.numThreads);
  const choice = await chooseDevice(runtime.device);
  try {
    return await loadOn(model, choice, onProgress);
  } catch (error) {
    if (choice.device !== "webgpu" || !isWebGpuUnavailableError(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    return loadOn(model, { device: "wasm", reason: `WebGPU failed (${message})` }, onProgress);
  }
}

/** Loads (or reuses) a multimodal model's vision tower on the device its text tower runs on. */
async function ensureImageEncoder(
  model: ModelSpec,
  runtime: RuntimeOptions,
  onProgress: (value: Progress) => void,
): Promise<{ embedder: ImageEmbedder; deviceInfo: DeviceInfo }> {
  // The text tower first: it settles the device (and the WebGPU fallback) for both towers.
  const text = await ensureEncoder(model, runtime, onProgress);
  const key = JSON.stringify([model.id, model.version, model.dtype, text.deviceInfo.device]);
  return imageEncoders.get(key, async () => ({
    embedder: await loadImageEmbedder(model, {
      device: text.deviceInfo.device,
      onFile: onProgress,
    }),
    deviceInfo: text.deviceInfo,
  }));
}

/** Fetches a same-origin image (the page's cookies go with it) and decodes it. */
async function readImage(path: string): Promise<RawImage> {
  const response = await fetch(new URL(path, scope.location.origin));
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return RawImage.fromBlob(await response.blob());
}

/** Runs a job that a `cancel` message for its id can abort, and forgets it when it ends. */
async function cancellable(id: number, job: (signal: AbortSignal) => Promise<void>): Promise<void> {
  const controller = new AbortController();
  running.set(id, controller);
  try {
    await job(controller.signal);
  } finally {
    running.delete(id);
  }
}

async function handleEmbedImages(request: EmbedImagesRequest): Promise<void> {
  await cancellable(request.id, async (signal) => {
    const loaded = await ensureImageEncoder(request.model, request.runtime, (p) =>
      progress(request.id, p),
    );
    const started = performance.now();
    const vectors = await embedImagesInBatches(loaded.embedder, request.images, {
      batchSize: request.batchSize,
      read: readImage,
      signal,
      onProgress: (done, total) => progress(request.id, { kind: "embed", done, total }),
    });
    post(
      {
        type: "result",
        id: request.id,
        result: {
          kind: "embed-images",
          modelId: request.model.id,
          dim: loaded.embedder.dim,
          count: request.images.length,
          vectors,
          deviceInfo: loaded.deviceInfo,
          embedMs: performance.now() - started,
        },
      },
      [vectors.buffer],
    );
  });
}

async function handleLoad(request: LoadRequest): Promise<void> {
  const started = performance.now();
  const loaded = await ensureEncoder(request.model, request.runtime, (p) =>
    progress(request.id, p),
  );
  post({
    type: "result",
    id: request.id,
    result: {
      kind: "load",
      modelId: request.model.id,
      dim: loaded.embedder.dim,
      deviceInfo: loaded.deviceInfo,
      loadMs: performance.now() - started,
    },
  });
}

async function handleEmbed(request: EmbedRequest): Promise<void> {
  await cancellable(request.id, async (signal) => {
    const loaded = await ensureEncoder(request.model, request.runtime, (p) =>
      progress(request.id, p),
    );
    const started = performance.now();
    const vectors = await embedInBatches(loaded.embedder, request.texts, {
      batchSize: request.batchSize,
      signal,
      onProgress: (done, total) => progress(request.id, { kind: "embed", done, total }),
    });
    post(
      {
        type: "result",
        id: request.id,
        result: {
          kind: "embed",
          modelId: request.model.id,
          dim: loaded.embedder.dim,
          count: request.texts.length,
          vectors,
          deviceInfo: loaded.deviceInfo,
          embedMs: performance.now() - started,
        },
      },
      [vectors.buffer],
    );
  });
}

function fail(id: number, error: unknown, modelId: string): void {
  if (error instanceof DOMException && error.name === "AbortError") {
    post({ type: "error", id, code: "cancelled", message: "cancelled" });
    return;
  }
  // Logged here too: the page shows the message, the console keeps the stack.
  console.error(error);
  const { code, message } = describeLoadError(error, modelId);
  post({ type: "error", id, code, message });
}

scope.addEventListener("message", (event: MessageEvent<unknown>) => {
  const parsed = parseWorkerRequest(event.data);
  if (!parsed.ok) {
    const id = requestIdOf(event.data);
    if (id !== undefined) {
      post({ type: "error", id, code: "bad_request", message: parsed.reason });
    } else {
      console.error(`embedding worker: unusable message (${parsed.reason})`);
    }
    return;
  }
  const request = parsed.value;
  switch (request.type) {
    case "cancel":
      running.get(request.target)?.abort();
      return;
    case "load":
      handleLoad(request).catch((error: unknown) => fail(request.id, error, request.model.id));
      return;
    case "embed":
      handleEmbed(request).catch((error: unknown) => fail(request.id, error, request.model.id));
      return;
    case "embed-images":
      handleEmbedImages(request).catch((error: unknown) =>
        fail(request.id, error, request.model.id),
      );
      return;
  }
});
