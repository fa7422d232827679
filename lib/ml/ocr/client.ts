import type { OcrAssets, OcrLoadResult, RecogniseResult } from "./protocol";
import { OcrError } from "./protocol";
import { OcrWorkerRpc, type OcrCallOptions } from "./rpc";

/**
 * The page's handle on the OCR worker, and the only module that creates it. The worker starts on
 * first use and keeps its models loaded; if it dies the connection is forgotten and the next call
 * starts a fresh one.
 */

/** Where the app serves the OCR files (copied there by `npm run copy-ort`). */
export const defaultOcrAssets: OcrAssets = { modelBaseUrl: "/ocr/", wasmBaseUrl: "/ort/" };

/**
 * WASM threads for OCR: one per core up to 4 on a machine with 4 cores or more in a cross-origin
 * isolated page (the app is; threads need SharedArrayBuffer), else one. On 2 cores two threads
 * measured slower than one (bench:ocr, first 60 images: 1.2 against 0.74 to 1.09 s per image).
 */
export function defaultOcrThreads(): number {
  if (typeof navigator === "undefined" || !globalThis.crossOriginIsolated) return 1;
  const cores = navigator.hardwareConcurrency || 1;
  return cores >= 4 ? Math.min(4, cores) : 1;
}

let connection: OcrWorkerRpc | null = null;

function connect(): OcrWorkerRpc {
  if (connection) return connection;
  const worker = new Worker(new URL("./worker.ts", import.meta.url), {
    type: "module",
    name: "ocr",
  });
  const rpc = new OcrWorkerRpc(worker, () => {
    if (connection === rpc) connection = null;
  });
  connection = rpc;
  return rpc;
}

/** Loads the OCR models; progress reports each model file's bytes. */
export function loadOcr(
  options: OcrCallOptions & { assets?: OcrAssets; numThreads?: number } = {},
): Promise<OcrLoadResult> {
  const { assets = defaultOcrAssets, numThreads = defaultOcrThreads(), ...call } = options;
  return connect().load({ type: "load", assets, numThreads }, call);
}

/**
 * Reads the text of the images at `images[].url` (fetched by the worker, same origin). Progress
 * reports model files, then each image as it is read (with its text, so a caller can save as it
 * goes). Aborting stops the worker between images and rejects with a `cancelled` OcrError.
 */
export function recogniseImages(
  images: readonly { key: string; url: string }[],
  options: OcrCallOptions & { assets?: OcrAssets; numThreads?: number } = {},
): Promise<RecogniseResult> {
  const { assets = defaultOcrAssets, numThreads = defaultOcrThreads(), ...call } = options;
  return connect().recognise({ type: "recognise", assets, numThreads, images: [...images] }, call);
}

/** True when the error means the caller cancelled. */
export function isOcrCancelled(error: unknown): boolean {
  return error instanceof OcrError && error.code === "cancelled";
}

/** Stops the worker and frees its models. */
export function terminateOcrWorker(): void {
  connection?.dispose();
  connection = null;
}
