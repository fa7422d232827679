import { join } from "node:path";
import { RawImage } from "@huggingface/transformers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localModelSpec, modelVersionOf } from "@/lib/core/models/registry";
import { tinyClipFixtureId, tinyClipFixtureParentDir } from "@/lib/model-build/tiny-clip-fixture";
import type { PendingItem, StoredVector } from "./embeddingApi";
import { embedImagesInBatches, type ImageEmbedder } from "./embedImages";
import { embedInBatches, type TextEmbedder } from "./embedTexts";
import { runEmbeddingJob, type EmbeddingJobDeps, type EmbeddingJobProgress } from "./embeddingJob";
import { loadNodeEmbedder, loadNodeImageEmbedder } from "./nodeEnvironment";
import { base64ToFloat32 } from "./vectorCodec";

/**
 * The embedding job with a multimodal model: texts and labels go through the text tower and
 * the listed images through the vision tower (the real towers of the CLIP-shaped test fixture,
 * in Node), each vector is stored under its owner type, progress counts both, and the server's
 * list is the only resume state. The server side is an in-memory list, as in the detector job's
 * test; the database half is tested in lib/server/data/embeddings.test.ts.
 */
const model = localModelSpec({ id: tinyClipFixtureId, modality: "text+image" });
const modelsDir = join(process.cwd(), tinyClipFixtureParentDir);
/** Creative id -> the file its stored image is (what /api/images/<id> would serve). */
const imageFiles = new Map([
  [11, "lib/demo/images/rendered/demo-00001.webp"],
  [12, "lib/demo/images/rendered/demo-00009.webp"],
]);
const inputs: PendingItem[] = [
  {
    ownerType: "label",
    ownerId: 1,
    contentHash: "l1",
    text: null,
    path: ["Vehicles", "Auto Repair"],
  },
  {
    ownerType: "creative_text",
    ownerId: 11,
    contentHash: "t11",
    text: "Lease the pilot",
    path: null,
  },
  {
    ownerType: "creative_text",
    ownerId: 12,
    contentHash: "t12",
    text: "Small business taxes",
    path: null,
  },
  { ownerType: "creative_image", ownerId: 11, contentHash: "i11", text: null, path: null },
  { ownerType: "creative_image", ownerId: 12, contentHash: "i12", text: null, path: null },
];

let texts: TextEmbedder;
let images: ImageEmbedder;
beforeAll(async () => {
  texts = await loadNodeEmbedder(model, modelsDir);
  images = await loadNodeImageEmbedder(model, modelsDir);
});
afterAll(async () => {
  await texts?.dispose();
  await images?.dispose();
});

const readImage = (source: string) => {
  const id = Number(source.replace("/api/images/", ""));
  return RawImage.read(join(process.cwd(), imageFiles.get(id)!));
};

function server(pageSize: number) {
  const stored = new Map<string, { ownerType: string; vector: Float32Array }>();
  const keyOf = (i: { ownerType: string; ownerId: number }) => `${i.ownerType}:${i.ownerId}`;
  const deps: EmbeddingJobDeps = {
    fetchPending: async () => {
      const remaining = inputs.filter((i) => !stored.has(keyOf(i)));
      return {
        total: inputs.length,
        remaining: remaining.length,
        items: remaining.slice(0, pageSize),
      };
    },
    store: async (body) => {
      expect(body.modelVersion).toBe(modelVersionOf(model));
      body.items.forEach((item: StoredVector) =>
        stored.set(keyOf(item), {
          ownerType: item.ownerType,
          vector: base64ToFloat32(item.vector),
        }),
      );
      return body.items.length;
    },
    embed: async (batch, options) => ({
      vectors: await embedInBatches(texts, batch, {
        batchSize: 2,
        signal: options.signal,
        onProgress: (done, total) => options.onProgress({ kind: "embed", done, total }),
      }),
      dim: texts.dim,
    }),
    embedImages: async (sources, options) => ({
      vectors: await embedImagesInBatches(images, sources, {
        batchSize: 1,
        read: readImage,
        signal: options.signal,
        onProgress: (done, total) => options.onProgress({ kind: "embed", done, total }),
      }),
      dim: images.dim,
    }),
  };
  return { deps, stored };
}

describe("an embedding job with a text + image model", () => {
  it("embeds texts and labels through the text tower and images through the vision tower", async () => {
    const { deps, stored } = server(3);
    const progress: EmbeddingJobProgress[] = [];
    const result = await runEmbeddingJob(model, deps, {
      pageSize: 3,
      signal: new AbortController().signal,
      onProgress: (p) => progress.push(p),
    });
    expect(result).toMatchObject({ total: 5, embedded: 5, images: 2, cached: 0 });
    expect(progress.at(-1)).toMatchObject({ total: 5, stored: 5 });
    expect(progress.every((p) => p.stored <= p.total)).toBe(true);

    const direct = await embedImagesInBatches(images, ["/api/images/11"], {
      batchSize: 1,
      read: readImage,
    });
    const text = await texts.embed(["Lease the pilot"]);
    // Equal up to float rounding (a padded batch sums in another order).
    const close = (a: Float32Array, b: Float32Array) =>
      a.length === b.length && a.every((v, i) => Math.abs(v - b[i]!) < 1e-5);
    expect(close(stored.get("creative_image:11")!.vector, direct)).toBe(true);
    expect(close(stored.get("creative_text:11")!.vector, text)).toBe(true);
    expect(close(stored.get("creative_image:11")!.vector, text)).toBe(false);
    for (const { vector } of stored.values()) expect(vector.length).toBe(texts.dim);
  });

  it("refuses listed images when it has no way to embed them, naming why", async () => {
    const { deps } = server(10);
    const textOnly: EmbeddingJobDeps = { ...deps, embedImages: undefined };
    await expect(
      runEmbeddingJob(model, textOnly, {
        pageSize: 10,
        signal: new AbortController().signal,
        onProgress: () => {},
      }),
    ).rejects.toThrow(/cannot embed images/);
  });

  it("stops between image batches when cancelled, and a new run resumes from what was stored", async () => {
    const { deps, stored } = server(10);
    const controller = new AbortController();
    const cancelling: EmbeddingJobDeps = {
      ...deps,
      embedImages: async (sources, options) => {
        controller.abort(new DOMException("cancelled", "AbortError"));
        return deps.embedImages!(sources, options);
      },
    };
    await expect(
      runEmbeddingJob(model, cancelling, {
        pageSize: 10,
        signal: controller.signal,
        onProgress: () => {},
      }),
    ).rejects.toThrow(/cancelled/);
    expect(stored.size).toBe(0);
    const resumed = await runEmbeddingJob(model, deps, {
      pageSize: 10,
      signal: new AbortController().signal,
      onProgress: () => {},
    });
    expect(resumed).toMatchObject({ total: 5, embedded: 5, images: 2 });
  });
});
