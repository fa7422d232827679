import { labelTextFor, modelVersionOf, type ModelSpec } from "@/lib/core/models/registry";
import type { PendingItem, PendingResponse, StoredVector } from "./embeddingApi";
import type { Progress } from "./protocol";
import type { VectorKey } from "./vectorCache";
import { float32ToBase64 } from "./vectorCodec";

/**
 * An embedding job for one dataset: ask the server what still lacks a vector from this model
 * version, embed it (from the browser's vector cache when possible, else in the worker: texts and
 * labels through the text tower, a multimodal model's images through its vision tower), store it
 * on the server, repeat. The server's answer is the only resume state, so a closed tab picks up
 * where it stopped. Dependencies are passed in, so the loop runs in tests without a browser.
 */

export interface EmbeddingJobDeps {
  fetchPending(limit: number, signal: AbortSignal): Promise<PendingResponse>;
  store(
    body: { modelId: string; modelVersion: string; dim: number; items: StoredVector[] },
    signal: AbortSignal,
  ): Promise<number>;
  embed(
    texts: string[],
    options: { onProgress: (progress: Progress) => void; signal: AbortSignal },
  ): Promise<{ vectors: Float32Array; dim: number }>;
  /**
   * Embeds images (same-origin paths) into the texts' space; needed only when the server lists
   * images, which it does for a multimodal model.
   */
  embedImages?(
    sources: string[],
    options: { onProgress: (progress: Progress) => void; signal: AbortSignal },
  ): Promise<{ vectors: Float32Array; dim: number }>;
  /** Browser-side cache; absent where IndexedDB is unavailable. */
  cache?: {
    getMany(keys: readonly VectorKey[]): Promise<(Float32Array | undefined)[]>;
    putMany(entries: readonly { key: VectorKey; vector: Float32Array }[]): Promise<void>;
  };
  now?: () => number;
}

export interface EmbeddingJobProgress {
  /** Inputs of the dataset for this model version, and how many have a stored vector. */
  total: number;
  stored: number;
  /** Texts and images embedded in the worker during this run (cache hits excluded), for the rate. */
  embeddedThisRun: number;
  cachedThisRun: number;
  /** Worker texts per second over this run; null before the first batch finishes. */
  textsPerSecond: number | null;
  secondsLeft: number | null;
  /** Model-file progress while the worker loads the model. */
  file?: Extract<Progress, { kind: "file" }>;
}

export interface EmbeddingJobResult {
  total: number;
  embedded: number;
  /** Of `embedded`, how many were images. */
  images: number;
  cached: number;
  seconds: number;
}

/** Where the worker fetches a creative's stored image (the app's image route). */
export function imageSourceOf(item: PendingItem): string {
  if (item.ownerType !== "creative_image") {
    throw new Error(`${item.ownerType} ${item.ownerId} is not an image`);
  }
  return `/api/images/${item.ownerId}`;
}

/** The text a model embeds for a pending item: the creative's text or the label template's. */
export function textOfItem(model: ModelSpec, item: PendingItem): string {
  if (item.text !== null) return item.text;
  if (item.path !== null) return labelTextFor(model, item.path);
  throw new Error(`${item.ownerType} ${item.ownerId} has neither text nor label path`);
}

