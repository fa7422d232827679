import { describe, expect, it } from "vitest";
import { buildDetectorInput, type RunCreative } from "./runInput";

describe("buildDetectorInput", () => {
  const creative = (id: number, predictedLabelId: number | null): RunCreative => ({
    id,
    text: `creative ${id}`,
    predictedLabelId,
    predictedScore: null,
    generativeValue: null,
    decision: id === 3 ? { outcome: "corrected", labelId: 2 } : null,
  });

  it("gives the head every creative's text and each reference row's text and label", () => {
    const input = buildDetectorInput({
      dim: 1,
      creatives: [creative(1, 1), creative(2, null), creative(3, 1)],
      labels: [
        { id: 1, path: ["A"] },
        { id: 2, path: ["B"] },
      ],
      texts: Float32Array.from([1, 1, 1]),
      labelVectors: Float32Array.from([1, 1]),
    });
    expect(input.creativeTexts).toEqual(["creative 1", "creative 2", "creative 3"]);
    // Creative 2 has no label anyone knows, so it is no reference row; 3 carries its correction.
    expect(input.reference?.texts).toEqual(["creative 1", "creative 3"]);
    expect(Array.from(input.reference!.labels)).toEqual([0, 1]);
    expect(Array.from(input.reference!.rowOfCreative!)).toEqual([0, -1, 1]);
  });

  it("bounds the reference set, keeping every decision and every label", () => {
    const creatives = Array.from({ length: 30 }, (_, i) => ({
      ...creative(i + 10, i < 27 ? 1 : 2),
      decision: i % 10 === 5 ? { outcome: "confirmed" as const, labelId: 1 } : null,
    }));
    const inputs = {
      dim: 1,
      creatives,
      labels: [
        { id: 1, path: ["A"] },
        { id: 2, path: ["B"] },
      ],
      texts: new Float32Array(30).fill(1),
      labelVectors: Float32Array.from([1, 1]),
    };
    const rows = (max: number) => {
      const reference = buildDetectorInput(inputs, { maxReferenceRows: max }).reference!;
      const of = reference.rowOfCreative!;
      return Array.from(of.keys()).filter((c) => of[c]! >= 0);
    };
    expect(rows(30)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    const bounded = rows(10);
    expect(bounded.length).toBeLessThanOrEqual(10 + 2);
    for (const decided of [5, 15, 25]) expect(bounded).toContain(decided);
    expect(bounded.some((c) => c >= 27)).toBe(true);
    expect(() => buildDetectorInput(inputs, { maxReferenceRows: 0 })).toThrow(/maxReferenceRows/);
  });
});
