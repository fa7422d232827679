import { describe, expect, it } from "vitest";
import { normalizedRows } from "@/lib/core/linalg/rows";
import { fitPca, projectRows } from "./pca";
import { gaussian, seededRandom } from "./random";

/** Points spread along known orthogonal axes with decreasing variance, plus small noise. */
function anisotropic(n: number, dim: number, sds: number[], seed: number) {
  const random = seededRandom(seed);
  const data = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dim; d++) data[i * dim + d] = 0.01 * gaussian(random) + 3;
    sds.forEach((sd, axis) => (data[i * dim + axis * 2]! += sd * gaussian(random)));
  }
  return data;
}

describe("fitPca", () => {
  it("finds the axes of largest variance, in order", () => {
    const dim = 12;
    const data = anisotropic(2000, dim, [5, 2, 1], 1);
    const model = fitPca(data, dim, { components: 3, seed: 2 });
    for (let c = 0; c < 3; c++) {
      const axis = c * 2;
      expect(Math.abs(model.basis[c * dim + axis]!)).toBeGreaterThan(0.99);
    }
    expect(model.variances[0]).toBeCloseTo(25, -0.5);
    expect(model.variances[0]!).toBeGreaterThan(model.variances[1]!);
    expect(model.variances[1]!).toBeGreaterThan(model.variances[2]!);
  });

  it("projects centred rows onto the components", () => {
    const dim = 6;
    const data = anisotropic(500, dim, [4, 1], 3);
    const model = fitPca(data, dim, { components: 2, seed: 1 });
    const projected = projectRows(model, data);
    let mean = 0;
    let variance = 0;
    for (let i = 0; i < 500; i++) mean += projected[i * 2]! / 500;
    for (let i = 0; i < 500; i++) variance += (projected[i * 2]! - mean) ** 2 / 500;
    expect(Math.abs(mean)).toBeLessThan(0.3);
    expect(variance).toBeCloseTo(model.variances[0]!, 0);
  });

  it("is deterministic for a seed", () => {
    const data = anisotropic(300, 8, [3, 2, 1], 5);
    const a = fitPca(data, 8, { components: 3, seed: 9 });
    const b = fitPca(data, 8, { components: 3, seed: 9 });
    expect(Array.from(a.basis)).toEqual(Array.from(b.basis));
  });

  it("fits and projects unit rows without a normalised copy, as on the copy", () => {
    const dim = 10;
    const data = anisotropic(400, dim, [4, 2, 1], 7);
    const unit = normalizedRows(data, dim);
    const onCopy = fitPca(unit, dim, { components: 3, seed: 4 });
    const inPlace = fitPca(data, dim, { components: 3, seed: 4, unitRows: true });
    inPlace.basis.forEach((value, i) => expect(value).toBeCloseTo(onCopy.basis[i]!, 4));
    const a = projectRows(onCopy, unit);
    const b = projectRows(onCopy, data, { unitRows: true });
    b.forEach((value, i) => expect(value).toBeCloseTo(a[i]!, 5));
  });
});
