import { describe, expect, it } from "vitest";
import { embedTokenIds } from "./static-model";
import { nearestLabelTop1 } from "./metrics";
import { frozenTokenIds, trainStaticEncoder, type EncoderTrainingSet } from "./trainer";
import { clsId } from "./wordpiece";

// A toy task: tokens 5-7 mean label 0, tokens 8-10 mean label 1, token 11 is noise.
// Labels are embedded from their own tokens 12 and 13.
const seq = (...ids: number[]) => Int32Array.from([2, ...ids, 3]);
const data: EncoderTrainingSet = {
  vocabSize: 14,
  texts: [seq(5, 11), seq(6, 7), seq(5, 6, 11), seq(8, 11), seq(9, 10), seq(8, 10, 11)],
  textLabels: Int32Array.from([0, 0, 0, 1, 1, 1]),
  labels: [seq(12), seq(13)],
};
const options = { dim: 8, epochs: 30, batchSize: 4, learningRate: 0.05, seed: 5 };

describe("trainStaticEncoder", () => {
  it.each(["softmax", "cosine", "softmax+cosine"] as const)(
    "learns a toy task (%s)",
    (objective) => {
      const losses: number[] = [];
      const model = trainStaticEncoder(data, {
        ...options,
        objective,
        onEpoch: (p) => losses.push(p.loss),
      });
      expect(losses[losses.length - 1]!).toBeLessThan(losses[0]!);
      const texts = embedTokenIds(model, [seq(7), seq(9)]).embeddings;
      const labels = embedTokenIds(model, data.labels).embeddings;
      expect(nearestLabelTop1(texts, labels, [0, 1], 8)).toBe(1);
    },
  );

  it("is deterministic for a seed and different across seeds", () => {
    const a = trainStaticEncoder(data, options).table;
    const b = trainStaticEncoder(data, options).table;
    const c = trainStaticEncoder(data, { ...options, seed: 6 }).table;
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    expect(Buffer.from(a.buffer).equals(Buffer.from(c.buffer))).toBe(false);
  });

  it("never moves the frozen special rows", () => {
    const model = trainStaticEncoder(data, options);
    for (const id of frozenTokenIds) {
      const row = Array.from(model.table.subarray(id * 8, id * 8 + 8));
      expect(row).toEqual(
        id === clsId ? [1e-4, 0, 0, 0, 0, 0, 0, 0].map(Math.fround) : Array(8).fill(0),
      );
    }
  });
});
