import { nominalDistance, type LabelDistance } from "./hierarchy";

/**
 * Krippendorff's alpha for any number of annotators with missing data: each unit lists the labels
 * it received (one per annotator who labelled it); units with fewer than two labels are not
 * pairable and are left out. alpha = 1 - Do / De, from the coincidence matrix: Do the observed
 * disagreement within units, De the disagreement expected from all pairable labels pooled.
 * `distance` is the squared-difference function delta^2; nominal by default, hierarchical with
 * {@link hierarchicalDistanceOf}. Returns null when nothing is pairable or every label is the same
 * (alpha is undefined there).
 *
 * Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011).
 */
export function krippendorffAlpha(
  units: readonly (readonly string[])[],
  distance: LabelDistance = nominalDistance,
): number | null {
  const coincidence = new Map<string, Map<string, number>>();
  const add = (c: string, k: string, weight: number) => {
    const row = coincidence.get(c) ?? new Map<string, number>();
    row.set(k, (row.get(k) ?? 0) + weight);
    coincidence.set(c, row);
  };
  for (const values of units) {
    const m = values.length;
    if (m < 2) continue;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < m; j++) if (i !== j) add(values[i]!, values[j]!, 1 / (m - 1));
  }
  const totals = new Map<string, number>();
  let n = 0;
  for (const [c, row] of coincidence) {
    let sum = 0;
    for (const v of row.values()) sum += v;
    totals.set(c, sum);
    n += sum;
  }
  if (n <= 1) return null;
  let observed = 0;
  for (const [c, row] of coincidence) for (const [k, o] of row) observed += o * distance(c, k);
  let expected = 0;
  for (const [c, nc] of totals) for (const [k, nk] of totals) expected += nc * nk * distance(c, k);
  if (expected === 0) return null;
  return 1 - ((n - 1) * observed) / expected;
}
