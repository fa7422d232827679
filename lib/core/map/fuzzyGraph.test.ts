import { describe, expect, it } from "vitest";
import { fuzzyEdges, smoothKnnDistances } from "./fuzzyGraph";
import type { KnnGraph } from "./knnGraph";
import { seededRandom } from "./random";

/** A graph with random ascending distances (the fuzzy maths only reads distances and links). */
function randomGraph(n: number, k: number, seed: number): KnnGraph {
  const random = seededRandom(seed);
  const indices = new Int32Array(n * k);
  const distances = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    let d = random() * 0.5;
    for (let p = 0; p < k; p++) {
      indices[i * k + p] = (i + 1 + Math.floor(random() * (n - 1))) % n;
      d += random() * (p === 0 ? 1 : 0.3);
      distances[i * k + p] = d;
    }
  }
  return { n, k, indices, distances };
}

describe("smoothKnnDistances", () => {
  it("chooses sigma so each point's memberships sum to log2(nNeighbors)", () => {
    const graph = randomGraph(300, 14, 1);
    const { sigmas, rhos } = smoothKnnDistances(graph);
    for (let i = 0; i < 300; i++) {
      let sum = 0;
      for (let p = i * 14; p < i * 14 + 14; p++) {
        const t = graph.distances[p]! - rhos[i]!;
        sum += t > 0 ? Math.exp(-t / sigmas[i]!) : 1;
      }
      expect(rhos[i]).toBe(graph.distances[i * 14]);
      expect(sum).toBeCloseTo(Math.log2(15), 4);
    }
  });
});

describe("fuzzyEdges", () => {
  it("lists every edge in both directions with one weight in (0, 1]", () => {
    const graph = randomGraph(200, 8, 2);
    const edges = fuzzyEdges(graph, 200);
    const weights = new Map<string, number>();
    for (let e = 0; e < edges.count; e++) {
      weights.set(`${edges.head[e]}:${edges.tail[e]}`, edges.weight[e]!);
      expect(edges.weight[e]).toBeGreaterThan(0);
      expect(edges.weight[e]).toBeLessThanOrEqual(1);
    }
    for (const [key, weight] of weights) {
      const [a, b] = key.split(":");
      expect(weights.get(`${b}:${a}`)).toBe(weight);
    }
  });
});
