import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { embedTexts as tsForwardPass } from "@/lib/core/encoder/embed";
import { WordPieceTokenizer } from "@/lib/core/encoder/wordpiece";
import { bundledModelId, defaultModel, localModelSpec } from "@/lib/core/models/registry";
import { embedInBatches } from "./embedTexts";
import { describeLoadError } from "./errors";
import { loadNodeEmbedder } from "./nodeEnvironment";
import { writeFixtureModel } from "./testing/fixtureModel";

/**
 * The Node half of the embedding path (the same `loadTextEmbedder` the worker runs) against a
 * model folder on disk: it must give the TS forward pass's vectors, in batches or not, and name
 * the file when a folder is missing one or holds a corrupt one.
 */
const corpus = [
  "Lease the pilot for $461/mo, employee pricing for everyone",
  "Roasted in-house every morning: your neighborhood cafe",
  "Bundle home and auto insurance and save",
  "Auto repair, Honda service specials",
];
const texts = [...corpus, "", "an unseen wörd"];
const modelsDir = mkdtempSync(join(tmpdir(), "embedding-models-"));
const fixture = writeFixtureModel(join(modelsDir, "fixture"), corpus);
afterAll(() => rmSync(modelsDir, { recursive: true, force: true }));

describe("Node embedding through transformers.js", () => {
  it("equals the TS forward pass of the same table (fp32, to 1e-5), in any batch size", async () => {
    const embedder = await loadNodeEmbedder(localModelSpec({ id: "fixture" }), modelsDir);
    try {
      expect(embedder.dim).toBe(fixture.dim);
      const expected = tsForwardPass(
        new WordPieceTokenizer(fixture.vocab),
        { vocabSize: fixture.vocab.length, dim: fixture.dim, table: fixture.table },
        texts,
      );
      const whole = await embedder.embed(texts);
      const batched = await embedInBatches(embedder, texts, { batchSize: 4 });
      for (const actual of [whole, batched]) {
        expect(actual.length).toBe(expected.length);
        let max = 0;
        for (let i = 0; i < actual.length; i++) {
          max = Math.max(max, Math.abs((actual[i] ?? 0) - (expected[i] ?? 0)));
        }
        expect(max).toBeLessThan(1e-5);
      }
    } finally {
      await embedder.dispose();
    }
  });

  it("reports progress per batch and stops between batches when aborted", async () => {
    const embedder = await loadNodeEmbedder(localModelSpec({ id: "fixture" }), modelsDir);
    try {
      const controller = new AbortController();
      const seen: number[] = [];
      const run = embedInBatches(embedder, texts, {
        batchSize: 2,
        signal: controller.signal,
        onProgress: (done) => {
          seen.push(done);
          if (done === 2) controller.abort();
        },
      });
      await expect(run).rejects.toThrow();
      expect(seen).toEqual([2]);
    } finally {
      await embedder.dispose();
    }
  });

  it("names the missing file of a folder that does not exist", async () => {
    const error = await loadNodeEmbedder(localModelSpec({ id: "no-such-model" }), modelsDir).then(
      () => null,
      (e: unknown) => e,
    );
    const described = describeLoadError(error, "no-such-model");
    expect(described.code).toBe("model_files");
    expect(described.message).toMatch(/no-such-model/);
    expect(described.message).toMatch(/config\.json|tokenizer/);
  });

  it("reports a corrupt ONNX file as a model-file error", async () => {
    writeFixtureModel(join(modelsDir, "corrupt"), corpus);
    writeFileSync(join(modelsDir, "corrupt", "onnx", "model.onnx"), "not an onnx graph");
    const error = await loadNodeEmbedder(localModelSpec({ id: "corrupt" }), modelsDir).then(
      () => null,
      (e: unknown) => e,
    );
    expect(describeLoadError(error, "corrupt").code).toBe("model_files");
  });
});

const bundledDir = join(process.cwd(), "public", "models");
describe.skipIf(!existsSync(join(bundledDir, bundledModelId, "config.json")))(
  "the bundled model in Node",
  () => {
    it("loads with the registry's settings and gives unit vectors", async () => {
      const embedder = await loadNodeEmbedder(defaultModel(), bundledDir);
      try {
        const vectors = await embedder.embed(["Honda oil change special"]);
        const norm = Math.hypot(...vectors);
        expect(norm).toBeCloseTo(1, 5);
      } finally {
        await embedder.dispose();
      }
    });
  },
);
