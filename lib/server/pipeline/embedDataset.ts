import "server-only";
import path from "node:path";
import { labelTextFor, modelVersionOf, type ModelSpec } from "@/lib/core/models/registry";
import { loadNodeEmbedder } from "@/lib/ml/embedding/nodeEnvironment";
import type { Database } from "../db";
import { startEmbedPool } from "./embedPool";
import {
  countPendingEmbeddingInputs,
  listPendingEmbeddingPage,
  storeEmbeddings,
  type EmbeddingCursor,
  type EmbeddingInput,
} from "../data/embeddings";

/** Texts per model call and per stored batch: large enough to amortise, small enough for memory. */
const batchSize = 1024;

export interface EmbedProgress {
  done: number;
  total: number;
  /** Worker threads embedding (1: in this thread). */
  threads: number;
}

/** What embeds a batch: the in-process embedder or the worker-thread pool. */
interface BatchEmbedder {
  threads: number;
  dim: number;
  embed(texts: string[]): Promise<Float32Array>;
  dispose(): Promise<void>;
}

async function startEmbedder(model: ModelSpec, threads: number): Promise<BatchEmbedder> {
  const modelsDir = path.join(process.cwd(), "public/models");
  if (threads > 1) return startEmbedPool(model, modelsDir, threads);
  const embedder = await loadNodeEmbedder(model, modelsDir);
  return {
    threads: 1,
    dim: embedder.dim,
    embed: (texts) => embedder.embed(texts),
    dispose: () => embedder.dispose(),
  };
}

/**
 * Embeds every creative text and label of a dataset that has no vector from this model version
 * yet, in Node, through the same transformers.js path the browser worker uses, and stores the
 * vectors. Resumable: it asks the database what is still missing, so an interrupted run continues.
 * With `threads` > 1 (the command-line tools: every core) batches are embedded on worker threads,
 * as many in flight as there are threads, while the next page is read and earlier ones stored;
 * the app's server embeds in its own thread (`threads` 1, the default).
 */
export async function embedDataset(
  db: Database,
  input: {
    datasetId: number;
    model: ModelSpec;
    threads?: number;
    signal?: AbortSignal;
    onProgress?: (p: EmbedProgress) => void;
  },
): Promise<{ embedded: number; dim: number; threads: number }> {
  const modelVersion = modelVersionOf(input.model);
  const embedder = await startEmbedder(input.model, Math.max(1, Math.floor(input.threads ?? 1)));
  let embedded = 0;
  const key = { datasetId: input.datasetId, modelId: input.model.id, modelVersion };
  const inFlight = new Set<Promise<void>>();
  try {
    // Counted once, then walked page by page from a cursor: a count or a scan of what is done
    // per page would make a million creatives quadratic.
    const counts = await countPendingEmbeddingInputs(db, key);
    const doneBefore = counts.total - counts.remaining;
    let after: EmbeddingCursor | undefined;
    const embedAndStore = async (items: EmbeddingInput[]) => {
      const texts = items.map((item) =>
        item.path ? labelTextFor(input.model, item.path) : (item.text ?? ""),
      );
      const vectors = await embedder.embed(texts);
      input.signal?.throwIfAborted();
      const dim = vectors.length / texts.length;
      await storeEmbeddings(db, {
        modelId: input.model.id,
        modelVersion,
        dim,
        items: items.map((item, i) => ({
          ownerType: item.ownerType,
          ownerId: item.ownerId,
          contentHash: item.contentHash,
          vector: vectors.slice(i * dim, (i + 1) * dim),
        })),
      });
      embedded += items.length;
      input.onProgress?.({
        done: Math.min(counts.total, doneBefore + embedded),
        total: counts.total,
        threads: embedder.threads,
      });
    };
    for (;;) {
      input.signal?.throwIfAborted();
      const items = await listPendingEmbeddingPage(db, { ...key, limit: batchSize, after });
      if (items.length === 0) break;
      const last = items[items.length - 1]!;
      after = { ownerType: last.ownerType, ownerId: last.ownerId };
      const task = embedAndStore(items);
      inFlight.add(task);
      // Settled tasks leave the set; a failure surfaces through the race or the final wait.
      task.then(
        () => inFlight.delete(task),
        () => undefined,
      );
      if (inFlight.size >= embedder.threads) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    return { embedded, dim: embedder.dim, threads: embedder.threads };
  } finally {
    // Stored batches stay (resumable); batches still embedding are dropped with their workers.
    await Promise.allSettled(inFlight);
    await embedder.dispose();
  }
}
