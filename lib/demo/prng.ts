/**
 * A small seeded pseudo-random number generator for the demo data.
 *
 * The demo dataset is committed output that anyone must be able to regenerate byte for byte, so
 * nothing in `lib/demo` may call `Math.random`. mulberry32 is a few lines, fast, has a 2^32 period
 * (far more than the few hundred thousand draws the generator makes) and gives the same sequence in
 * every JavaScript engine because it only uses 32-bit integer arithmetic.
 */

import { mulberry32 } from "@/lib/core/random";

export { mulberry32 };

/** A source of uniform numbers in [0, 1) plus the helpers the generator needs on top of it. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T;
  /** A new array with the elements in a uniformly random order (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** Approximately normal with the given mean and standard deviation (Box-Muller). */
  normal(mean: number, sd: number): number;
  /** A new generator whose sequence depends on this one's seed and `label` only. */
  fork(label: string): Rng;
}

/** FNV-1a of a string, so that forks are keyed by readable names rather than magic numbers. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Creates an {@link Rng} for a seed. */
export function createRng(seed: number): Rng {
  const next = mulberry32(seed);
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error("pick() needs a non-empty array");
      return items[Math.floor(next() * items.length)] as T;
    },
    shuffle: <T>(items: readonly T[]): T[] => {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const tmp = out[i] as T;
        out[i] = out[j] as T;
        out[j] = tmp;
      }
      return out;
    },
    normal: (mean, sd) => {
      // 1 - next() is in (0, 1], so the logarithm is finite.
      const u = 1 - next();
      const v = next();
      return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    // Forks keep independent parts of the generator (texts, noise, splits) from shifting each
    // other's sequences when one of them changes how many numbers it draws.
    fork: (label) => createRng((seed ^ hashString(label)) >>> 0),
  };
  return rng;
}
