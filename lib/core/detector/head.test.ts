import { describe, expect, it } from "vitest";
import { randomUnitRows } from "@/lib/core/linalg/rows";
import { headSignals } from "./head";
import type { DetectorInput } from "./types";

const flights = ["cheap flights to paris", "book a flight to rome", "flight deals to lisbon"];
const pizza = ["pizza delivery near me", "order a pizza tonight", "hot pizza delivery deals"];

function input(predicted: number[], rowOfCreative?: number[]): DetectorInput {
  const train = Array.from({ length: 12 }, (_, i) => (i % 2 ? pizza : flights)[i % 3]!);
  const scored = ["flights to madrid", "pizza tonight", "pizza delivery deals"];
  const dim = 4;
  return {
    dim,
    texts: randomUnitRows(scored.length, dim, 1),
    creativeTexts: scored,
    labels: randomUnitRows(2, dim, 2),
    labelPaths: [["Travel"], ["Food"]],
    predicted: Int32Array.from(predicted),
    reference: {
      embeddings: randomUnitRows(train.length, dim, 3),
      labels: Int32Array.from(train, (t) => (pizza.includes(t) ? 1 : 0)),
      texts: train,
      ...(rowOfCreative ? { rowOfCreative: Int32Array.from(rowOfCreative) } : {}),
    },
  };
}

describe("supervised head", () => {
  it("doubts a prediction its n-grams contradict and trusts one they support", () => {
    const head = headSignals(input([0, 0, 1]), { minTrainRows: 4, epochs: 30 })!;
    expect(head.selfConfidence[0]!).toBeGreaterThan(0.5);
    expect(head.selfConfidence[1]!).toBeLessThan(0.5);
    expect(head.margin[1]!).toBeLessThan(0);
    expect(head.confidentJoint[1]!).toBeGreaterThan(head.confidentJoint[0]!);
    expect(head.topLabels[1 * head.topK]!).toBe(1);
  });

  it("is absent without texts and deterministic with them, out-of-fold included", () => {
    const bare = { ...input([0, 1, 1]), creativeTexts: undefined };
    expect(headSignals(bare, { minTrainRows: 4 })).toBeUndefined();
    const a = headSignals(input([0, 1, 1], [0, 1, 2]), { minTrainRows: 4 })!;
    const b = headSignals(input([0, 1, 1], [0, 1, 2]), { minTrainRows: 4 })!;
    expect(Array.from(a.selfConfidence)).toEqual(Array.from(b.selfConfidence));
  });
});
