/**
 * Cohen's kappa for two annotators who labelled the same units: observed agreement corrected for
 * the agreement their label frequencies would give by chance, (po - pe) / (1 - pe). Returns null
 * when there is nothing to compare, and 1 when both always used one and the same label (pe = 1,
 * po = 1), the usual convention.
 */
export function cohensKappa(pairs: readonly (readonly [string, string])[]): number | null {
  const n = pairs.length;
  if (n === 0) return null;
  const first = new Map<string, number>();
  const second = new Map<string, number>();
  let same = 0;
  for (const [a, b] of pairs) {
    if (a === b) same++;
    first.set(a, (first.get(a) ?? 0) + 1);
    second.set(b, (second.get(b) ?? 0) + 1);
  }
  const po = same / n;
  let pe = 0;
  for (const [label, count] of first) pe += (count / n) * ((second.get(label) ?? 0) / n);
  if (pe >= 1) return po >= 1 ? 1 : null;
  return (po - pe) / (1 - pe);
}
