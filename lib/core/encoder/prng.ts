/**
 * A tiny seeded pseudo-random number generator (mulberry32), so that initialisation, shuffling
 * and negative sampling are reproducible: the same seed and data give a byte-identical model.
 * `Math.random` cannot be seeded, and model builds must be deterministic.
 */
import { mulberry32 } from "../random";

export interface Prng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  nextInt(n: number): number;
  /** A standard normal sample (Box-Muller). */
  nextGaussian(): number;
}

/** Creates a mulberry32 generator from a 32-bit seed. */
export function createPrng(seed: number): Prng {
  const next = mulberry32(seed);
  return {
    next,
    nextInt: (n) => Math.floor(next() * n),
    nextGaussian: () => {
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
  };
}

/** Shuffles `values` in place (Fisher-Yates) with the given generator; returns it for chaining. */
export function shuffleInPlace<T extends { length: number; [index: number]: unknown }>(
  values: T,
  prng: Prng,
): T {
  for (let i = values.length - 1; i > 0; i--) {
    const j = prng.nextInt(i + 1);
    const tmp = values[i];
    values[i] = values[j];
    values[j] = tmp;
  }
  return values;
}
