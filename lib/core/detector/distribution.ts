import { decisionTarget } from "./combine";
import type { Decision, FlagName } from "./types";

/** Counts per bin of a signal, for creatives annotators confirmed and for those they corrected. */
export interface SignalHistogram {
  /** `bins + 1` edges, ascending. */
  edges: Float32Array;
  confirmed: Int32Array;
  corrected: Int32Array;
  /** All scored creatives, decided or not: what a threshold would flag in the whole queue. */
  all: Int32Array;
}

/**
 * The analyst page's picture: the distribution of a signal (text-to-predicted-label similarity,
 * or a flag score) for confirmed versus corrected creatives, on shared bins over `[min, max]`,
 * so a draggable threshold line can be read against both. Decisions that say nothing about the
 * flag (a new label, for `wrong_label`) are left out of the two decided series.
 */
export function signalHistogram(
  values: ArrayLike<number>,
  decisions: readonly Decision[],
  options: { bins?: number; min?: number; max?: number; flag?: FlagName } = {},
): SignalHistogram {
  const bins = options.bins ?? 40;
  let min = options.min ?? Infinity;
  let max = options.max ?? -Infinity;
  if (options.min === undefined || options.max === undefined) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (Number.isNaN(v)) continue;
      if (options.min === undefined) min = Math.min(min, v);
      if (options.max === undefined) max = Math.max(max, v);
    }
  }
  if (!Number.isFinite(min) || !Number.isFinite(max)) [min, max] = [0, 1];
  if (max <= min) max = min + 1e-6;
  const edges = Float32Array.from({ length: bins + 1 }, (_, b) => min + ((max - min) * b) / bins);
  const bin = (v: number) =>
    Math.min(bins - 1, Math.max(0, Math.floor(((v - min) / (max - min)) * bins)));
  const hist = {
    edges,
    confirmed: new Int32Array(bins),
    corrected: new Int32Array(bins),
    all: new Int32Array(bins),
  };
  for (let i = 0; i < values.length; i++)
    if (!Number.isNaN(values[i]!)) hist.all[bin(values[i]!)]!++;
  const flag = options.flag ?? "wrong_label";
  for (const d of decisions) {
    const v = values[d.creative];
    const target = decisionTarget(flag, d);
    if (v === undefined || Number.isNaN(v) || target === undefined) continue;
    (target === 1 ? hist.corrected : hist.confirmed)[bin(v)]!++;
  }
  return hist;
}
