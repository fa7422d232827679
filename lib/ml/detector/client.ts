import { WorkerRpcCore, type RpcCallOptions } from "../rpc";
import {
  DetectorError,
  parseDetectorReply,
  type DetectorErrorCode,
  type DetectorProgress,
  type RunRequest,
  type RunResult,
} from "./protocol";

/**
 * The only module that creates the detector worker. It connects lazily, forgets a worker that
 * died, and, because a run is one synchronous computation in the worker, cancels by terminating
 * the worker (the next call starts a fresh one). Vectors are transferred, not copied.
 */

type Rpc = WorkerRpcCore<RunRequest, DetectorProgress, RunResult, DetectorErrorCode>;

let connection: Rpc | null = null;

function connect(): Rpc {
  if (connection) return connection;
  const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
  const rpc: Rpc = new WorkerRpcCore(
    worker,
    {
      workerName: "detector",
      parseReply: parseDetectorReply,
      error: (code, message) => new DetectorError(code, message),
      cancelled: () => new DetectorError("cancelled", "the detector run was cancelled"),
    },
    () => {
      if (connection === rpc) connection = null;
    },
  );
  connection = rpc;
  return rpc;
}

/** Runs the detector over a dataset's inputs in the worker. */
export async function runDetectorInWorker(
  body: Omit<RunRequest, "type" | "id">,
  options: Omit<RpcCallOptions<DetectorProgress>, "transfer"> = {},
): Promise<RunResult> {
  const rpc = connect();
  const onAbort = () => {
    if (connection === rpc) connection = null;
    rpc.dispose(new DetectorError("cancelled", "the detector run was cancelled"));
  };
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    return await rpc.send(
      { ...body, type: "run", id: rpc.nextId() },
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
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
  }
}
