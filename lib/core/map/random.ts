/**
 * Seeded randomness for the map: the same data and seed give the same map, so two analysts (or a
 * test) see the same picture. mulberry32 is small, fast and good enough for sampling and SGD.
 */

import { mulberry32 } from "../random";

/** A function returning uniform floats in [0, 1), like `Math.random`. */
export type Random = () => number;

/** A seeded uniform generator (mulberry32). */
export function seededRandom(seed: number): Random {
  return mulberry32(seed);
}

/** A standard normal draw (Box-Muller; one of the pair is dropped for simplicity). */
export function gaussian(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** An integer in [0, n). */
export function randomInt(random: Random, n: number): number {
  return Math.floor(random() * n);
}

/** `m` distinct indices from [0, n), in increasing order (all of them when `m >= n`). */
export function sampleIndices(n: number, m: number, random: Random): Int32Array {
  if (m >= n) return Int32Array.from({ length: n }, (_, i) => i);
  const pool = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < m; i++) {
    const j = i + randomInt(random, n - i);
    const t = pool[i]!;
    pool[i] = pool[j]!;
    pool[j] = t;
  }
  return pool.subarray(0, m).sort();
}
