/// <reference lib="webworker" />
import type { RgbaImage } from "@/lib/core/ocr/paddle";
import { LoaderCache } from "../embedding/loaderCache";
import { loadPaddlePipeline } from "./paddleEngine";
import type { PaddlePipeline } from "./paddlePipeline";
import {
  ocrModelName,
  ocrRequestIdOf,
  parseOcrRequest,
  type ImageText,
  type OcrAssets,
  type OcrErrorCode,
  type OcrLoadRequest,
  type OcrProgress,
  type OcrReply,
  type RecogniseRequest,
} from "./protocol";

/**
 * The OCR worker: the only code that runs the OCR models. It owns one memoised engine per asset
 * location, fetches and decodes each image itself, answers with progress per model file and per
 * image, and stops between images when asked to cancel.
 */

const scope = self as unknown as DedicatedWorkerGlobalScope;
const engines = new LoaderCache<PaddlePipeline>();
const running = new Map<number, AbortController>();

function post(reply: OcrReply): void {
  scope.postMessage(reply);
}

function progress(id: number, value: OcrProgress): void {
  post({ type: "progress", id, progress: value });
}

/** An error that means the model files, not an image, are at fault. */
class ModelFilesError extends Error {}

function engineFor(assets: OcrAssets, numThreads: number, id: number): Promise<PaddlePipeline> {
  return engines.get(JSON.stringify(assets), async () => {
    try {
      return await loadPaddlePipeline(assets, numThreads, (file) => progress(id, file));
    } catch (error) {
      throw new ModelFilesError(error instanceof Error ? error.message : String(error));
    }
  });
}

/** Fetches and decodes one image to RGBA pixels. */
async function decodeImage(url: string, signal: AbortSignal): Promise<RgbaImage> {
  const response = await fetch(url, { signal });
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
  const blob = await response.blob();
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    throw new Error(`${url} is not an image this browser can decode`);
  }
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext("2d");
  if (!context) throw new Error("no 2-D canvas in this worker");
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const { data, width, height } = context.getImageData(0, 0, canvas.width, canvas.height);
  return { data, width, height };
}

async function handleLoad(request: OcrLoadRequest): Promise<void> {
  const started = performance.now();
  await engineFor(request.assets, request.numThreads, request.id);
  post({
    type: "result",
    id: request.id,
    result: { kind: "load", model: ocrModelName, loadMs: performance.now() - started },
  });
}

async function handleRecognise(request: RecogniseRequest): Promise<void> {
  const controller = new AbortController();
  running.set(request.id, controller);
  const { signal } = controller;
  try {
    const engine = await engineFor(request.assets, request.numThreads, request.id);
    const started = performance.now();
    const images: ImageText[] = [];
    for (const { key, url } of request.images) {
      signal.throwIfAborted();
      const imageStarted = performance.now();
      let outcome: ImageText;
      try {
        const pixels = await decodeImage(url, signal);
        const read = await engine.read(pixels);
        outcome = { ok: true, key, ...read, ms: performance.now() - imageStarted };
      } catch (error) {
        if (signal.aborted) throw error;
        outcome = { ok: false, key, error: error instanceof Error ? error.message : String(error) };
      }
      images.push(outcome);
      progress(request.id, {
        kind: "image",
        done: images.length,
        total: request.images.length,
        image: outcome,
      });
    }
    post({
      type: "result",
      id: request.id,
      result: {
        kind: "recognise",
        model: ocrModelName,
        images,
        recogniseMs: performance.now() - started,
      },
    });
  } finally {
    running.delete(request.id);
  }
}

function fail(id: number, error: unknown): void {
  // An aborted fetch and `throwIfAborted()` both throw the signal's AbortError.
  if (error instanceof DOMException && error.name === "AbortError") {
    post({ type: "error", id, code: "cancelled", message: "cancelled" });
    return;
  }
  console.error(error);
  const code: OcrErrorCode = error instanceof ModelFilesError ? "model_files" : "backend";
  post({
    type: "error",
    id,
    code,
    message: error instanceof Error ? error.message : String(error),
  });
}

scope.addEventListener("message", (event: MessageEvent<unknown>) => {
  const parsed = parseOcrRequest(event.data);
  if (!parsed.ok) {
    const id = ocrRequestIdOf(event.data);
    if (id !== undefined) post({ type: "error", id, code: "bad_request", message: parsed.reason });
    else console.error(`OCR worker: unusable message (${parsed.reason})`);
    return;
  }
  const request = parsed.value;
  switch (request.type) {
    case "cancel":
      running.get(request.target)?.abort();
      return;
    case "load":
      handleLoad(request).catch((error: unknown) => fail(request.id, error));
      return;
    case "recognise":
      handleRecognise(request).catch((error: unknown) => fail(request.id, error));
      return;
  }
});
