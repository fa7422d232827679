import { describe, expect, it } from "vitest";
import { float32Values, readOnnxInitializers } from "./onnx-reader";
import { dequantizeRows, quantizeRows, staticEmbeddingOnnx } from "./static-embedding-graph";

// row 0 is all zero, as the [PAD] row of a real table
const table = Float32Array.from({ length: 6 * 4 }, (_, i) => (i < 4 ? 0 : Math.sin(i) * (i % 5)));

describe("staticEmbeddingOnnx", () => {
  it("stores the table as an initializer the reader gets back bit for bit", () => {
    const bytes = staticEmbeddingOnnx({
      table,
      vocabSize: 6,
      dim: 4,
      quantized: false,
      producerVersion: "t",
    });
    const init = readOnnxInitializers(bytes);
    const embeddings = init.get("embeddings");
    expect(embeddings?.dims).toEqual([6, 4]);
    expect(Array.from(float32Values(embeddings!))).toEqual(Array.from(table));
    expect(init.has("unsqueeze_axes")).toBe(true);
  });

  it("is deterministic", () => {
    const options = { table, vocabSize: 6, dim: 4, quantized: true, producerVersion: "t" };
    expect(staticEmbeddingOnnx(options)).toEqual(staticEmbeddingOnnx(options));
  });

  it("rejects a table of the wrong size", () => {
    expect(() =>
      staticEmbeddingOnnx({ table, vocabSize: 7, dim: 4, quantized: false, producerVersion: "t" }),
    ).toThrow();
  });
});

describe("quantizeRows", () => {
  it("keeps every entry within half a step of its row's scale", () => {
    const { quantized, scales } = quantizeRows(table, 4);
    const restored = dequantizeRows(quantized, scales, 4);
    table.forEach((v, i) => {
      expect(Math.abs(restored[i]! - v)).toBeLessThanOrEqual(scales[Math.floor(i / 4)]! / 2 + 1e-7);
    });
    // the all-zero row 0 stays exactly zero
    expect(Array.from(restored.subarray(0, 4))).toEqual([0, 0, 0, 0]);
  });
});
