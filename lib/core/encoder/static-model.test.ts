import { describe, expect, it } from "vitest";
import { createPrng } from "./prng";
import {
  backpropToTable,
  embedTokenIds,
  maskedMeanPool,
  normalizeRows,
  SparseRowGradient,
  type StaticEmbeddingModel,
} from "./static-model";

function randomModel(vocabSize: number, dim: number, seed: number): StaticEmbeddingModel {
  const prng = createPrng(seed);
  const table = Float32Array.from({ length: vocabSize * dim }, () => prng.nextGaussian());
  return { vocabSize, dim, table };
}

describe("maskedMeanPool", () => {
  it("averages only unmasked positions", () => {
    // batch 2, seq 3, dim 2
    const hidden = Float32Array.from([1, 2, 3, 4, 100, 100, 5, 6, 7, 8, 9, 10]);
    const pooled = maskedMeanPool(hidden, [1, 1, 0, 1, 1, 1], 2, 3, 2);
    expect(Array.from(pooled)).toEqual([2, 3, 7, 8]);
  });
});

describe("embedTokenIds", () => {
  it("equals masked mean pooling of gathered rows followed by L2 normalisation", () => {
    const model = randomModel(10, 4, 1);
    const seqs = [Int32Array.from([2, 5, 7, 3]), Int32Array.from([2, 9, 3])];
    const hidden = new Float32Array(2 * 4 * 4);
    const mask = [1, 1, 1, 1, 1, 1, 1, 0];
    seqs.forEach((ids, b) =>
      ids.forEach((id, s) => hidden.set(model.table.subarray(id * 4, id * 4 + 4), (b * 4 + s) * 4)),
    );
    const expected = maskedMeanPool(hidden, mask, 2, 4, 4);
    normalizeRows(expected, 4);
    const { embeddings } = embedTokenIds(model, seqs);
    embeddings.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
  });
});

describe("backpropToTable", () => {
  it("matches central finite differences of a linear function of the embeddings", () => {
    const dim = 3;
    const model = randomModel(6, dim, 2);
    const seqs = [Int32Array.from([1, 2, 2]), Int32Array.from([3, 1])];
    const weights = Float32Array.from([0.3, -1.2, 0.5, 0.7, 0.1, -0.4]);
    const objective = (): number => {
      const { embeddings } = embedTokenIds(model, seqs);
      return embeddings.reduce((sum, v, i) => sum + v * weights[i]!, 0);
    };
    const { embeddings, sumNorms } = embedTokenIds(model, seqs);
    const gradient = new SparseRowGradient(6, dim);
    backpropToTable(seqs, embeddings, sumNorms, weights, dim, gradient);
    expect([...gradient.touched].sort()).toEqual([1, 2, 3]);
    const h = 1e-3;
    for (let i = 0; i < model.table.length; i++) {
      const saved = model.table[i]!;
      model.table[i] = saved + h;
      const up = objective();
      model.table[i] = saved - h;
      const down = objective();
      model.table[i] = saved;
      expect(gradient.values[i]).toBeCloseTo((up - down) / (2 * h), 3);
    }
    gradient.clear();
    expect(gradient.touched).toHaveLength(0);
    expect(gradient.values.every((v) => v === 0)).toBe(true);
  });
});
