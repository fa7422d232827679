import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RawImage } from "@huggingface/transformers";
import { describe, expect, it } from "vitest";
import { WordPieceTokenizer } from "@/lib/core/encoder/wordpiece";
import { builtInModels, localModelSpec } from "@/lib/core/models/registry";
import { embedImagesInBatches } from "@/lib/ml/embedding/embedImages";
import { loadNodeEmbedder, loadNodeImageEmbedder } from "@/lib/ml/embedding/nodeEnvironment";
import { tinyClipCorpus } from "./tiny-clip-corpus";
import {
  tinyClipFixture,
  tinyClipFixtureDefaults,
  tinyClipFixtureId,
  tinyClipFixtureParentDir,
} from "./tiny-clip-fixture";

/**
 * The CLIP-shaped test fixture: rebuilt from its seed it gives the committed bytes, it stays
 * small, it is not offered as a model, and transformers.js loads both towers from the committed
 * folder (the product's own loaders, in Node) with the shapes the product relies on.
 */
const modelsDir = join(process.cwd(), tinyClipFixtureParentDir);
const folder = join(modelsDir, tinyClipFixtureId);
const built = tinyClipFixture(tinyClipCorpus(process.cwd()));
const spec = localModelSpec({ id: tinyClipFixtureId, modality: "text+image" });
const dim = tinyClipFixtureDefaults.dim;

const norm = (v: Float32Array, row: number) =>
  Math.hypot(...Array.from(v.subarray(row * dim, (row + 1) * dim)));

describe(`the ${tinyClipFixtureId} test fixture`, () => {
  it("is deterministic and the committed folder is what `npm run fixture:clip` writes", () => {
    const again = tinyClipFixture(tinyClipCorpus(process.cwd()));
    let total = 0;
    for (const [path, bytes] of built.files) {
      expect(Buffer.from(again.files.get(path)!).equals(Buffer.from(bytes)), path).toBe(true);
      const committed = readFileSync(join(folder, path));
      expect(committed.equals(Buffer.from(bytes)), `${path} is stale: npm run fixture:clip`).toBe(
        true,
      );
      total += bytes.length;
    }
    expect(total).toBeLessThan(300_000);
    // Another seed gives other weights.
    const other = tinyClipFixture(tinyClipCorpus(process.cwd()), { seed: 7 });
    expect(
      Buffer.from(other.files.get("onnx/vision_model.onnx")!).equals(
        Buffer.from(built.files.get("onnx/vision_model.onnx")!),
      ),
    ).toBe(false);
  });

  it("is never among the models offered to users", () => {
    expect(builtInModels.map((m) => m.id)).not.toContain(tinyClipFixtureId);
    const config = JSON.parse(readFileSync(join(folder, "config.json"), "utf8")) as {
      model_type: string;
      creative_triage: { fixture: boolean };
    };
    expect(config).toMatchObject({ model_type: "clip", creative_triage: { fixture: true } });
  });

  it("embeds texts through its text tower: [n, dim] unit rows equal to its weights' sum of tokens times projection", async () => {
    const texts = ["Auto Repair", "Lease the pilot for $461/mo", ""];
    const embedder = await loadNodeEmbedder(spec, modelsDir);
    try {
      expect(embedder.dim).toBe(dim);
      const vectors = await embedder.embed(texts);
      expect(vectors.length).toBe(texts.length * dim);
      const tokenizer = new WordPieceTokenizer(built.weights.vocab);
      texts.forEach((text, row) => {
        expect(norm(vectors, row)).toBeCloseTo(1, 5);
        const pooled = new Float32Array(dim);
        for (const id of tokenizer.encode(text)) {
          for (let k = 0; k < dim; k++) pooled[k]! += built.weights.tokenTable[id * dim + k]!;
        }
        const projected = Array.from({ length: dim }, (_, j) =>
          pooled.reduce((sum, v, k) => sum + v * built.weights.textProjection[k * dim + j]!, 0),
        );
        const length = Math.hypot(...projected);
        projected.forEach((v, j) => expect(vectors[row * dim + j]!).toBeCloseTo(v / length, 4));
      });
    } finally {
      await embedder.dispose();
    }
  });

  it("embeds images through its vision tower into the same width, deterministically, in any batch size", async () => {
    const images = [
      "lib/demo/images/rendered/demo-00001.webp",
      "lib/demo/images/rendered/demo-00009.webp",
      "lib/demo/images/rendered/demo-00001.webp",
    ];
    const embedder = await loadNodeImageEmbedder(spec, modelsDir);
    try {
      expect(embedder.dim).toBe(dim);
      const read = (path: string) => RawImage.read(join(process.cwd(), path));
      const whole = await embedImagesInBatches(embedder, images, { batchSize: 8, read });
      const single = await embedImagesInBatches(embedder, images, { batchSize: 1, read });
      expect(whole.length).toBe(images.length * dim);
      for (let i = 0; i < whole.length; i++) expect(single[i]!).toBeCloseTo(whole[i]!, 5);
      [0, 1, 2].forEach((row) => expect(norm(whole, row)).toBeCloseTo(1, 5));
      // The same image twice gives the same vector; two different ads do not.
      expect(Array.from(whole.subarray(2 * dim))).toEqual(Array.from(whole.subarray(0, dim)));
      expect(Array.from(whole.subarray(dim, 2 * dim))).not.toEqual(
        Array.from(whole.subarray(0, dim)),
      );
      await expect(
        embedImagesInBatches(embedder, ["no/such/image.webp"], { batchSize: 1, read }),
      ).rejects.toThrow(/could not read the image no\/such\/image.webp/);
    } finally {
      await embedder.dispose();
    }
  });

  it("refuses to embed images with a text-only model", async () => {
    await expect(
      loadNodeImageEmbedder(localModelSpec({ id: tinyClipFixtureId }), modelsDir),
    ).rejects.toThrow(/text-only model/);
  });
});
