import type { RpcCallOptions } from "../rpc";
import { TerminatingWorker } from "../terminatingWorker";
import {
  TrainingError,
  parseTrainingReply,
  type TrainingErrorCode,
  type TrainProgress,
  type TrainRequest,
  type TrainResult,
} from "./protocol";
import type { TrainBody } from "./trainRequest";

/**
 * The only module that creates the training worker. Training is one synchronous computation in
 * the worker, so a cancel terminates it (`TerminatingWorker`). The training set's buffers are
 * transferred, not copied: the caller's arrays are unusable afterwards.
 */

/** What a version trained here records as its device. */
export const workerTrainingDevice = "worker-js";

const training = new TerminatingWorker<TrainRequest, TrainProgress, TrainResult, TrainingErrorCode>(
  () => new Worker(new URL("./worker.ts", import.meta.url), { type: "module" }),
  {
    workerName: "training",
    parseReply: parseTrainingReply,
    error: (code, message) => new TrainingError(code, message),
    cancelled: () => new TrainingError("cancelled", "training was cancelled"),
  },
  "training was cancelled",
);

/** Each distinct buffer once: transferring one buffer twice is a DataCloneError. */
function buffersOf(body: TrainBody): ArrayBuffer[] {
  const arrays = [body.vectors, body.labelRows, body.groups, ...Object.values(body.pairs)];
  const buffers = new Set<ArrayBuffer>();
  for (const a of arrays) if (a.buffer instanceof ArrayBuffer) buffers.add(a.buffer);
  return [...buffers];
}

/** Trains an adapter in the worker; progress is one message per finished epoch. */
export function trainAdapterInWorker(
  body: TrainBody,
  options: Omit<RpcCallOptions<TrainProgress>, "transfer"> = {},
): Promise<TrainResult> {
  return training.send({ ...body, type: "train" }, { ...options, transfer: buffersOf(body) });
}
