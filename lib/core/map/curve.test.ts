import { describe, expect, it } from "vitest";
import { attractionAt, CurveTable, defaultCurve, repulsionAt } from "./curve";

const { a, b } = defaultCurve;

describe("CurveTable", () => {
  const table = new CurveTable(a, b, 1);

  it("stays within 2% of the exact coefficients from distance 0.1 up", () => {
    for (let d = 0.1; d < 80; d *= 1.013) {
      const d2 = d * d;
      const attract = attractionAt(d2, a, b);
      const repel = repulsionAt(d2, a, b, 1);
      expect(Math.abs(table.attract(d2) / attract - 1)).toBeLessThan(0.02);
      expect(Math.abs(table.repel(d2) / repel - 1)).toBeLessThan(0.02);
    }
  });

  it("is exact below one step and past the end of the table", () => {
    for (const d of [1e-3, 0.01, 100, 1000]) {
      expect(table.attract(d * d)).toBe(attractionAt(d * d, a, b));
      expect(table.repel(d * d)).toBe(repulsionAt(d * d, a, b, 1));
    }
  });

  it("attracts with a negative and repels with a positive coefficient", () => {
    expect(table.attract(2)).toBeLessThan(0);
    expect(table.repel(2)).toBeGreaterThan(0);
  });
});
