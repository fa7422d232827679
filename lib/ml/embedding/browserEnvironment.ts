import { env } from "@huggingface/transformers";
import type { ModelSpec } from "@/lib/core/models/registry";

/**
 * transformers.js settings for the browser worker. Models come from the app (`/models/<id>/`)
 * unless the spec is a hub model; ONNX Runtime's WASM files come from `/ort/` (copied there at
 * build time by `npm run copy-ort`), never from a CDN.
 */

/** Where the app serves model folders and ONNX Runtime's files. */
export const localModelPath = "/models/";
export const ortWasmPath = "/ort/";

/** A hub request with no response headers after this long fails instead of hanging. */
export const hubConnectTimeoutMs = 15_000;

/** Raised when the hub does not answer in time; named so errors.ts can classify it. */
export class HubTimeoutError extends Error {
  constructor(url: string) {
    super(`no answer from ${new URL(url).host} within ${hubConnectTimeoutMs / 1000} s`);
    this.name = "HubTimeoutError";
  }
}

/**
 * fetch with a deadline on the response headers only: a slow but live download of a 100 MB
 * file must not be cut off, an unreachable host must fail fast.
 */
export async function fetchWithConnectTimeout(
  input: string | URL,
  init?: RequestInit,
): Promise<Response> {
  const controller = new AbortController();
  const url = String(input);
  const timer = setTimeout(() => controller.abort(new HubTimeoutError(url)), hubConnectTimeoutMs);
  init?.signal?.addEventListener("abort", () => controller.abort(init.signal?.reason));
  try {
    return await fetch(input, { ...init, signal: controller.signal });
  } catch (error) {
    const reason: unknown = controller.signal.reason;
    throw reason instanceof HubTimeoutError ? reason : error;
  } finally {
    clearTimeout(timer);
  }
}

let wasmConfigured = false;

/**
 * Sets the global transformers.js `env` for loading `model`. ORT's WASM settings only take
 * effect before its first session, so they are applied once per worker; a different thread
 * count needs a new worker (the client does that).
 */
export function configureBrowserEnvironment(model: ModelSpec, numThreads: number): void {
  env.allowLocalModels = model.source !== "hub";
  env.localModelPath = localModelPath;
  env.allowRemoteModels = model.source === "hub";
  // Local files are the app's own, cached by HTTP; only hub downloads are worth the Cache API.
  env.useBrowserCache = model.source === "hub";
  env.fetch = fetchWithConnectTimeout;
  const wasm = env.backends.onnx.wasm;
  if (!wasm) throw new Error("transformers.js exposes no ONNX Runtime WASM settings");
  if (!wasmConfigured) {
    wasm.wasmPaths = ortWasmPath;
    wasm.numThreads = numThreads;
    // Already in a worker: ORT's own proxy worker would only add a hop.
    wasm.proxy = false;
    wasmConfigured = true;
  }
}

/** The WASM thread count ORT will use: 1 without cross-origin isolation, whatever is set. */
export function effectiveWasmThreads(): number {
  const requested = env.backends.onnx.wasm?.numThreads ?? 1;
  return globalThis.crossOriginIsolated ? Math.max(1, requested) : 1;
}
