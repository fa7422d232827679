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
});
