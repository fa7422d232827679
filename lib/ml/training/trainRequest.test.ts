import { describe, expect, it } from "vitest";
import { decodeAdapter } from "@/lib/core/adaptation/adapter";
import { defaultAdapterTrainOptions } from "@/lib/core/adaptation/trainAdapter";
import { TrainingError, trainOptionsOf } from "./protocol";
import { trainFromRequest, type TrainBody } from "./trainRequest";

/** Two labels on the axes, and four texts near them: the smallest set worth training. */
function body(): TrainBody {
  return {
    dim: 2,
    vectors: Float32Array.of(1, 0, 0, 1, 0.9, 0.1, 0.8, 0.2, 0.1, 0.9, 0.3, 0.7),
    labelRows: Int32Array.of(0, 1),
    pairs: {
      left: Int32Array.of(2, 3, 4, 5),
      right: Int32Array.of(0, 0, 1, 1),
      target: Float32Array.of(1, 1, 1, 1),
      weight: Float32Array.of(1, 1, 1, 1),
    },
    groups: Int32Array.of(2, 3, 4, 5),
    options: { ...trainOptionsOf(defaultAdapterTrainOptions), maxEpochs: 3, patience: 5 },
  };
}

describe("trainFromRequest", () => {
  it("trains, reports each epoch, and answers the adapter as dim x dim float32 bytes", () => {
    const epochs: number[] = [];
    const result = trainFromRequest(body(), (epoch, maxEpochs) => {
      expect(maxEpochs).toBe(3);
      epochs.push(epoch.epoch);
    });
    expect(epochs).toEqual([1, 2, 3]);
    expect(result.history.map((h) => h.epoch)).toEqual(epochs);
    expect(result.weights.byteLength).toBe(2 * 2 * 4);
    expect(decodeAdapter(result.weights, 2).dim).toBe(2);
  });

  it("refuses arrays that do not fit together, naming the first", () => {
    const short = { ...body(), groups: Int32Array.of(2) };
    expect(() => trainFromRequest(short, () => {})).toThrow(/groups: 1 entries for 4 pairs/);
    const b = body();
    const outside = { ...b, pairs: { ...b.pairs, right: Int32Array.of(0, 0, 1, 6) } };
    expect(() => trainFromRequest(outside, () => {})).toThrow(TrainingError);
    expect(() => trainFromRequest(outside, () => {})).toThrow(/right\[3\] = 6/);
  });

  it("stops with a message when the loss is no longer finite", () => {
    const b = body();
    const diverging = { ...b, vectors: b.vectors.map((x, i) => (i === 4 ? NaN : x)) };
    expect(() => trainFromRequest(diverging, () => {})).toThrow(/not finite/);
  });
});
