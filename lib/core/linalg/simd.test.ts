import { describe, expect, it } from "vitest";
import { forEachSimilarityBlock, similarityMatrix } from "./gemm";
import { randomUnitRows, rowDot } from "./rows";
import { prepareSimdSimilarity, simdAvailable } from "./simd";
import { topKSimilar, type TopK } from "./topk";

function naiveTopK(a: Float32Array, b: Float32Array, dim: number, k: number, excludeSelf = false) {
  const n = a.length / dim;
  const m = b.length / dim;
  return Array.from({ length: n }, (_, i) => {
    const ranked = Array.from({ length: m }, (_, j) => ({ j, s: rowDot(a, i, b, j, dim) }))
      .filter(({ j }) => !excludeSelf || j !== i)
      .sort((x, y) => y.s - x.s || x.j - y.j)
      .slice(0, k);
    return ranked;
  });
}

/** Top-k equal to the naive one: same columns, scores within float32 rounding, padding after. */
function expectNaiveTopK(got: TopK, want: ReturnType<typeof naiveTopK>) {
  want.forEach((row, i) => {
    const indices = Array.from(got.indices.subarray(i * got.k, (i + 1) * got.k));
    const scores = Array.from(got.scores.subarray(i * got.k, (i + 1) * got.k));
    expect(indices.slice(0, row.length)).toEqual(row.map((r) => r.j));
    row.forEach((r, t) => expect(scores[t]).toBeCloseTo(r.s, 5));
    expect(indices.slice(row.length)).toEqual(new Array(got.k - row.length).fill(-1));
    expect(scores.slice(row.length)).toEqual(new Array(got.k - row.length).fill(-Infinity));
  });
}

describe("WebAssembly SIMD similarity kernel", () => {
  it("is available in this engine (Node, as in every current browser)", () => {
    expect(simdAvailable()).toBe(true);
  });

  // sizes off the 2-row tile, the 4-column groups, the 64-column cache tiles and the 4-wide
  // dimension steps, so every padding path runs
  it.each([
    [1, 1, 1],
    [3, 5, 3],
    [7, 5, 16],
    [13, 70, 33],
    [66, 131, 8],
    [129, 67, 257],
  ])("matches the naive product for %i x %i x %i", (n, m, dim) => {
    const a = randomUnitRows(n, dim, 11);
    const b = randomUnitRows(m, dim, 12);
    const got = similarityMatrix(a, b, dim);
    const scalar = similarityMatrix(a, b, dim, { kernel: "typescript" });
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        expect(got[i * m + j]).toBeCloseTo(rowDot(a, i, b, j, dim), 5);
        expect(got[i * m + j]).toBeCloseTo(scalar[i * m + j]!, 5);
      }
    }
  });

  it("gives each block only its own rows when blocks are smaller than the input", () => {
    const a = randomUnitRows(23, 10, 13);
    const b = randomUnitRows(9, 10, 14);
    const seen: number[] = [];
    forEachSimilarityBlock(
      a,
      b,
      10,
      (start, rows, block) => {
        expect(block.length).toBe(rows * 9);
        for (let i = 0; i < rows; i++) {
          seen.push(start + i);
          for (let j = 0; j < 9; j++) {
            expect(block[i * 9 + j]).toBeCloseTo(rowDot(a, start + i, b, j, 10), 5);
          }
        }
      },
      { blockRows: 5 },
    );
    expect(seen).toEqual(Array.from({ length: 23 }, (_, i) => i));
  });
});

describe("fused SIMD top-k", () => {
  it.each([
    [37, 90, 12, 10],
    [50, 600, 64, 10],
    [9, 7, 5, 3],
    [5, 3, 17, 8], // k larger than the number of columns: the rest is padding
    [4, 130, 9, 1],
    [31, 257, 31, 40],
  ])("equals the naive top-k for %i queries x %i references x %i-d, k=%i", (n, m, dim, k) => {
    const a = randomUnitRows(n, dim, 21);
    const b = randomUnitRows(m, dim, 22);
    expectNaiveTopK(topKSimilar(a, b, dim, k, { blockRows: 8 }), naiveTopK(a, b, dim, k));
  });

  it("returns exactly what the TypeScript kernel returns", () => {
    const a = randomUnitRows(300, 48, 23);
    const b = randomUnitRows(211, 48, 24);
    for (const k of [1, 5, 20, 211, 250]) {
      const simd = topKSimilar(a, b, 48, k);
      const scalar = topKSimilar(a, b, 48, k, { kernel: "typescript" });
      let mismatches = 0;
      for (let i = 0; i < simd.indices.length; i++) {
        if (simd.indices[i] !== scalar.indices[i]) mismatches++;
        expect(simd.scores[i]).toBeCloseTo(scalar.scores[i]!, 5);
      }
      // float32 sums may order two scores within 1e-7 differently; random unit rows have none
      expect(mismatches).toBe(0);
    }
  });

  it("skips each creative's own row, including among duplicates", () => {
    const base = randomUnitRows(20, 6, 25);
    const x = new Float32Array(40 * 6);
    x.set(base, 0);
    x.set(base, 20 * 6); // every row twice: the copy, not the row itself, is the best neighbour
    const got = topKSimilar(x, x, 6, 4, { excludeSelf: true, blockRows: 7 });
    expectNaiveTopK(got, naiveTopK(x, x, 6, 4, true));
    for (let i = 0; i < 40; i++) expect(got.indices[i * 4]).toBe((i + 20) % 40);
  });

  it("keeps the earlier column first among equal scores, as the TypeScript scan does", () => {
    const dim = 8;
    const b = new Float32Array(12 * dim);
    for (let j = 0; j < 12; j++) b[j * dim + (j % 3)] = 1; // columns 0, 3, 6, 9 equal, ...
    const a = Float32Array.from([1, 0, 0, 0, 0, 0, 0, 0]);
    // k = 2 starts from the segment lower bound (three segments of four), k = 6 does not
    expect(Array.from(topKSimilar(a, b, dim, 2).indices)).toEqual([0, 3]);
    const got = topKSimilar(a, b, dim, 6);
    expect(Array.from(got.indices)).toEqual([0, 3, 6, 9, 1, 2]);
    expect(Array.from(got.indices)).toEqual(
      Array.from(topKSimilar(a, b, dim, 6, { kernel: "typescript" }).indices),
    );
  });

  it("reuses one prepared product across blocks without leaking rows between them", () => {
    const a = randomUnitRows(11, 5, 26);
    const b = randomUnitRows(6, 5, 27);
    const simd = prepareSimdSimilarity(b, 5, 4, 2)!;
    const scores = new Float32Array(11 * 2);
    const indices = new Int32Array(11 * 2);
    for (let start = 0; start < 11; start += 4) {
      simd.topK(a, start, Math.min(4, 11 - start), scores, indices, false);
    }
    expectNaiveTopK({ k: 2, scores, indices }, naiveTopK(a, b, 5, 2));
  });
});
