import { describe, expect, it } from "vitest";
import { choleskyInPlace, fitGaussians, forwardSolve, mahalanobisScores } from "./mahalanobis";

describe("Cholesky and forward solve", () => {
  it("factor a 2x2 matrix and solve against it", () => {
    const l = choleskyInPlace(Float64Array.from([4, 0, 2, 5]), 2); // lower triangle of [[4,2],[2,5]]
    expect(Array.from(l)).toEqual([2, 0, 1, 2]);
    const z = forwardSolve(l, 2, [2, 5], new Float64Array(2));
    expect(Array.from(z)).toEqual([1, 2]);
  });

  it("refuses a matrix that is not positive definite", () => {
    expect(() => choleskyInPlace(Float64Array.from([1, 0, 2, 1]), 2)).toThrow(/positive definite/);
  });
});

describe("Mahalanobis baseline", () => {
  // two classes spread along x, tight along y: a step in y is far, the same step in x is not
  const reference = {
    embeddings: Float32Array.from([
      -1, 0.1, 1, -0.1, -1, 4.1, 1, 3.9, -1, -0.1, 1, 0.1, -1, 3.9, 1, 4.1,
    ]),
    labels: Int32Array.from([0, 0, 1, 1, 0, 0, 1, 1]),
  };

  it("fits the class means", () => {
    const model = fitGaussians(reference, 2, 3, 0.01);
    expect(Array.from(model.present)).toEqual([1, 1, 0]);
  });

  it("weighs directions by the pooled spread and scores wrong as the gap to the nearest class", () => {
    const items = Float32Array.from([1.5, 0, 0, 0.5, 0, 2, 0, 3.8]);
    const s = mahalanobisScores(items, 2, reference, Int32Array.from([0, 0, 0, 0]), 3);
    expect(s.name).toBe("mahalanobis");
    // 1.5 along x is closer, in Mahalanobis terms, than 0.5 along y
    expect(s.new[0]).toBeLessThan(s.new[1]!);
    // halfway between the classes is the farthest from both
    expect(s.new[2]).toBeGreaterThan(s.new[1]!);
    expect(s.wrong[0]).toBe(0);
    expect(s.wrong[3]).toBeGreaterThan(0);
    // by hand: pooled variances 8/6 and 0.08/6, shrunk 1% toward their mean
    const ridge = (0.01 * (8 / 6 + 0.08 / 6)) / 2;
    const vy = 0.99 * (0.08 / 6) + ridge;
    expect(s.new[3]).toBeCloseTo(0.2 ** 2 / vy, 3);
    expect(s.wrong[3]).toBeCloseTo((3.8 ** 2 - 0.2 ** 2) / vy, 2);
    expect(s.new[0]).toBeCloseTo(1.5 ** 2 / (0.99 * (8 / 6) + ridge), 4);
  });

  it("ranks a predicted class without reference rows above every other item", () => {
    const items = Float32Array.from([0, 0, 0, 4]);
    const s = mahalanobisScores(items, 2, reference, Int32Array.from([2, 0]), 3);
    expect(s.wrong[0]).toBeGreaterThan(s.wrong[1]!);
  });
});
