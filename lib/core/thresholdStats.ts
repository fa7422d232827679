/** A creative's similarity to its predicted label and what annotators made of it. */
export interface SimilarityPoint {
  similarity: number;
  outcome: "confirmed" | "corrected" | "undecided";
}

export interface ThresholdStats {
  /** Creatives a threshold would flag (similarity below it). */
  flagged: number;
  /** Among decided creatives it flags, the share annotators corrected; NaN with none decided. */
  precision: number;
  /** Among corrected creatives, the share it flags; NaN with none corrected. */
  recall: number;
  decided: number;
}

/**
 * What a similarity threshold would do against the decisions so far: a low similarity means a
 * suspicious label, so the threshold flags everything below it.
 */
export function similarityThresholdStats(
  points: readonly SimilarityPoint[],
  threshold: number,
): ThresholdStats {
  let flagged = 0;
  let flaggedDecided = 0;
  let flaggedCorrected = 0;
  let corrected = 0;
  let decided = 0;
  for (const p of points) {
    const below = p.similarity < threshold;
    if (below) flagged++;
    if (p.outcome === "undecided") continue;
    decided++;
    if (p.outcome === "corrected") corrected++;
    if (below) {
      flaggedDecided++;
      if (p.outcome === "corrected") flaggedCorrected++;
    }
  }
  return {
    flagged,
    precision: flaggedDecided > 0 ? flaggedCorrected / flaggedDecided : Number.NaN,
    recall: corrected > 0 ? flaggedCorrected / corrected : Number.NaN,
    decided,
  };
}

/** Counts per bin of `[min, max)` for each outcome, for the distribution chart. */
export function histogram(
  points: readonly SimilarityPoint[],
  bins: number,
  min: number,
  max: number,
): Record<SimilarityPoint["outcome"], number[]> {
  const out = {
    confirmed: new Array<number>(bins).fill(0),
    corrected: new Array<number>(bins).fill(0),
    undecided: new Array<number>(bins).fill(0),
  };
  const width = (max - min) / bins;
  for (const p of points) {
    const bin = Math.min(bins - 1, Math.max(0, Math.floor((p.similarity - min) / width)));
    out[p.outcome][bin]! += 1;
  }
  return out;
}
