import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { embedTexts } from "@/lib/core/encoder/embed";
import { staticEncoderFromFiles } from "@/lib/core/encoder/load";
import { float32Values, readOnnxInitializers } from "@/lib/core/onnx/onnx-reader";
import { dequantizeRows } from "@/lib/core/onnx/static-embedding-graph";
import { bundledModelId, publicModelsDir } from "./model-folder";
import { embedWithTransformersJs, maxAbsDifference } from "./verify";

/**
 * The committed model folder, offline, as the app loads it: transformers.js' feature-extraction
 * pipeline must give the TS forward pass of the table stored in the same folder.
 */
const modelsDir = join(process.cwd(), publicModelsDir);
const folder = join(modelsDir, bundledModelId);
const texts = [
  "LEASE THE PILOT FOR $461/MO • Employee pricing for everyone",
  "Roasted in-house every morning. Your neighborhood cafe, open 6am",
  "Bundle home and auto insurance and save",
  "",
];

describe(`public/models/${bundledModelId}`, () => {
  const config = JSON.parse(readFileSync(join(folder, "config.json"), "utf8")) as {
    hidden_size: number;
    vocab_size: number;
  };
  const { tokenizer, model } = staticEncoderFromFiles(
    JSON.parse(readFileSync(join(folder, "tokenizer.json"), "utf8")),
    readFileSync(join(folder, "onnx/model.onnx")),
  );
  const { dim } = model;

  it("has a config that agrees with its tokenizer and table", () => {
    expect(config.vocab_size).toBe(tokenizer.size);
    expect(config.hidden_size).toBe(dim);
    expect(model.table.length).toBe(tokenizer.size * dim);
  });

  it("embeds like the TS forward pass through the fp32 model (to 1e-5)", async () => {
    const out = await embedWithTransformersJs(modelsDir, bundledModelId, "fp32", texts);
    expect(out.dims).toEqual([texts.length, dim]);
    expect(maxAbsDifference(out.data, embedTexts(tokenizer, model, texts))).toBeLessThan(1e-5);
  });

  it("embeds like the TS forward pass of the int8 table through the q8 model", async () => {
    const quantized = readOnnxInitializers(readFileSync(join(folder, "onnx/model_quantized.onnx")));
    const int8 = quantized.get("embeddings_int8")!.rawData;
    const scales = float32Values(quantized.get("embeddings_scale")!);
    const table = dequantizeRows(
      new Int8Array(int8.buffer, int8.byteOffset, int8.byteLength),
      scales,
      dim,
    );
    const out = await embedWithTransformersJs(modelsDir, bundledModelId, "q8", texts);
    const expected = embedTexts(tokenizer, { ...model, table }, texts);
    expect(maxAbsDifference(out.data, expected)).toBeLessThan(1e-5);
    expect(maxAbsDifference(out.data, embedTexts(tokenizer, model, texts))).toBeLessThan(0.02);
  });
});
