import { describe, expect, it } from "vitest";
import { normalizeRowsInPlace, randomUnitRows } from "@/lib/core/linalg/rows";
import { groupNewLabelCandidates, suggestGroupName } from "./groups";
import { diversifyOrder, orderByScore, orderByUncertainty, orderRandom } from "./queue";
import { computeSignals } from "./signals";

describe("queue orders", () => {
  it("orders by score, by uncertainty and at random (seeded)", () => {
    expect(Array.from(orderByScore([0.2, 0.9, NaN, 0.9, 0.5]))).toEqual([1, 3, 4, 0, 2]);
    expect(Array.from(orderByUncertainty([0.3, 0.01, 0.2]))).toEqual([1, 2, 0]);
    const a = orderRandom(50, 7);
    expect(Array.from(a)).toEqual(Array.from(orderRandom(50, 7)));
    expect(Array.from(a)).not.toEqual(Array.from(orderRandom(50, 8)));
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it("keeps near-duplicates apart and the order otherwise", () => {
    const dim = 16;
    const base = randomUnitRows(10, dim, 1);
    // items 0-4 are copies of one creative, 5-9 are all different
    const emb = new Float32Array(10 * dim);
    for (let i = 0; i < 10; i++)
      emb.set(base.subarray((i < 5 ? 0 : i) * dim, ((i < 5 ? 0 : i) + 1) * dim), i * dim);
    const order = Int32Array.from({ length: 10 }, (_, i) => i);
    const out = Array.from(diversifyOrder(order, emb, dim, { lookahead: 10, window: 3 }));
    expect([...out].sort((x, y) => x - y)).toEqual(Array.from(order));
    expect(out[0]).toBe(0);
    for (let s = 1; s < 6; s++) {
      expect(out[s]! < 5 && out[s - 1]! < 5).toBe(false); // never two duplicates in a row early on
    }
    const different = randomUnitRows(10, dim, 2);
    expect(Array.from(diversifyOrder(order, different, dim, { lambda: 0.9 }))).toEqual(
      Array.from(order),
    );
  });
});

describe("new-label groups", () => {
  it("groups close candidates and names them from generative labels", () => {
    const dim = 8;
    const a = normalizeRowsInPlace(Float32Array.from([1, 0, 0, 0, 0, 0, 0, 0]), dim);
    const b = normalizeRowsInPlace(Float32Array.from([0, 0, 0, 0, 1, 0, 0, 0]), dim);
    const texts = new Float32Array(6 * dim);
    [a, a, a, b, b, a].forEach((v, i) => {
      const row = Float32Array.from(v, (x, k) => x + 0.05 * Math.sin(i + k));
      texts.set(normalizeRowsInPlace(row, dim), i * dim);
    });
    const labels = normalizeRowsInPlace(
      Float32Array.from([1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0]),
      dim,
    );
    const labelPaths = [
      ["Food", "Bakeries"],
      ["Vehicles", "Repair"],
    ];
    const signals = computeSignals(
      { dim, texts, labels, labelPaths, predicted: new Int32Array(6) },
      { topLabels: 2, neighbours: 2, minDecisionsPerClass: 8 },
      0.05,
    );
    const groups = groupNewLabelCandidates([0, 1, 2, 3, 4], texts, dim, {
      signals,
      labelPaths,
      generativeLabels: ["food/coffee shops", "Coffee Shops", "coffee shop", "tires", undefined],
    });
    expect(groups.map((g) => [...g.members].sort())).toEqual([
      [0, 1, 2],
      [3, 4],
    ]);
    expect(groups[0]!.suggestedName).toBe("Coffee Shops");
    expect(groups[0]!.suggestedParent).toEqual(["Food"]);
    expect(groups[0]!.cohesion).toBeGreaterThan(0.9);
  });

  it("falls back to common terms", () => {
    expect(
      suggestGroupName([
        "espresso bar",
        "bar espresso drinks",
        "Drinks > Espresso Bar Cafe",
        "bar for espresso",
      ]),
    ).toBe("Bar Espresso Drinks");
    expect(suggestGroupName([], ["Drone racing kits", "racing drones", "FPV racing"])).toBe(
      "Racing",
    );
  });
});
