import { describe, expect, it } from "vitest";
import { approximateKnn } from "./approxKnn";
import { exactKnn } from "./exactKnn";
import { graphRecall } from "./knnGraph";
import { seededRandom } from "./random";
import { clusteredVectors } from "./synthetic";

/** Every pair, sorted: the obvious and slow reference. */
function naiveKnn(points: Float64Array, dim: number, k: number) {
  const n = points.length / dim;
  return Array.from({ length: n }, (_, i) => {
    const d: [number, number][] = [];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let s = 0;
      for (let c = 0; c < dim; c++) s += (points[i * dim + c]! - points[j * dim + c]!) ** 2;
      d.push([Math.sqrt(s), j]);
    }
    return d.sort((x, y) => x[0] - y[0]).slice(0, k);
  });
}

function cloud(n: number, dim: number, seed: number): Float64Array {
  return Float64Array.from(clusteredVectors({ n, dim, seed, groups: 4, subclusters: 3 }).vectors);
}

describe("exactKnn", () => {
  it("matches the naive search, neighbours and distances", async () => {
    const dim = 10;
    const points = cloud(400, dim, 1);
    const graph = await exactKnn(points, points, dim, 7, { sameSet: true });
    const naive = naiveKnn(points, dim, 7);
    naive.forEach((row, i) => {
      row.forEach(([d, j], p) => {
        expect(graph.distances[i * 7 + p]).toBeCloseTo(d, 4);
        // Ties may swap order; the distance at each rank must agree.
        if (graph.indices[i * 7 + p] !== j) {
          expect(graph.distances[i * 7 + p]).toBeCloseTo(d, 4);
        }
      });
      expect(graph.indices.subarray(i * 7, i * 7 + 7)).not.toContain(i);
    });
  });

  it("searches another set without excluding equal indices", async () => {
    const dim = 4;
    const refs = cloud(100, dim, 2);
    const queries = refs.slice(0, 3 * dim);
    const graph = await exactKnn(queries, refs, dim, 1, { sameSet: false });
    expect(Array.from(graph.indices)).toEqual([0, 1, 2]);
    expect(graph.distances[0]).toBeCloseTo(0, 3);
  });
});

describe("approximateKnn", () => {
  it("finds nearly all true neighbours on clustered data", async () => {
    const dim = 16;
    const points = cloud(3000, dim, 3);
    const exact = await exactKnn(points, points, dim, 14, { sameSet: true });
    const approx = await approximateKnn(points, dim, { k: 14, random: seededRandom(1) });
    expect(graphRecall(approx, exact)).toBeGreaterThan(0.95);
  });

  it("gives the same graph for the same seed and reports progress", async () => {
    const dim = 8;
    const points = cloud(800, dim, 4);
    const steps: number[] = [];
    const a = await approximateKnn(points, dim, {
      k: 10,
      random: seededRandom(5),
      checkpoint: (done) => void steps.push(done),
    });
    const b = await approximateKnn(points, dim, { k: 10, random: seededRandom(5) });
    expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
    expect(steps.length).toBeGreaterThan(2);
    expect(a.indices.every((j) => j >= 0)).toBe(true);
  });

  it("finds most true neighbours at map scale, in the caller's point order", async () => {
    const dim = 24;
    const points = cloud(20_000, dim, 6);
    const approx = await approximateKnn(points, dim, { k: 14, random: seededRandom(2) });
    // Exact neighbours of a sample only: the full exact graph is n^2.
    const sample = Array.from({ length: 60 }, (_, s) => s * 331);
    const queries = new Float64Array(sample.length * dim);
    sample.forEach((i, s) => queries.set(points.subarray(i * dim, (i + 1) * dim), s * dim));
    const exact = await exactKnn(queries, points, dim, 15, { sameSet: false });
    let hits = 0;
    sample.forEach((i, s) => {
      // The query itself is its own nearest point in the exact search; drop it.
      const truth = new Set(exact.indices.subarray(s * 15, s * 15 + 15));
      truth.delete(i);
      for (let p = 0; p < 14; p++) if (truth.has(approx.indices[i * 14 + p]!)) hits++;
    });
    // Near-uniform noise inside three big clusters is a hard case: 0.89 here, 0.98 on the
    // benchmark's 20,000 points after PCA.
    expect(hits / (sample.length * 14)).toBeGreaterThan(0.85);
  });

  it("copes with duplicate points", async () => {
    const dim = 4;
    const points = new Float64Array(500 * dim);
    for (let i = 0; i < 500; i++) points[i * dim] = i % 5; // five positions, 100 points each
    const graph = await approximateKnn(points, dim, { k: 6, random: seededRandom(3) });
    expect(graph.indices.every((j) => j >= 0 && j < 500)).toBe(true);
    for (let i = 0; i < 500; i++) {
      expect(graph.distances[i * 6 + 5]).toBe(0);
      expect(graph.indices.subarray(i * 6, i * 6 + 6)).not.toContain(i);
    }
  });
});
