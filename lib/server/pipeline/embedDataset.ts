import "server-only";
import path from "node:path";
import { labelTextFor, modelVersionOf, type ModelSpec } from "@/lib/core/models/registry";
import { loadNodeEmbedder } from "@/lib/ml/embedding/nodeEnvironment";
import type { Database } from "../db";
import { listPendingEmbeddingInputs, storeEmbeddings } from "../data/embeddings";

/** Texts per model call and per stored batch: large enough to amortise, small enough for memory. */
const batchSize = 256;

export interface EmbedProgress {
  done: number;
  total: number;
}

/**
 * Embeds every creative text and label of a dataset that has no vector from this model version
 * yet, in Node, through the same transformers.js path the browser worker uses, and stores the
 * vectors. Resumable: it asks the database what is still missing, so an interrupted run continues.
 */
export async function embedDataset(
  db: Database,
  input: {
    datasetId: number;
    model: ModelSpec;
    signal?: AbortSignal;
    onProgress?: (p: EmbedProgress) => void;
  },
): Promise<{ embedded: number; dim: number }> {
  const modelVersion = modelVersionOf(input.model);
  const embedder = await loadNodeEmbedder(input.model, path.join(process.cwd(), "public/models"));
  let embedded = 0;
  try {
    for (;;) {
      input.signal?.throwIfAborted();
      const pending = await listPendingEmbeddingInputs(db, {
        datasetId: input.datasetId,
        modelId: input.model.id,
        modelVersion,
        limit: batchSize,
      });
      if (pending.items.length === 0) break;
      const texts = pending.items.map((item) =>
        item.path ? labelTextFor(input.model, item.path) : (item.text ?? ""),
      );
      const vectors = await embedder.embed(texts);
      const dim = vectors.length / texts.length;
      await storeEmbeddings(db, {
        modelId: input.model.id,
        modelVersion,
        dim,
        items: pending.items.map((item, i) => ({
          ownerType: item.ownerType,
          ownerId: item.ownerId,
          contentHash: item.contentHash,
          vector: vectors.slice(i * dim, (i + 1) * dim),
        })),
      });
      embedded += pending.items.length;
      input.onProgress?.({
        done: pending.total - pending.remaining + pending.items.length,
        total: pending.total,
      });
    }
    return { embedded, dim: embedder.dim };
  } finally {
    await embedder.dispose();
  }
}
