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

interface PoolWorker {
  worker: Worker;
  busy: number;
}

/**
 * Starts `threads` worker threads (`embedWorker.ts`), each loading the model once. The worker
 * file is TypeScript, loaded through tsx's register hook (the command-line tools run on tsx);
 * the app's server embeds in-process instead.
 */
export async function startEmbedPool(
  model: ModelSpec,
  modelsDir: string,
  threads: number,
): Promise<EmbedPool> {
  const file = path.join(process.cwd(), "lib/server/pipeline/embedWorker.ts");
  const pending = new Map<number, { resolve(v: Float32Array): void; reject(e: Error): void }>();
  let nextId = 0;
  const workerData: EmbedWorkerData = { model, modelsDir };
  const workers: PoolWorker[] = [];
  const dims = await Promise.all(
    Array.from({ length: threads }, (_, index) => {
      // Loader hooks do not reach worker threads in every Node version, so the worker registers
      // tsx's CommonJS hook itself before loading its TypeScript entry.
      const worker = new Worker(
        `require("tsx/cjs/api").register(); require(${JSON.stringify(file)});`,
        { eval: true, workerData },
      );
      const entry: PoolWorker = { worker, busy: 0 };
      workers.push(entry);
      return new Promise<number>((resolve, reject) => {
        worker.on("message", (message: EmbedWorkerReply) => {
          if (message.type === "ready") return resolve(message.dim);
          const waiter = pending.get(message.id);
          if (message.type === "error" && message.id === -1) {
            return reject(
              new Error(
                `Embedding worker ${index + 1} could not load the model: ${message.message}`,
              ),
            );
          }
          if (!waiter) return;
          pending.delete(message.id);
          entry.busy--;
          if (message.type === "vectors") waiter.resolve(message.vectors);
          else waiter.reject(new Error(`Embedding worker ${index + 1}: ${message.message}`));
        });
        worker.on("error", (error) => {
          reject(error);
          for (const [id, waiter] of pending) {
            waiter.reject(new Error(`Embedding worker ${index + 1} stopped: ${error.message}`));
            pending.delete(id);
          }
        });
      });
    }),
  ).catch(async (error: unknown) => {
    await Promise.all(workers.map((w) => w.worker.terminate()));
    throw error;
  });
  return {
    threads,
    dim: dims[0]!,
    embed(texts) {
      const target = workers.reduce((a, b) => (b.busy < a.busy ? b : a));
      const id = nextId++;
      target.busy++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        const request: EmbedWorkerRequest = { id, texts };
        target.worker.postMessage(request);
      });
    },
    async dispose() {
      await Promise.all(workers.map((w) => w.worker.terminate()));
    },
  };
}
