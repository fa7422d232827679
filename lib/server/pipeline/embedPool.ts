import "server-only";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { ModelSpec } from "@/lib/core/models/registry";
import type { EmbedWorkerData, EmbedWorkerReply, EmbedWorkerRequest } from "./embedPoolProtocol";

/** A text embedder spread over worker threads: each `embed` call goes to the least busy one. */
export interface EmbedPool {
  threads: number;
  dim: number;
  embed(texts: string[]): Promise<Float32Array>;
  dispose(): Promise<void>;
}

/** A batch on its way through a worker; moved to another once if its worker stops. */
interface Job {
  texts: string[];
  resolve(vectors: Float32Array): void;
  reject(error: Error): void;
  moved: boolean;
}

interface PoolWorker {
  worker: Worker;
  /** 1-based, for messages. */
  number: number;
  inFlight: Map<number, Job>;
  stopped: string | null;
}

/**
 * Starts `threads` worker threads (`embedWorker.ts`), each loading the model once. The worker
 * file is TypeScript, loaded through tsx's register hook (the command-line tools run on tsx);
 * the app's server embeds in-process instead. A worker that stops mid-run (a crash, out of
 * memory) hands its batches to a live one, once each, so a long run loses at most that worker's
 * share of the cores; with no worker left, batches fail with the reason instead of waiting
 * forever. `onWorkers` sees the threads (the tests stop one).
 */
export async function startEmbedPool(
  model: ModelSpec,
  modelsDir: string,
  threads: number,
  options: { onWorkers?: (workers: readonly Worker[]) => void } = {},
): Promise<EmbedPool> {
  const file = path.join(process.cwd(), "lib/server/pipeline/embedWorker.ts");
  let nextId = 0;
  let disposing = false;
  const workerData: EmbedWorkerData = { model, modelsDir };
  const workers: PoolWorker[] = [];

  const send = (target: PoolWorker, job: Job) => {
    const id = nextId++;
    target.inFlight.set(id, job);
    const request: EmbedWorkerRequest = { id, texts: job.texts };
    target.worker.postMessage(request);
  };
  const dispatch = (job: Job) => {
    const live = workers.filter((w) => w.stopped === null);
    if (live.length === 0) {
      const reasons = workers.map((w) => `worker ${w.number}: ${w.stopped}`).join("; ");
      return job.reject(new Error(`Every embedding worker stopped (${reasons})`));
    }
    send(
      live.reduce((a, b) => (b.inFlight.size < a.inFlight.size ? b : a)),
      job,
    );
  };
  const stop = (entry: PoolWorker, reason: string) => {
    if (entry.stopped !== null || disposing) return;
    entry.stopped = reason;
    const orphans = [...entry.inFlight.values()];
    entry.inFlight.clear();
    for (const job of orphans) {
      if (job.moved) {
        job.reject(new Error(`Embedding worker ${entry.number} stopped: ${reason}`));
      } else {
        job.moved = true;
        dispatch(job);
      }
    }
  };

  const dims = await Promise.all(
    Array.from({ length: threads }, (_, index) => {
      // Loader hooks do not reach worker threads in every Node version, so the worker registers
      // tsx's CommonJS hook itself before loading its TypeScript entry.
      const worker = new Worker(
        `require("tsx/cjs/api").register(); require(${JSON.stringify(file)});`,
        { eval: true, workerData },
      );
      const entry: PoolWorker = { worker, number: index + 1, inFlight: new Map(), stopped: null };
      workers.push(entry);
      return new Promise<number>((resolve, reject) => {
        worker.on("message", (message: EmbedWorkerReply) => {
          if (message.type === "ready") return resolve(message.dim);
          if (message.type === "error" && message.id === -1) {
            return reject(
              new Error(
                `Embedding worker ${entry.number} could not load the model: ${message.message}`,
              ),
            );
          }
          const job = entry.inFlight.get(message.id);
          if (!job) return;
          entry.inFlight.delete(message.id);
          if (message.type === "vectors") job.resolve(message.vectors);
          else job.reject(new Error(`Embedding worker ${entry.number}: ${message.message}`));
        });
        worker.on("error", (error) => {
          reject(error);
          stop(entry, error.message);
        });
        worker.on("exit", (code) => {
          reject(new Error(`Embedding worker ${entry.number} exited with code ${code}`));
          stop(entry, `exited with code ${code}`);
        });
      });
    }),
  ).catch(async (error: unknown) => {
    disposing = true;
    await Promise.all(workers.map((w) => w.worker.terminate()));
    throw error;
  });
  options.onWorkers?.(workers.map((w) => w.worker));
  return {
    threads,
    dim: dims[0]!,
    embed(texts) {
      return new Promise((resolve, reject) => dispatch({ texts, resolve, reject, moved: false }));
    },
    async dispose() {
      disposing = true;
      await Promise.all(workers.map((w) => w.worker.terminate()));
    },
  };
}
