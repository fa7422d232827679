/**
 * OCR-like noise for a share of the creatives.
 *
 * Creative text usually comes from OCR of the ad image, and OCR makes characteristic mistakes:
 * look-alike characters swapped (0/O, 1/l, rn/m, 5/S), characters dropped or doubled, words run
 * together or split, stray marks from graphics read as `|` or `~`, and separate text blocks merged
 * with no space between them. The detector and the bundled model have to cope with this, so the demo
 * shows it.
 */
import type { Rng } from "./prng";

/** Look-alike substitutions an OCR engine makes, in both directions where both occur. */
const lookAlikes: ReadonlyArray<readonly [string, string]> = [
  ["O", "0"],
  ["0", "O"],
  ["o", "0"],
  ["l", "1"],
  ["1", "l"],
  ["I", "l"],
  ["i", "1"],
  ["S", "5"],
  ["5", "S"],
  ["B", "8"],
  ["e", "c"],
  ["a", "o"],
  ["rn", "m"],
  ["m", "rn"],
  ["cl", "d"],
  ["E", "F"],
  ["g", "q"],
];

const strayMarks: readonly string[] = ["|", "~", "'", ".", ",", "*", "_", "»", "¦", ":", "`"];

/** How strongly a text is degraded. */
export interface NoiseLevel {
  /** Per character: probability of a look-alike substitution. */
  substitute: number;
  /** Per character: probability of dropping it. */
  drop: number;
  /** Per character: probability of doubling it. */
  duplicate: number;
  /** Per space: probability of running the two words together. */
  merge: number;
  /** Per character: probability of inserting a stray mark after it. */
  stray: number;
  /** Per line break: probability of joining the lines with no space at all. */
  mergeLines: number;
}

/** A light and a heavy level; most noisy creatives get the light one. */
export const noiseLevels: { light: NoiseLevel; heavy: NoiseLevel } = {
  light: {
    substitute: 0.02,
    drop: 0.008,
    duplicate: 0.004,
    merge: 0.05,
    stray: 0.006,
    mergeLines: 0.5,
  },
  heavy: {
    substitute: 0.06,
    drop: 0.025,
    duplicate: 0.01,
    merge: 0.15,
    stray: 0.02,
    mergeLines: 0.9,
  },
};

/**
 * Degrades a text like OCR would. Line breaks are merged (with a space or, per `mergeLines`, with
 * none), so noisy texts come out as one line. Never returns an empty string.
 */
export function addOcrNoise(rng: Rng, text: string, level: NoiseLevel): string {
  const joined = text
    .split("\n")
    .reduce((acc, part, index) =>
      index === 0 ? part : `${acc}${rng.chance(level.mergeLines) ? "" : " "}${part}`,
    );
  let out = "";
  let i = 0;
  while (i < joined.length) {
    const rest = joined.slice(i);
    const ch = joined.charAt(i);
    if (ch === " ") {
      if (!rng.chance(level.merge)) out += " ";
      i++;
      continue;
    }
    if (rng.chance(level.substitute)) {
      const options = lookAlikes.filter(([from]) => rest.startsWith(from));
      if (options.length > 0) {
        const [from, to] = rng.pick(options);
        out += to;
        i += from.length;
        continue;
      }
    }
    if (rng.chance(level.drop)) {
      i++;
      continue;
    }
    out += ch;
    if (rng.chance(level.duplicate)) out += ch;
    if (rng.chance(level.stray)) out += rng.pick(strayMarks);
    i++;
  }
  const trimmed = out.trim();
  return trimmed === "" ? text : trimmed;
}
