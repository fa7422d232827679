import { describe, expect, it } from "vitest";
import type { FuzzyEdges } from "./fuzzyGraph";
import { defaultEpochs, LayoutOptimizer } from "./layout";
import { seededRandom } from "./random";

/** Two groups of 50 points, each a ring of strong edges, no edge between the groups. */
function twoRings(): FuzzyEdges {
  const head: number[] = [];
  const tail: number[] = [];
  for (const offset of [0, 50]) {
    for (let i = 0; i < 50; i++) {
      for (const step of [1, 2]) {
        const j = offset + ((i + step) % 50);
        head.push(offset + i, j);
        tail.push(j, offset + i);
      }
    }
  }
  return {
    n: 100,
    count: head.length,
    head: Int32Array.from(head),
    tail: Int32Array.from(tail),
    weight: new Float32Array(head.length).fill(1),
  };
}

/** Interleaved start: both groups spread over the same square. */
function start(seed: number): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: 200 }, () => random() * 10 - 5);
}

function run(seed: number, poolAbove?: number): Float32Array {
  const coordinates = start(seed);
  const optimizer = new LayoutOptimizer(twoRings(), coordinates, {
    nEpochs: 100,
    random: seededRandom(seed),
    poolAbove,
  });
  while (!optimizer.done) optimizer.step();
  return coordinates;
}

/** Share of points nearer their own group's centre than the other group's. */
function separated(y: Float32Array): number {
  const centres = [0, 50].map((from) => {
    let x = 0;
    let z = 0;
    for (let i = from; i < from + 50; i++) [x, z] = [x + y[2 * i]! / 50, z + y[2 * i + 1]! / 50];
    return [x, z] as const;
  });
  let good = 0;
  for (let i = 0; i < 100; i++) {
    const own = i < 50 ? 0 : 1;
    const to = (g: number) =>
      Math.hypot(y[2 * i]! - centres[g]![0], y[2 * i + 1]! - centres[g]![1]);
    if (to(own) < to(1 - own)) good++;
  }
  return good / 100;
}

/** Mean separation over a few seeds: one random start may tangle the rings. */
function meanSeparation(poolAbove?: number): number {
  const seeds = [1, 2, 3, 4, 5];
  return seeds.reduce((sum, seed) => sum + separated(run(seed, poolAbove)), 0) / seeds.length;
}

describe("LayoutOptimizer", () => {
  it("pulls connected points together and pushes the groups apart", () => {
    expect(run(3).every(Number.isFinite)).toBe(true);
    expect(meanSeparation()).toBeGreaterThan(0.9);
  });

  it("separates the groups as well with negatives drawn from the pool", () => {
    expect(meanSeparation(0)).toBeGreaterThan(0.9);
    expect(Array.from(run(3, 0))).toEqual(Array.from(run(3, 0)));
  });

  it("is deterministic for a seed and moves the caller's coordinates each epoch", () => {
    expect(Array.from(run(3))).toEqual(Array.from(run(3)));
    expect(Array.from(run(3))).not.toEqual(Array.from(run(4)));
    const coordinates = start(1);
    const optimizer = new LayoutOptimizer(twoRings(), coordinates, {
      nEpochs: 2,
      random: seededRandom(1),
    });
    // As in umap-js, an edge of the largest weight is first sampled in epoch 1, not 0.
    optimizer.step();
    optimizer.step();
    expect(optimizer.done).toBe(true);
    expect(Array.from(coordinates)).not.toEqual(Array.from(start(1)));
  });

  it("gives large maps fewer epochs", () => {
    expect(defaultEpochs(1_000)).toBeGreaterThan(defaultEpochs(20_000));
    expect(defaultEpochs(20_000)).toBeGreaterThanOrEqual(defaultEpochs(100_000));
  });
});
