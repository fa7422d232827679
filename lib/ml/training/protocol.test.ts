import { describe, expect, it } from "vitest";
import { defaultAdapterTrainOptions } from "@/lib/core/adaptation/trainAdapter";
import { parseTrainingReply, parseTrainingRequest, trainOptionsOf } from "./protocol";

const trainOptions = trainOptionsOf(defaultAdapterTrainOptions);

function request() {
  return {
    type: "train",
    id: 3,
    dim: 2,
    vectors: Float32Array.of(1, 0, 0, 1),
    labelRows: Int32Array.of(1),
    pairs: {
      left: Int32Array.of(0),
      right: Int32Array.of(1),
      target: Float32Array.of(1),
      weight: Float32Array.of(1),
    },
    groups: Int32Array.of(7),
    options: trainOptions,
  };
}

describe("training worker protocol", () => {
  it("accepts a train request with its typed arrays as they are", () => {
    const parsed = parseTrainingRequest(request());
    expect(parsed.ok).toBe(true);
    if (!parsed.ok || parsed.value.type !== "train") throw new Error("not a train request");
    expect(parsed.value.vectors).toBeInstanceOf(Float32Array);
    expect([...parsed.value.pairs.left]).toEqual([0]);
    expect(parsed.value.options).toEqual(trainOptions);
    expect(parseTrainingRequest({ type: "cancel", id: 4, target: 3 }).ok).toBe(true);
  });

  it("refuses arrays of the wrong type and bad options, naming the field", () => {
    expect(parseTrainingRequest({ ...request(), vectors: [1, 0, 0, 1] })).toEqual({
      ok: false,
      reason: expect.stringMatching(/^vectors: /),
    });
    const r = request();
    expect(parseTrainingRequest({ ...r, pairs: { ...r.pairs, left: Float32Array.of(0) } })).toEqual(
      { ok: false, reason: expect.stringMatching(/^pairs\.left: /) },
    );
    expect(parseTrainingRequest({ ...r, options: { ...trainOptions, maxEpochs: 0 } })).toEqual({
      ok: false,
      reason: expect.stringMatching(/^options\.maxEpochs: /),
    });
    expect(parseTrainingRequest({ ...r, options: { ...trainOptions, objective: "mse" } }).ok).toBe(
      false,
    );
  });

  it("reads epoch progress, a result with its weight bytes, and coded errors", () => {
    const epoch = { epoch: 1, trainLoss: 0.5, validationLoss: null, seconds: 0.1 };
    expect(
      parseTrainingReply({
        type: "progress",
        id: 3,
        progress: { type: "epoch", epoch, maxEpochs: 30 },
      }).ok,
    ).toBe(true);
    const result = {
      kind: "train",
      weights: new Uint8Array(16),
      history: [epoch],
      bestEpoch: 1,
      stoppedEarly: false,
      trainPairs: 1,
      validationPairs: 0,
      initialValidationLoss: null,
      bestValidationLoss: null,
    };
    expect(parseTrainingReply({ type: "result", id: 3, result }).ok).toBe(true);
    expect(
      parseTrainingReply({ type: "result", id: 3, result: { ...result, weights: [0, 0] } }),
    ).toEqual({ ok: false, reason: expect.stringMatching(/^result\.weights: /) });
    expect(
      parseTrainingReply({ type: "error", id: 3, code: "bad_request", message: "no" }).ok,
    ).toBe(true);
    expect(parseTrainingReply({ type: "error", id: 3, code: "oops", message: "no" }).ok).toBe(
      false,
    );
  });
});
