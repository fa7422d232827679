/**
 * The product's one seeded generator, mulberry32: a few lines of 32-bit integer arithmetic, so
 * every JavaScript engine gives the same sequence for a seed. Demo data, model builds and map
 * layouts all draw from it, which is what makes them reproducible byte for byte.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
