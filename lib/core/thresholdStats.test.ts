import { describe, expect, it } from "vitest";
import { histogram, similarityThresholdStats, type SimilarityPoint } from "./thresholdStats";

const points: SimilarityPoint[] = [
  { similarity: 0.1, outcome: "corrected" },
  { similarity: 0.2, outcome: "corrected" },
  { similarity: 0.3, outcome: "confirmed" },
  { similarity: 0.6, outcome: "corrected" },
  { similarity: 0.8, outcome: "confirmed" },
  { similarity: 0.25, outcome: "undecided" },
];

describe("similarity thresholds", () => {
  it("counts flagged creatives and scores the threshold against decisions", () => {
    expect(similarityThresholdStats(points, 0.35)).toEqual({
      flagged: 4,
      precision: 2 / 3,
      recall: 2 / 3,
      decided: 5,
    });
    expect(similarityThresholdStats(points, 0)).toMatchObject({ flagged: 0, recall: 0 });
    expect(similarityThresholdStats(points, 0).precision).toBeNaN();
    expect(similarityThresholdStats(points, 1)).toMatchObject({
      flagged: 6,
      precision: 3 / 5,
      recall: 1,
    });
  });

  it("bins each outcome, clamping the ends", () => {
    const h = histogram(
      [
        ...points,
        { similarity: -0.5, outcome: "confirmed" },
        { similarity: 1, outcome: "confirmed" },
      ],
      4,
      0,
      1,
    );
    expect(h.corrected).toEqual([2, 0, 1, 0]);
    expect(h.confirmed).toEqual([1, 1, 0, 2]);
    expect(h.undecided).toEqual([0, 1, 0, 0]);
  });
});
