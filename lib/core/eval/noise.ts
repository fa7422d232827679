import { createPrng, type Prng } from "@/lib/core/encoder/prng";
import type { EvalItem } from "./protocol";

/** How predictions are simulated: seeded random noise, or noise a classifier would really make. */
export type NoiseMode = "random" | "hard";

export interface NoisyPredictions {
  predicted: Int32Array;
  /** The predicted label is an existing label but not the true one. */
  wrong: boolean[];
  /** The item needs a label the taxonomy lacks. */
  isNew: boolean[];
}

const parentKey = (path: readonly string[]) => path.slice(0, -1).join(" > ");

function pick(candidates: readonly number[], prng: Prng): number {
  return candidates[prng.nextInt(candidates.length)]!;
}

/**
 * Simulated classifier output for the scored items. A seeded `noiseRate` share of the items with
 * an existing label get a wrong one: in `random` mode half a sibling (same parent) and half a
 * distant label (another top-level branch); in `hard` mode the label an independent model finds
 * most confusable with the item (`confusable[i]`). Clean items keep their true label. New-label
 * items get a label from the same branch as their missing label (random) or the closest existing
 * label (hard, `closest[i]`).
 */
export function simulatePredictions(
  items: readonly EvalItem[],
  taxonomy: readonly string[][],
  mode: NoiseMode,
  options: { seed: number; noiseRate: number; confusable: Int32Array; closest: Int32Array },
): NoisyPredictions {
  const noisePrng = createPrng(options.seed); // the same items are noisy in both modes
  const prng = createPrng(options.seed + 1);
  const m = taxonomy.length;
  const byParent = new Map<string, number[]>();
  const byRoot = new Map<string, number[]>();
  taxonomy.forEach((path, j) => {
    byParent.set(parentKey(path), [...(byParent.get(parentKey(path)) ?? []), j]);
    byRoot.set(path[0] ?? "", [...(byRoot.get(path[0] ?? "") ?? []), j]);
  });
  const all = taxonomy.map((_, j) => j);
  const predicted = new Int32Array(items.length);
  const wrong: boolean[] = [];
  const isNew: boolean[] = [];
  items.forEach((item, i) => {
    const noisy = noisePrng.next() < options.noiseRate;
    const sameParent = (byParent.get(parentKey(item.truePath)) ?? []).filter(
      (j) => j !== item.truth,
    );
    const sameRoot = (byRoot.get(item.truePath[0] ?? "") ?? []).filter((j) => j !== item.truth);
    const distant = all.filter((j) => taxonomy[j]![0] !== item.truePath[0]);
    if (item.truth < 0) {
      predicted[i] =
        mode === "hard"
          ? options.closest[i]!
          : pick(sameParent.length ? sameParent : sameRoot.length ? sameRoot : all, prng);
      wrong.push(false);
      isNew.push(true);
      return;
    }
    isNew.push(false);
    if (!noisy || m < 2) {
      predicted[i] = item.truth;
      wrong.push(false);
      return;
    }
    let label: number;
    if (mode === "hard") label = options.confusable[i]!;
    else if (prng.next() < 0.5 && sameParent.length > 0) label = pick(sameParent, prng);
    else label = pick(distant.length ? distant : all.filter((j) => j !== item.truth), prng);
    predicted[i] = label;
    wrong.push(label !== item.truth);
  });
  return { predicted, wrong, isNew };
}
