import type { RpcCallOptions } from "../rpc";
import { TerminatingWorker } from "../terminatingWorker";
import {
  DetectorError,
  parseDetectorReply,
  type DetectorErrorCode,
  type DetectorProgress,
  type RunRequest,
  type RunResult,
} from "./protocol";

/**
 * The only module that creates the detector worker. A run is one synchronous computation in the
 * worker, so a cancel terminates it (`TerminatingWorker`). Vectors are transferred, not copied.
 */

const detector = new TerminatingWorker<RunRequest, DetectorProgress, RunResult, DetectorErrorCode>(
  () => new Worker(new URL("./worker.ts", import.meta.url), { type: "module" }),
  {
    workerName: "detector",
    parseReply: parseDetectorReply,
    error: (code, message) => new DetectorError(code, message),
    cancelled: () => new DetectorError("cancelled", "the detector run was cancelled"),
  },
  "the detector run was cancelled",
);

/** Runs the detector over a dataset's inputs in the worker. */
export function runDetectorInWorker(
  body: Omit<RunRequest, "type" | "id">,
  options: Omit<RpcCallOptions<DetectorProgress>, "transfer"> = {},
): Promise<RunResult> {
  return detector.send(
    { ...body, type: "run" },
    {
      ...options,
      transfer: [
        body.texts.buffer,
        body.labelVectors.buffer,
        body.generative.buffer,
        ...(body.images ? [body.images.buffer] : []),
      ],
    },
  );
}
