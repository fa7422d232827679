import { z } from "zod";
import { readJson } from "../apiJson";

/**
 * The browser's client for the server's embedding endpoints: what a dataset still lacks for a
 * model version, and storing computed vectors. Answers are parsed with zod, and a server error
 * becomes an Error carrying the server's message.
 */

export const embeddingOwnerTypes = ["creative_text", "creative_image", "label"] as const;
export type EmbeddingOwnerType = (typeof embeddingOwnerTypes)[number];

export const pendingItemSchema = z.object({
  ownerType: z.enum(embeddingOwnerTypes),
  ownerId: z.number().int(),
  contentHash: z.string().min(1),
  text: z.string().nullable(),
  path: z.array(z.string()).nullable(),
});
export type PendingItem = z.infer<typeof pendingItemSchema>;

export const pendingResponseSchema = z.object({
  total: z.number().int().nonnegative(),
  remaining: z.number().int().nonnegative(),
  items: z.array(pendingItemSchema),
});
export type PendingResponse = z.infer<typeof pendingResponseSchema>;

const storedResponseSchema = z.object({ stored: z.number().int().nonnegative() });

/** Most items one pending page or one upload may hold (the server's limit). */
export const maxItemsPerRequest = 1000;

export interface StoredVector {
  ownerType: EmbeddingOwnerType;
  ownerId: number;
  contentHash: string;
  /** Base64 of little-endian float32 bytes (see vectorCodec.ts). */
  vector: string;
}

/**
 * The next `limit` inputs of `dataset` with no vector from this model version, and the counts;
 * `images`: the model embeds images too, so stored images are listed as well.
 */
export async function fetchPendingEmbeddings(
  query: { dataset: string; modelId: string; modelVersion: string; limit: number; images: boolean },
  signal?: AbortSignal,
  fetchImpl: typeof fetch = fetch,
): Promise<PendingResponse> {
  const params = new URLSearchParams({
    dataset: query.dataset,
    modelId: query.modelId,
    modelVersion: query.modelVersion,
    limit: String(Math.min(query.limit, maxItemsPerRequest)),
    images: query.images ? "1" : "0",
  });
  const response = await fetchImpl(`/api/embeddings/pending?${params}`, { signal });
  return readJson(response, pendingResponseSchema, "Listing inputs to embed");
}

/** Stores vectors of one model version; resolves with how many the server stored. */
export async function storeEmbeddings(
  body: { modelId: string; modelVersion: string; dim: number; items: StoredVector[] },
  signal?: AbortSignal,
  fetchImpl: typeof fetch = fetch,
): Promise<number> {
  const response = await fetchImpl("/api/embeddings", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal,
  });
  return (await readJson(response, storedResponseSchema, "Storing vectors")).stored;
}
