import type { DevicePreference } from "./protocol";

/**
 * The one place that decides WebGPU or WASM. WebGPU only when the browser hands out an adapter
 * (headless and many Linux browsers expose `navigator.gpu` without one); the reason is kept so the
 * settings page can say why a slower backend is in use.
 */
export interface DeviceChoice {
  device: "webgpu" | "wasm";
  reason: string;
}

/** Minimal view of `navigator.gpu`, which the DOM typings of this TypeScript version lack. */
interface GpuLike {
  requestAdapter(): Promise<unknown>;
}

function gpuOf(nav: unknown): GpuLike | undefined {
  if (typeof nav !== "object" || nav === null || !("gpu" in nav)) return undefined;
  const gpu: unknown = nav.gpu;
  if (typeof gpu !== "object" || gpu === null || !("requestAdapter" in gpu)) return undefined;
  const requestAdapter: unknown = gpu.requestAdapter;
  if (typeof requestAdapter !== "function") return undefined;
  return { requestAdapter: () => Promise.resolve(requestAdapter.call(gpu)) };
}

/** Picks the backend for a preference, probing for a WebGPU adapter unless WASM was asked for. */
export async function chooseDevice(
  preference: DevicePreference,
  nav: unknown = globalThis.navigator,
): Promise<DeviceChoice> {
  if (preference === "wasm") return { device: "wasm", reason: "WASM chosen in settings" };
  const gpu = gpuOf(nav);
  if (!gpu) return { device: "wasm", reason: "this browser has no WebGPU (navigator.gpu)" };
  try {
    const adapter = await gpu.requestAdapter();
    if (adapter) return { device: "webgpu", reason: "WebGPU adapter available" };
    return { device: "wasm", reason: "WebGPU is present but offered no GPU adapter" };
  } catch (error) {
    return {
      device: "wasm",
      reason: `WebGPU adapter request failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/**
 * True for transformers.js/ORT's failure when WebGPU was chosen but cannot run
 * (`no available backend found ... Failed to get GPU adapter`), which a WASM retry fixes.
 */
export function isWebGpuUnavailableError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /no available backend found|failed to get gpu adapter|webgpu is not supported/i.test(
    message,
  );
}
