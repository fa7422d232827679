import { describe, expect, it } from "vitest";
import { randomUnitRows } from "@/lib/core/linalg/rows";
import { detect } from "./detect";
import { headSignals } from "./head";
import type { DetectorInput } from "./types";

const flights = ["cheap flights to paris", "book a flight to rome", "flight deals to lisbon"];
const pizza = ["pizza delivery near me", "order a pizza tonight", "hot pizza delivery deals"];

function input(predicted: number[], rowOfCreative?: number[], trainRows = 12): DetectorInput {
  const train = Array.from({ length: trainRows }, (_, i) => (i % 2 ? pizza : flights)[i % 3]!);
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

  it("learns only the labels in use: an unused predicted label has probability zero", () => {
    const threeLabels = {
      ...input([2, 0, 1]),
      labels: randomUnitRows(3, 4, 2),
      labelPaths: [["Travel"], ["Food"], ["Autos"]],
    };
    const head = headSignals(threeLabels, { minTrainRows: 4, epochs: 30 })!;
    expect(head.selfConfidence[0]).toBe(0);
    expect(head.margin[0]!).toBeLessThan(0);
    expect(Array.from(head.topLabels)).not.toContain(2);
  });

  it("keeps within its compute budget: fewer epochs and rows, or no head at all", () => {
    const full = headSignals(input([0, 0, 1]), { minTrainRows: 4, epochs: 30 })!;
    const tight = headSignals(input([0, 0, 1]), {
      minTrainRows: 4,
      epochs: 30,
      minEpochs: 1,
      maxMultiplyAdds: 20_000,
    })!;
    expect(Array.from(tight.selfConfidence)).not.toEqual(Array.from(full.selfConfidence));
    expect(
      headSignals(input([0, 0, 1]), { minTrainRows: 4, maxMultiplyAdds: 100 }),
    ).toBeUndefined();
  });

  it("joins the combiner once decisions can fit it, and is not trained before", () => {
    const decided = {
      ...input([0, 0, 1], undefined, 24),
      decisions: [
        { creative: 0, outcome: "confirmed" as const, label: 0 },
        { creative: 1, outcome: "corrected" as const, label: 1 },
        { creative: 2, outcome: "confirmed" as const, label: 1 },
      ],
    };
    const options = { minDecisionsPerClass: 1, neighbours: 2, topLabels: 2 };
    expect(detect(decided, options).signals.head).toBeDefined();
    expect(detect({ ...decided, decisions: [] }, options).signals.head).toBeUndefined();
  });
});
