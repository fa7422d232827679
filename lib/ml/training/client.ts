import { WorkerRpcCore, type RpcCallOptions } from "../rpc";
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
 * The only module that creates the training worker. It connects lazily, forgets a worker that
 * died, and, because training is one synchronous computation in the worker, cancels by
 * terminating the worker (the next call starts a fresh one). The training set's buffers are
 * transferred, not copied: the caller's arrays are unusable afterwards.
 */

type Rpc = WorkerRpcCore<TrainRequest, TrainProgress, TrainResult, TrainingErrorCode>;

/** What a version trained here records as its device. */
export const workerTrainingDevice = "worker-js";

let connection: Rpc | null = null;

function connect(): Rpc {
  if (connection) return connection;
  const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
  const rpc: Rpc = new WorkerRpcCore(
    worker,
    {
      workerName: "training",
      parseReply: parseTrainingReply,
      error: (code, message) => new TrainingError(code, message),
      cancelled: () => new TrainingError("cancelled", "training was cancelled"),
    },
    () => {
      if (connection === rpc) connection = null;
    },
  );
  connection = rpc;
  return rpc;
}

/** Each distinct buffer once: transferring one buffer twice is a DataCloneError. */
function buffersOf(body: TrainBody): ArrayBuffer[] {
  const arrays = [body.vectors, body.labelRows, body.groups, ...Object.values(body.pairs)];
  const buffers = new Set<ArrayBuffer>();
  for (const a of arrays) if (a.buffer instanceof ArrayBuffer) buffers.add(a.buffer);
  return [...buffers];
}

/** Trains an adapter in the worker; progress is one message per finished epoch. */
export async function trainAdapterInWorker(
  body: TrainBody,
  options: Omit<RpcCallOptions<TrainProgress>, "transfer"> = {},
): Promise<TrainResult> {
  const rpc = connect();
  const onAbort = () => {
    if (connection === rpc) connection = null;
    rpc.dispose(new TrainingError("cancelled", "training was cancelled"));
  };
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    return await rpc.send(
      { ...body, type: "train", id: rpc.nextId() },
      { ...options, transfer: buffersOf(body) },
    );
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
  }
}
