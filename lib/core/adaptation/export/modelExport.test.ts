import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { embedTexts } from "@/lib/core/encoder/embed";
import { staticEncoderFromFiles } from "@/lib/core/encoder/load";
import { createPrng } from "@/lib/core/encoder/prng";
import { bundledModelId, defaultModel, modelVersionOf } from "@/lib/core/models/registry";
import { writeModelFolder } from "@/lib/model-build/model-folder";
import { embedWithTransformersJs, maxAbsDifference } from "@/lib/model-build/verify";
import { applyAdapter, type DenseAdapter } from "../adapter";
import type { ModelVersionSummary } from "../versions";
import {
  exportName,
  exportVersionFolder,
  ModelExportRefusedError,
  readStaticBaseFiles,
  staticBaseFilePaths,
} from "./modelExport";
import { decodeSafetensors } from "./safetensors";
import { unzipFolder, zipFolder } from "./zip";

const folder = join(process.cwd(), "public/models", bundledModelId);
const base = await readStaticBaseFiles(
  async (path) => new Uint8Array(readFileSync(join(folder, path))),
);
const { tokenizer, model } = staticEncoderFromFiles(
  JSON.parse(new TextDecoder().decode(base.tokenizer)),
  base.modelOnnx,
);
const { dim } = model;

const texts = [
  "LEASE THE PILOT FOR $461/MO • Employee pricing for everyone",
  "Roasted in-house every morning. Your neighborhood cafe, open 6am",
  "Bundle home and auto insurance and save",
  "Bars, Alcohol",
  "",
];

/** Identity plus seeded noise: far enough from identity that a missing fold would show. */
function perturbedAdapter(seed: number): DenseAdapter {
  const random = createPrng(seed);
  const weight = new Float32Array(dim * dim);
  for (let i = 0; i < weight.length; i++) weight[i] = (random.next() - 0.5) * 0.2;
  for (let k = 0; k < dim; k++) weight[k * dim + k]! += 1;
  return { dim, weight };
}

const adapter = perturbedAdapter(7);

function summary(overrides: Partial<ModelVersionSummary> = {}): ModelVersionSummary {
  return {
    id: 3,
    parentId: 2,
    baseModelId: bundledModelId,
    baseModelVersion: modelVersionOf(defaultModel()),
    modelVersion: `${modelVersionOf(defaultModel())}+adapter.3`,
    objective: "softmax",
    dim,
    decisionCount: 240,
    lastDecisionId: 912,
    metrics: {
      objective: "softmax",
      options: { learningRate: 0.01, temperature: 0.05 },
      history: [
        { epoch: 1, trainLoss: 1.2, validationLoss: 1.1, seconds: 0.5 },
        { epoch: 2, trainLoss: 0.9, validationLoss: 0.95, seconds: 0.5 },
      ],
      bestEpoch: 2,
      stoppedEarly: false,
      trainPairs: 800,
      validationPairs: 200,
      decisionPairs: 600,
      importedPairs: 400,
      initialValidationLoss: 1.3,
      bestValidationLoss: 0.95,
      seconds: 1,
      device: "wasm",
    },
    createdBy: "ana@example.com",
    createdAt: "2026-12-06T08:00:00.000Z",
    selected: true,
    ...overrides,
  };
}

const version = summary();
const expected = applyAdapter(adapter, embedTexts(tokenizer, model, texts));

/** Byte equality without the deep-equal walk (seconds per megabyte in the test runner). */
function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((path) => statSync(join(dir, path)).isFile())
    .map((path) => relative(dir, join(dir, path)))
    .sort();
}

describe("transformers.js export of a bundled-model version", () => {
  const files = exportVersionFolder(version, adapter, "transformers-js", base);
  const temp = mkdtempSync(join(tmpdir(), "ct-export-"));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it("has the bundled folder's layout", () => {
    expect([...files.keys()].sort()).toEqual(filesUnder(folder));
    expect(sameBytes(files.get(staticBaseFilePaths.tokenizer)!, base.tokenizer)).toBe(true);
    const config = JSON.parse(new TextDecoder().decode(files.get("config.json"))) as {
      hidden_size: number;
      creative_triage: { pooling: string; adapter: { version_id: number } };
    };
    expect(config.hidden_size).toBe(dim);
    expect(config.creative_triage.pooling).toBe("mean");
    expect(config.creative_triage.adapter.version_id).toBe(3);
  });

  it("embeds texts as applyAdapter(base embedding) through the folded table (to 1e-5)", () => {
    const folded = staticEncoderFromFiles(
      JSON.parse(new TextDecoder().decode(files.get("tokenizer.json"))),
      files.get("onnx/model.onnx")!,
    );
    expect(
      maxAbsDifference(embedTexts(folded.tokenizer, folded.model, texts), expected),
    ).toBeLessThan(1e-5);
  });

  it("gives the same vectors through transformers.js' pipeline (to 1e-5)", async () => {
    const id = exportName(version, "transformers-js");
    writeModelFolder(join(temp, id), files);
    const out = await embedWithTransformersJs(temp, id, "fp32", texts);
    expect(out.dims).toEqual([texts.length, dim]);
    expect(maxAbsDifference(out.data, expected)).toBeLessThan(1e-5);
    const quantized = await embedWithTransformersJs(temp, id, "q8", texts);
    expect(maxAbsDifference(quantized.data, expected)).toBeLessThan(0.05);
  });

  it("refuses a version of an older bundled table", () => {
    expect(() =>
      exportVersionFolder(
        summary({ baseModelVersion: "0+fp32+leafFirst" }),
        adapter,
        "transformers-js",
        base,
      ),
    ).toThrow(ModelExportRefusedError);
  });
});

