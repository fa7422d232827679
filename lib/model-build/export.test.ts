import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ort from "onnxruntime-node";
import { afterAll, describe, expect, it } from "vitest";
import { embedTexts } from "@/lib/core/encoder/embed";
import { WordPieceTokenizer } from "@/lib/core/encoder/wordpiece";
import { dequantizeRows, quantizeRows } from "@/lib/core/onnx/static-embedding-graph";
import { buildStaticEncoder, type BuildStaticEncoderOptions } from "./build";
import { staticEncoderFiles, writeModelFolder } from "./model-folder";
import { embedWithTransformersJs, maxAbsDifference } from "./verify";

const corpus: BuildStaticEncoderOptions = {
  texts: [
    "Book your Honda service today",
    "Honda oil change and brake repair",
    "Toyota service specials this week",
    "Toyota brake repair near you",
    "Home insurance quotes in minutes",
    "Protect your home: insurance from $9",
    "Fresh coffee roasted every morning",
    "Coffee and pastries at our café",
  ],
  labelPaths: [
    ["Vehicles", "Auto Repair", "Honda"],
    ["Vehicles", "Auto Repair", "Honda"],
    ["Vehicles", "Auto Repair", "Toyota"],
    ["Vehicles", "Auto Repair", "Toyota"],
    ["Finance", "Insurance", "Home Insurance"],
    ["Finance", "Insurance", "Home Insurance"],
    ["Food", "Coffee Shops"],
    ["Food", "Coffee Shops"],
  ],
  taxonomyLabelPaths: [["Vehicles"], ["Vehicles", "Auto Repair"], ["Finance"], ["Food"]],
  seed: 11,
  vocab: { minWordCount: 1, minPieceCount: 1 },
  train: { dim: 16, epochs: 20, batchSize: 4, learningRate: 0.05 },
};
const probes = [
  "Honda brake service",
  "cheap home insurance!",
  "espresso & pastries",
  "completely unseen words zyx",
  "",
  "Toyota",
];

const dir = mkdtempSync(join(tmpdir(), "static-encoder-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const built = buildStaticEncoder(corpus);
const files = staticEncoderFiles(built, "# test model\n");
writeModelFolder(join(dir, "tiny"), files);
const tokenizer = new WordPieceTokenizer(built.vocab);
const expected = embedTexts(tokenizer, built.model, probes);

describe("the exported model folder", () => {
  it("is byte-identical when built twice from the same data and seed", () => {
    const again = staticEncoderFiles(buildStaticEncoder(corpus), "# test model\n");
    expect([...again.keys()]).toEqual([...files.keys()]);
    for (const [path, bytes] of files)
      expect(Buffer.from(again.get(path)!).equals(Buffer.from(bytes))).toBe(true);
  });

  it("runs in onnxruntime-node and returns the table rows, padding zeroed", async () => {
    for (const quantized of [false, true]) {
      const bytes = files.get(quantized ? "onnx/model_quantized.onnx" : "onnx/model.onnx")!;
      const session = await ort.InferenceSession.create(bytes);
      expect(session.inputNames).toEqual(["input_ids", "attention_mask"]);
      const ids = [2, 7, 9, 3, 2, 12, 3, 0];
      const mask = [1, 1, 1, 1, 1, 1, 1, 0];
      const out = await session.run({
        input_ids: new ort.Tensor("int64", BigInt64Array.from(ids.map(BigInt)), [2, 4]),
        attention_mask: new ort.Tensor("int64", BigInt64Array.from(mask.map(BigInt)), [2, 4]),
      });
      const hidden = out.last_hidden_state!;
      expect(hidden.dims).toEqual([2, 4, 16]);
      const { quantized: q, scales } = quantizeRows(built.model.table, 16);
      const table = quantized ? dequantizeRows(q, scales, 16) : built.model.table;
      const rows = ids.flatMap((id, i) =>
        Array.from(table.subarray(id * 16, id * 16 + 16), (v) => v * mask[i]!),
      );
      expect(maxAbsDifference(hidden.data as Float32Array, rows)).toBeLessThan(1e-6);
      await session.release();
    }
  });

  it("gives transformers.js' feature-extraction pipeline the TS forward pass (fp32 to 1e-5)", async () => {
    const out = await embedWithTransformersJs(dir, "tiny", "fp32", probes);
    expect(out.dims).toEqual([probes.length, 16]);
    expect(maxAbsDifference(out.data, expected)).toBeLessThan(1e-5);
  });

  it("loads the int8 model for q8 and stays within quantisation error", async () => {
    const out = await embedWithTransformersJs(dir, "tiny", "q8", probes);
    const { quantized, scales } = quantizeRows(built.model.table, 16);
    const dequantized = { ...built.model, table: dequantizeRows(quantized, scales, 16) };
    expect(maxAbsDifference(out.data, embedTexts(tokenizer, dequantized, probes))).toBeLessThan(
      1e-5,
    );
    expect(maxAbsDifference(out.data, expected)).toBeLessThan(0.03);
    // and it really is the int8 file, not the float one
    expect(maxAbsDifference(out.data, expected)).toBeGreaterThan(1e-6);
  });
});