export async function runEmbeddingJob(
  model: ModelSpec,
  deps: EmbeddingJobDeps,
  options: {
    pageSize: number;
    signal: AbortSignal;
    onProgress: (progress: EmbeddingJobProgress) => void;
  },
): Promise<EmbeddingJobResult> {
  const { signal } = options;
  const now = deps.now ?? (() => performance.now());
  const started = now();
  const modelVersion = modelVersionOf(model);
  let embedded = 0;
  let images = 0;
  let cached = 0;
  let embedMs = 0;
  let previousRemaining = Number.POSITIVE_INFINITY;
  let total = 0;

  const report = (stored: number, inFlight: number, file?: EmbeddingJobProgress["file"]) => {
    const rate = embedMs > 0 ? (embedded + inFlight) / (embedMs / 1000) : null;
    const left = total - stored;
    options.onProgress({
      total,
      stored,
      embeddedThisRun: embedded + inFlight,
      cachedThisRun: cached,
      textsPerSecond: rate,
      secondsLeft: rate ? left / rate : null,
      file,
    });
  };

  for (;;) {
    signal.throwIfAborted();
    const page = await deps.fetchPending(options.pageSize, signal);
    total = page.total;
    const storedBefore = page.total - page.remaining;
    report(storedBefore, 0);
    if (page.items.length === 0) break;
    if (page.remaining >= previousRemaining) {
      throw new Error(
        `the server still lists ${page.remaining} inputs after storing vectors: nothing was recorded`,
      );
    }
    previousRemaining = page.remaining;

    const keys: VectorKey[] = page.items.map((item) => ({
      ...item,
      modelId: model.id,
      modelVersion,
    }));
    const hits = deps.cache ? await deps.cache.getMany(keys) : page.items.map(() => undefined);
    const missing = page.items.flatMap((item, index) => (hits[index] ? [] : [index]));

    const pageHits = page.items.length - missing.length;
    cached += pageHits;
    const vectors: Float32Array[] = hits.map((hit) => hit ?? new Float32Array(0));
    let dim = hits.find((hit) => hit !== undefined)?.length ?? 0;
    // Texts and labels through the text tower, then images through the vision tower: each group
    // is one worker call, its progress counted on top of what the page has stored so far.
    const groups = [
      missing.filter((i) => page.items[i]!.ownerType !== "creative_image"),
      missing.filter((i) => page.items[i]!.ownerType === "creative_image"),
    ];
    let donePage = 0;
    for (const [groupIndex, group] of groups.entries()) {
      if (group.length === 0) continue;
      const isImages = groupIndex === 1;
      const embedGroup = isImages ? deps.embedImages : deps.embed;
      if (!embedGroup) {
        throw new Error("the server listed images to embed, but this model cannot embed images");
      }
      const inputs = group.map((index) =>
        isImages ? imageSourceOf(page.items[index]!) : textOfItem(model, page.items[index]!),
      );
      const batchStarted = now();
      const before = donePage;
      const result = await embedGroup(inputs, {
        signal,
        onProgress: (progress) => {
          if (progress.kind === "file") report(storedBefore, 0, progress);
          else {
            const elapsed = embedMs + (now() - batchStarted);
            const rate = elapsed > 0 ? (embedded + progress.done) / (elapsed / 1000) : null;
            const stored = storedBefore + pageHits + before + progress.done;
            options.onProgress({
              total,
              stored: Math.min(total, stored),
              embeddedThisRun: embedded + progress.done,
              cachedThisRun: cached,
              textsPerSecond: rate,
              secondsLeft: rate ? (total - stored) / rate : null,
            });
          }
        },
      });
      embedMs += now() - batchStarted;
      embedded += group.length;
      if (isImages) images += group.length;
      donePage += group.length;
      if (dim !== 0 && result.dim !== dim) {
        throw new Error(`${model.id} gave ${result.dim}-d image vectors and ${dim}-d text vectors`);
      }
      dim = result.dim;
      const fresh = group.map((itemIndex, row) => {
        const vector = result.vectors.slice(row * result.dim, (row + 1) * result.dim);
        vectors[itemIndex] = vector;
        return { key: keys[itemIndex]!, vector };
      });
      await deps.cache?.putMany(fresh);
    }

    signal.throwIfAborted();
    const items: StoredVector[] = page.items.map((item, index) => ({
      ownerType: item.ownerType,
      ownerId: item.ownerId,
      contentHash: item.contentHash,
      vector: float32ToBase64(vectors[index]!),
    }));
    const stored = await deps.store({ modelId: model.id, modelVersion, dim, items }, signal);
    if (stored !== items.length) {
      throw new Error(`the server stored ${stored} of ${items.length} vectors`);
    }
    report(storedBefore + items.length, 0);
  }
  return { total, embedded, images, cached, seconds: (now() - started) / 1000 };
}
