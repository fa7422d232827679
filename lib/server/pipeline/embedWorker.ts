/**
 * A worker thread of the Node embedding pool (`embedPool.ts`): loads the model once and embeds
 * the batches the pool sends, so tokenising and pooling run on every core. It never touches the
 * database: the main thread reads inputs and stores vectors.
 */
import { parentPort, workerData } from "node:worker_threads";
import { loadNodeEmbedder } from "@/lib/ml/embedding/nodeEnvironment";
import type { EmbedWorkerData, EmbedWorkerReply, EmbedWorkerRequest } from "./embedPoolProtocol";

async function main() {
  const port = parentPort;
  if (!port) throw new Error("embedWorker.ts runs as a worker thread of the embedding pool");
  const { model, modelsDir } = workerData as EmbedWorkerData;
  const reply = (message: EmbedWorkerReply, transfer: ArrayBuffer[] = []) =>
    port.postMessage(message, transfer);
  try {
    const embedder = await loadNodeEmbedder(model, modelsDir);
    port.on("message", (request: EmbedWorkerRequest) => {
      embedder.embed(request.texts).then(
        (vectors) =>
          reply({ type: "vectors", id: request.id, vectors }, [vectors.buffer as ArrayBuffer]),
        (error: unknown) =>
          reply({
            type: "error",
            id: request.id,
            message: error instanceof Error ? error.message : String(error),
          }),
      );
    });
    reply({ type: "ready", dim: embedder.dim });
  } catch (error) {
    reply({
      type: "error",
      id: -1,
      message: error instanceof Error ? error.message : String(error),
    });
  }
}

void main();
