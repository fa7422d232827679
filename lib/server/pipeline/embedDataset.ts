import "server-only";
import path from "node:path";
import { labelTextFor, modelVersionOf, type ModelSpec } from "@/lib/core/models/registry";
import { loadNodeEmbedder } from "@/lib/ml/embedding/nodeEnvironment";
import type { Database } from "../db";
import {
  countPendingEmbeddingInputs,
  listPendingEmbeddingPage,
  storeEmbeddings,
  type EmbeddingCursor,
} from "../data/embeddings";

/** Texts per model call and per stored batch: large enough to amortise, small enough for memory. */
const batchSize = 1024;

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
  const key = { datasetId: input.datasetId, modelId: input.model.id, modelVersion };
  try {
    // Counted once, then walked page by page from a cursor: a count or a scan of what is done
    // per page would make a million creatives quadratic.
    const counts = await countPendingEmbeddingInputs(db, key);
    const doneBefore = counts.total - counts.remaining;
    let after: EmbeddingCursor | undefined;
    for (;;) {
      input.signal?.throwIfAborted();
      const items = await listPendingEmbeddingPage(db, { ...key, limit: batchSize, after });
      if (items.length === 0) break;
      const last = items[items.length - 1]!;
      after = { ownerType: last.ownerType, ownerId: last.ownerId };
      const texts = items.map((item) =>
        item.path ? labelTextFor(input.model, item.path) : (item.text ?? ""),
      );
      const vectors = await embedder.embed(texts);
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
      });
    }
    return { embedded, dim: embedder.dim };
  } finally {
    await embedder.dispose();
  }
}
