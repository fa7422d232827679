import { describe, expect, it } from "vitest";
import { layoutQuality } from "./quality";
import { sampleIndices, seededRandom } from "./random";

/** Points on a 2-D grid embedded as unit 3-D vectors on a small cap of the sphere. */
function capGrid(side: number) {
  const vectors = new Float32Array(side * side * 3);
  const layout = new Float32Array(side * side * 2);
  for (let r = 0; r < side; r++)
    for (let c = 0; c < side; c++) {
      const i = r * side + c;
      const x = (r - side / 2) * 0.01;
      const y = (c - side / 2) * 0.01;
      const norm = Math.hypot(x, y, 1);
      vectors.set([x / norm, y / norm, 1 / norm], i * 3);
      layout.set([r, c], i * 2);
    }
  return { vectors, layout };
}

describe("layoutQuality", () => {
  it("scores a faithful layout near 1 and a shuffled one near 0.5", () => {
    const side = 20;
    const { vectors, layout } = capGrid(side);
    const sample = sampleIndices(side * side, 100, seededRandom(1));
    const good = layoutQuality(vectors, 3, layout, sample, 8);
    expect(good.trustworthiness).toBeGreaterThan(0.98);
    expect(good.knnRecall).toBeGreaterThan(0.6);

    const random = seededRandom(2);
    const shuffled = layout.map(() => random() * side);
    const bad = layoutQuality(vectors, 3, shuffled, sample, 8);
    expect(bad.trustworthiness).toBeLessThan(0.7);
    expect(bad.knnRecall).toBeLessThan(0.1);
  });
});
