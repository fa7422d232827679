import type { ErrorCode } from "./protocol";

/**
 * Turns whatever transformers.js, ONNX Runtime or fetch threw into a code and a sentence a user
 * can act on. The original message is kept at the end: it names the file or the operator.
 */
export function describeLoadError(
  error: unknown,
  modelId: string,
): { code: ErrorCode; message: string } {
  const raw = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : "";
  if (name === "AbortError") {
    return { code: "cancelled", message: "cancelled" };
  }
  if (name === "HubTimeoutError" || /timed out|failed to fetch|networkerror|enotfound/i.test(raw)) {
    return {
      code: "network",
      message: `Model "${modelId}" could not be downloaded: ${raw}. Hub models need a network connection; the bundled model works offline.`,
    };
  }
  if (
    name === "ModelFileNotFoundError" ||
    /could not locate file|not found locally|local file missing/i.test(raw)
  ) {
    return {
      code: "model_files",
      message: `Model "${modelId}" is missing a file: ${raw}`,
    };
  }
  if (
    error instanceof SyntaxError ||
    /protobuf|onnx|failed to load model|can't create a session|invalid model|json/i.test(raw)
  ) {
    return {
      code: "model_files",
      message: `Model "${modelId}" has a corrupt or unreadable file: ${raw}`,
    };
  }
  if (/backend|wasm|webgpu/i.test(raw)) {
    return { code: "backend", message: `The inference backend failed: ${raw}` };
  }
  return { code: "internal", message: `Model "${modelId}" failed: ${raw}` };
}
