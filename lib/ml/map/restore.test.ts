import { describe, expect, it } from "vitest";
import { computeMap } from "@/lib/core/map/pipeline";
import { clusteredVectors } from "@/lib/core/map/synthetic";
import { placeNewPoints } from "@/lib/core/map/transform";
import { restoreFittedMap } from "./restore";

describe("restoreFittedMap", () => {
  it("places points added after a stored map next to their own group", async () => {
    const dim = 64;
    const fittedCount = 900;
    const { vectors, group } = clusteredVectors({ n: 1100, dim, seed: 7, groups: 6 });
    const fitted = await computeMap(vectors.slice(0, fittedCount * dim), dim, { seed: 42 });
    // What the page has after loading a stored map: the vectors and the stored coordinates.
    const restored = restoreFittedMap(
      vectors.slice(0, fittedCount * dim),
      dim,
      fitted.coordinates.slice(),
      { seed: 42, nNeighbors: 15 },
    );
    const placed = await placeNewPoints(restored, vectors.slice(fittedCount * dim), dim);
    let sameGroup = 0;
    for (let i = 0; i < placed.length / 2; i++) {
      let best = -1;
      let bestDistance = Infinity;
      for (let j = 0; j < fittedCount; j++) {
        const dx = placed[2 * i]! - fitted.coordinates[2 * j]!;
        const dy = placed[2 * i + 1]! - fitted.coordinates[2 * j + 1]!;
        if (dx * dx + dy * dy < bestDistance) [best, bestDistance] = [j, dx * dx + dy * dy];
      }
      if (group[best] === group[fittedCount + i]) sameGroup++;
    }
    expect(sameGroup / (placed.length / 2)).toBeGreaterThan(0.9);
    expect(restored.pca.basis).toEqual(fitted.pca.basis);
  });
});
