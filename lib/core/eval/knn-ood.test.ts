import { describe, expect, it } from "vitest";
import { knnOodScores } from "./knn-ood";

describe("kNN OOD baseline", () => {
  const signals = {
    n: 3,
    neighbours: 3,
    neighbourRows: Int32Array.from([0, 1, 2, 2, 1, 0, 1, -1, -1]),
    neighbourSims: Float32Array.from([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, -Infinity, -Infinity]),
  };
  const reference = { labels: Int32Array.from([0, 0, 1]) };

  it("uses the k-th neighbour's cosine distance and the plain label vote", () => {
    const s = knnOodScores(signals, reference, Int32Array.from([0, 0, 1]), 2);
    expect(s.name).toBe("knn_ood");
    expect(Array.from(s.new)).toEqual([expect.closeTo(0.2, 6), 0.5, expect.closeTo(0.7, 6)]);
    expect(Array.from(s.wrong)).toEqual([0, 0.5, 1]);
  });

  it("caps k at the neighbours the signals hold", () => {
    const s = knnOodScores(signals, reference, Int32Array.from([1, 1, 1]), 10);
    expect(s.new[0]).toBeCloseTo(0.3, 6);
    expect(s.wrong[0]).toBeCloseTo(2 / 3, 6);
  });

  it("scores an item without neighbours as the farthest", () => {
    const none = { ...signals, n: 1, neighbourRows: Int32Array.from([-1, -1, -1]) };
    const s = knnOodScores(none, reference, Int32Array.from([0]));
    expect(s.new[0]).toBe(2);
    expect(s.wrong[0]).toBe(1);
  });
});