describe("sentence-transformers export of a bundled-model version", () => {
  const files = exportVersionFolder(version, adapter, "sentence-transformers", base);
  const text = (path: string) => new TextDecoder().decode(files.get(path));

  it("has the modules StaticEmbedding -> Dense -> Normalize with their files", () => {
    expect([...files.keys()].sort()).toEqual([
      "0_StaticEmbedding/model.safetensors",
      "0_StaticEmbedding/tokenizer.json",
      "1_Dense/config.json",
      "1_Dense/model.safetensors",
      "2_Normalize/config.json",
      "README.md",
      "config_sentence_transformers.json",
      "modules.json",
    ]);
    expect(JSON.parse(text("modules.json"))).toEqual([
      {
        idx: 0,
        name: "0",
        path: "0_StaticEmbedding",
        type: "sentence_transformers.models.StaticEmbedding",
      },
      { idx: 1, name: "1", path: "1_Dense", type: "sentence_transformers.models.Dense" },
      { idx: 2, name: "2", path: "2_Normalize", type: "sentence_transformers.models.Normalize" },
    ]);
    expect(JSON.parse(text("1_Dense/config.json"))).toEqual({
      in_features: dim,
      out_features: dim,
      bias: false,
      activation_function: "torch.nn.modules.linear.Identity",
    });
    expect(JSON.parse(text("config_sentence_transformers.json"))).toMatchObject({
      similarity_fn_name: "cosine",
    });
  });

  it("stores the base table as embedding.weight [vocab, dim] and W as linear.weight [out, in]", () => {
    const table = decodeSafetensors(files.get("0_StaticEmbedding/model.safetensors")!).tensors;
    expect([...table.keys()]).toEqual(["embedding.weight"]);
    expect(table.get("embedding.weight")!.shape).toEqual([model.vocabSize, dim]);
    expect(sameBytes(table.get("embedding.weight")!.data, model.table)).toBe(true);
    const dense = decodeSafetensors(files.get("1_Dense/model.safetensors")!).tensors;
    expect([...dense.keys()]).toEqual(["linear.weight"]);
    expect(dense.get("linear.weight")).toEqual({ shape: [dim, dim], data: adapter.weight });
  });

  it("computes, as StaticEmbedding would (no special tokens), the version's vectors to 1e-4", () => {
    // StaticEmbedding: mean of the rows of the tokens without [CLS]/[SEP]; then Dense, Normalize.
    const withoutSpecials = texts.map((t) => Array.from(tokenizer.encode(t)).slice(1, -1));
    for (let i = 0; i < texts.length - 1; i++) {
      const mean = new Float32Array(dim);
      for (const id of withoutSpecials[i]!) {
        for (let k = 0; k < dim; k++)
          mean[k]! += model.table[id * dim + k]! / withoutSpecials[i]!.length;
      }
      const vector = applyAdapter(adapter, mean);
      expect(maxAbsDifference(vector, expected.subarray(i * dim, (i + 1) * dim))).toBeLessThan(
        1e-4,
      );
    }
    // The README says where it is not exact.
    expect(text("README.md")).toMatch(/Not exact/);
    expect(text("README.md")).toMatch(/library_name: sentence-transformers/);
  });

  it("writes the card: base, version, parent, decisions, objective, metrics", () => {
    const card = text("README.md");
    for (const fact of [
      bundledModelId,
      "version 3",
      "version 2",
      "240 standing decisions",
      "softmax",
      "800 for training",
      "0.9500",
    ]) {
      expect(card).toContain(fact);
    }
  });
});

describe("export of a hub-model version", () => {
  const hub = summary({
    baseModelId: "Xenova/all-MiniLM-L6-v2",
    baseModelVersion: "hub-q8+q8+leafFirst",
  });

  it("gives the adapter as a Dense module and says so", () => {
    for (const format of ["sentence-transformers", "transformers-js"] as const) {
      const files = exportVersionFolder(hub, adapter, format, null);
      expect([...files.keys()].sort()).toEqual([
        "1_Dense/config.json",
        "1_Dense/model.safetensors",
        "2_Normalize/config.json",
        "README.md",
        "adapter.json",
      ]);
      expect(new TextDecoder().decode(files.get("README.md"))).toContain("Only the adapter");
    }
    expect(exportName(hub, "sentence-transformers")).toBe(
      "Xenova--all-MiniLM-L6-v2-v3-sentence-transformers",
    );
  });
});

describe("zip", () => {
  it("round-trips a folder byte for byte, reproducibly", () => {
    const files = exportVersionFolder(version, adapter, "sentence-transformers", base);
    const zip = zipFolder(files);
    const back = unzipFolder(zip);
    expect([...back.keys()]).toEqual([...files.keys()]);
    for (const [path, bytes] of files) expect(sameBytes(back.get(path)!, bytes), path).toBe(true);
    expect(sameBytes(zipFolder(files), zip)).toBe(true);
  });
});
