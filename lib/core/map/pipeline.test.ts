import { describe, expect, it } from "vitest";
import { computeMap } from "./pipeline";
import { layoutQuality } from "./quality";
import { sampleIndices, seededRandom } from "./random";
import { clusteredVectors } from "./synthetic";
import { placeNewPoints } from "./transform";

const dim = 32;
const data = clusteredVectors({ n: 700, dim, seed: 3, groups: 4, subclusters: 2 });
const options = { nEpochs: 60, components: 16 };

describe("computeMap", () => {
  it("gives the same map for the same data and seed, another for another seed", async () => {
    const a = await computeMap(data.vectors, dim, { ...options, seed: 1 });
    const b = await computeMap(data.vectors, dim, { ...options, seed: 1 });
    const c = await computeMap(data.vectors, dim, { ...options, seed: 2 });
    expect(Array.from(a.coordinates)).toEqual(Array.from(b.coordinates));
    expect(Array.from(a.coordinates)).not.toEqual(Array.from(c.coordinates));
    expect(a.coordinates.every(Number.isFinite)).toBe(true);
  });

  it("keeps neighbourhoods, via the exact and the approximate search alike", async () => {
    const sample = sampleIndices(700, 100, seededRandom(4));
    for (const exactMaxPoints of [10_000, 100]) {
      const map = await computeMap(data.vectors, dim, { ...options, exactMaxPoints });
      expect(map.knnMethod).toBe(exactMaxPoints > 700 ? "exact" : "approximate");
      const q = layoutQuality(data.vectors, dim, map.coordinates, sample, 10);
      expect(q.trustworthiness).toBeGreaterThan(0.9);
    }
  });

  it("reports phases and every epoch, and stops when a checkpoint throws", async () => {
    const phases = new Set<string>();
    let epochs = 0;
    await computeMap(data.vectors, dim, options, {
      checkpoint: (phase) => void phases.add(phase),
      onEpoch: () => void epochs++,
    });
    expect([...phases]).toEqual(["pca", "neighbours", "graph"]);
    expect(epochs).toBe(60);
    const stop = computeMap(data.vectors, dim, options, {
      checkpoint: (phase) => {
        if (phase === "neighbours") throw new Error("cancelled");
      },
    });
    await expect(stop).rejects.toThrow("cancelled");
  });

  it("refuses too few points", async () => {
    await expect(computeMap(new Float32Array(5 * dim), dim)).rejects.toThrow("more than 15");
  });
});

describe("placeNewPoints", () => {
  it("puts a new point next to the cluster it was drawn from", async () => {
    const map = await computeMap(data.vectors.subarray(0, 600 * dim), dim, options);
    const added = data.vectors.slice(600 * dim, 620 * dim);
    const placed = await placeNewPoints(map, added, dim);
    let near = 0;
    for (let i = 0; i < 20; i++) {
      const cluster = data.cluster[600 + i];
      // The nearest fitted point on the map should be from the same cluster.
      let best = -1;
      let bestD = Infinity;
      for (let j = 0; j < 600; j++) {
        const d = Math.hypot(
          placed[2 * i]! - map.coordinates[2 * j]!,
          placed[2 * i + 1]! - map.coordinates[2 * j + 1]!,
        );
        if (d < bestD) [best, bestD] = [j, d];
      }
      if (data.cluster[best] === cluster) near++;
    }
    expect(near).toBeGreaterThanOrEqual(16);
  });
});
