import { describe, expect, it } from "vitest";
import { forEachSimilarityBlock, similarityMatrix } from "./gemm";
import { meanDirection, normalizedRows, randomUnitRows, rowDot } from "./rows";
import { topKSimilar } from "./topk";

function naiveSimilarities(a: Float32Array, b: Float32Array, dim: number): Float64Array {
  const n = a.length / dim;
  const m = b.length / dim;
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out[i * m + j] = rowDot(a, i, b, j, dim);
  return out;
}

function naiveTopK(sims: Float64Array, n: number, m: number, k: number, excludeSelf: boolean) {
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: m }, (_, j) => j)
      .filter((j) => !excludeSelf || j !== i)
      .sort((x, y) => sims[i * m + y]! - sims[i * m + x]!)
      .slice(0, k),
  );
}

describe("similarity kernel", () => {
  // odd sizes exercise every remainder path of the 4x4 micro-kernel and the 64-row tiles
  it.each([
    [1, 1, 3],
    [7, 5, 16],
    [13, 70, 33],
    [66, 131, 8],
  ])("matches the naive product for %i x %i x %i", (n, m, dim) => {
    const a = randomUnitRows(n, dim, 1);
    const b = randomUnitRows(m, dim, 2);
    const want = naiveSimilarities(a, b, dim);
    const got = similarityMatrix(a, b, dim);
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 5));
  });

  it("visits every row once in blocks, with offsets into the first matrix", () => {
    const a = randomUnitRows(23, 9, 3);
    const b = randomUnitRows(6, 9, 4);
    const want = naiveSimilarities(a, b, 9);
    const seen: number[] = [];
    forEachSimilarityBlock(
      a,
      b,
      9,
      (start, rows, block) => {
        for (let i = 0; i < rows; i++) {
          seen.push(start + i);
          for (let j = 0; j < 6; j++) {
            expect(block[i * 6 + j]).toBeCloseTo(want[(start + i) * 6 + j]!, 5);
          }
        }
      },
      5,
    );
    expect(seen).toEqual(Array.from({ length: 23 }, (_, i) => i));
  });
});

describe("topKSimilar", () => {
  it("returns the naive top-k, best first", () => {
    const q = randomUnitRows(37, 12, 5);
    const r = randomUnitRows(90, 12, 6);
    const sims = naiveSimilarities(q, r, 12);
    const want = naiveTopK(sims, 37, 90, 10, false);
    const got = topKSimilar(q, r, 12, 10, { blockRows: 8 });
    for (let i = 0; i < 37; i++) {
      expect(Array.from(got.indices.subarray(i * 10, i * 10 + 10))).toEqual(want[i]);
      const s = got.scores.subarray(i * 10, i * 10 + 10);
      for (let t = 1; t < 10; t++) expect(s[t - 1]!).toBeGreaterThanOrEqual(s[t]!);
    }
  });

  it("excludes self among the same matrix and pads short results", () => {
    const x = randomUnitRows(4, 5, 7);
    const got = topKSimilar(x, x, 5, 5, { excludeSelf: true });
    for (let i = 0; i < 4; i++) {
      const idx = Array.from(got.indices.subarray(i * 5, i * 5 + 5));
      expect(idx).not.toContain(i);
      expect(idx.slice(3)).toEqual([-1, -1]);
      expect(got.scores[i * 5 + 4]).toBe(-Infinity);
    }
  });
});

describe("rows", () => {
  it("normalises rows and keeps zero rows at zero", () => {
    const m = normalizedRows(Float32Array.from([3, 4, 0, 0]), 2);
    expect(Array.from(m)).toEqual([0.6000000238418579, 0.800000011920929, 0, 0]);
  });

  it("gives a unit centroid direction", () => {
    const m = Float32Array.from([1, 0, 0, 1]);
    const c = meanDirection(m, 2, [0, 1]);
    expect(c[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(c[1]).toBeCloseTo(Math.SQRT1_2, 6);
  });
});
