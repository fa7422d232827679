import { describe, expect, it } from "vitest";
import { createPrng } from "../encoder/prng";
import { normalizedRows } from "../linalg";
import {
  applyAdapter,
  decodeAdapter,
  encodeAdapter,
  identityAdapter,
  type DenseAdapter,
} from "./adapter";
import { adapterObjectives, type AdapterObjective } from "./objectives";
import { lossAndGradient, splitPairs, trainAdapter, type AdapterTrainingSet } from "./trainAdapter";

const dim = 6;

function randomRows(rows: number, seed: number): Float32Array {
  const prng = createPrng(seed);
  return normalizedRows(
    Float32Array.from({ length: rows * dim }, () => prng.nextGaussian()),
    dim,
  );
}

/** 4 labels (rows 0-3) and 12 texts (rows 4-15), each text paired with a label and a wrong one. */
function tinySet(): AdapterTrainingSet {
  const vectors = randomRows(16, 7);
  const left: number[] = [];
  const right: number[] = [];
  const target: number[] = [];
  const weight: number[] = [];
  const groups: number[] = [];
  for (let t = 4; t < 16; t++) {
    left.push(t, t);
    right.push(t % 4, (t + 1) % 4);
    target.push(0.9, 0.1);
    weight.push(t % 3 === 0 ? 0.25 : 1, 1);
    groups.push(t, t);
  }
  left.push(4);
  right.push(8);
  target.push(0.9);
  weight.push(1);
  groups.push(4);
  return {
    dim,
    vectors,
    labelRows: Int32Array.from([0, 1, 2, 3]),
    pairs: {
      left: Int32Array.from(left),
      right: Int32Array.from(right),
      target: Float32Array.from(target),
      weight: Float32Array.from(weight),
    },
    groups: Int32Array.from(groups),
  };
}

function perturbed(seed: number): DenseAdapter {
  const prng = createPrng(seed);
  const a = identityAdapter(dim);
  for (let i = 0; i < a.weight.length; i++) a.weight[i]! += 0.3 * prng.nextGaussian();
  return a;
}

const options = (objective: AdapterObjective) => ({ objective, temperature: 0.5, margin: 0.3 });

describe("adapter gradients", () => {
  for (const objective of adapterObjectives) {
    it(`match central finite differences (${objective})`, () => {
      const set = tinySet();
      const adapter = perturbed(3);
      const all = Int32Array.from({ length: set.pairs.target.length }, (_, i) => i);
      const { loss, gradient } = lossAndGradient(set, adapter, all, options(objective));
      expect(loss).toBeGreaterThan(0);
      // float32 weights: a step of 1e-2 keeps rounding error well below the curvature error
      const h = 1e-2;
      let worst = 0;
      let scale = 0;
      for (let i = 0; i < adapter.weight.length; i++) {
        const saved = adapter.weight[i]!;
        adapter.weight[i] = saved + h;
        const up = lossAndGradient(set, adapter, all, options(objective), false).loss;
        adapter.weight[i] = saved - h;
        const down = lossAndGradient(set, adapter, all, options(objective), false).loss;
        adapter.weight[i] = saved;
        const numeric = (up - down) / (2 * h);
        worst = Math.max(worst, Math.abs(numeric - gradient.weight[i]!));
        scale = Math.max(scale, Math.abs(numeric));
      }
      expect(scale).toBeGreaterThan(1e-3);
      expect(worst / scale).toBeLessThan(objective === "triplet" ? 2e-2 : 5e-3);
    });
  }
});

describe("trainAdapter", () => {
  it("lowers the loss of its pairs and is byte-for-byte deterministic", () => {
    const set = tinySet();
    const all = Int32Array.from({ length: set.pairs.target.length }, (_, i) => i);
    const before = lossAndGradient(set, identityAdapter(dim), all, options("cosine"), false).loss;
    const run = () =>
      trainAdapter(set, {
        objective: "cosine",
        maxEpochs: 40,
        batchSize: 8,
        learningRate: 0.05,
        validationShare: 0,
      });
    const a = run();
    const b = run();
    const after = lossAndGradient(set, a.adapter, all, options("cosine"), false).loss;
    expect(after).toBeLessThan(before * 0.8);
    expect(
      Buffer.from(encodeAdapter(a.adapter)).equals(Buffer.from(encodeAdapter(b.adapter))),
    ).toBe(true);
    expect(a.history).toHaveLength(40);
  });

  it("keeps the best validation epoch and stops when validation stops improving", () => {
    const base = tinySet();
    // 40 creatives so a validation share can be held out; targets are random, so validation
    // cannot keep improving and early stopping must end the run
    const prng = createPrng(11);
    const rows = 44;
    const vectors = randomRows(rows, 5);
    const left = Int32Array.from({ length: 40 }, (_, i) => 4 + i);
    const right = Int32Array.from({ length: 40 }, () => prng.nextInt(4));
    const set: AdapterTrainingSet = {
      ...base,
      vectors,
      pairs: {
        left,
        right,
        target: new Float32Array(40).fill(0.9),
        weight: new Float32Array(40).fill(1),
      },
      groups: Int32Array.from(left),
    };
    const result = trainAdapter(set, {
      maxEpochs: 200,
      batchSize: 4,
      learningRate: 0.1,
      validationShare: 0.3,
      patience: 2,
    });
    expect(result.validationPairs).toBeGreaterThan(0);
    expect(result.stoppedEarly).toBe(true);
    expect(result.history.length).toBeLessThan(200);
    const best = Math.min(
      ...result.history.map((e) => e.validationLoss!),
      result.initialValidationLoss!,
    );
    expect(result.bestValidationLoss).toBe(best);
  });

  it("stops with the signal's reason when cancelled", () => {
    const controller = new AbortController();
    controller.abort(new Error("cancelled by the user"));
    expect(() => trainAdapter(tinySet(), { signal: controller.signal })).toThrow(
      "cancelled by the user",
    );
  });
});

describe("adapter bytes and split", () => {
  it("round-trips the weights and names a wrong length", () => {
    const adapter = perturbed(9);
    const decoded = decodeAdapter(encodeAdapter(adapter), dim);
    expect(Array.from(decoded.weight)).toEqual(Array.from(adapter.weight));
    expect(() => decodeAdapter(new Uint8Array(10), dim)).toThrow("expected 144 for dim 6");
  });

  it("applies as a unit-row linear map and keeps empty rows empty", () => {
    const adapter = perturbed(2);
    const vectors = randomRows(3, 1);
    vectors.fill(0, dim, 2 * dim);
    const out = applyAdapter(adapter, vectors);
    const norm = (r: number) => Math.hypot(...out.subarray(r * dim, (r + 1) * dim));
    expect(norm(0)).toBeCloseTo(1, 5);
    expect(norm(1)).toBe(0);
    expect(Array.from(applyAdapter(identityAdapter(dim), vectors))).toEqual(
      Array.from(vectors).map((v) => expect.closeTo(v, 6)),
    );
  });

  it("holds out whole creatives", () => {
    const groups = Int32Array.from({ length: 200 }, (_, i) => Math.floor(i / 2));
    const { train, validation } = splitPairs(groups, 0.2, 1);
    expect(train.length + validation.length).toBe(200);
    const held = new Set(Array.from(validation, (i) => groups[i]));
    for (const i of train) expect(held.has(groups[i]!)).toBe(false);
    expect(validation.length).toBeGreaterThan(10);
  });
});
