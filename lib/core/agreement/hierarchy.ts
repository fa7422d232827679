import type { LabelPath } from "../labelPath";

/**
 * Credit for two label paths under a hierarchy: 1 for the same path, the depth of their shared
 * prefix over the deeper path's depth otherwise (`A > B > C` vs `A > B > D` earns 2/3, vs `E`
 * nothing). Annotators who agree on the branch but not the leaf have agreed on something, and
 * the figures should say so.
 */
export function pathAgreement(a: LabelPath, b: LabelPath): number {
  const depth = Math.max(a.length, b.length);
  if (depth === 0) return 1;
  let shared = 0;
  while (shared < a.length && shared < b.length && a[shared] === b[shared]) shared++;
  return shared / depth;
}

/** The distance Krippendorff's alpha uses for hierarchical labels: 1 - {@link pathAgreement}. */
export function hierarchicalDistance(a: LabelPath, b: LabelPath): number {
  return 1 - pathAgreement(a, b);
}

/** A distance between two label keys: 0 for the same label, up to 1 for unrelated ones. */
export type LabelDistance = (a: string, b: string) => number;

/** Nominal distance: every different label is as wrong as any other. */
export const nominalDistance: LabelDistance = (a, b) => (a === b ? 0 : 1);

/**
 * The hierarchical distance between label keys, given each key's path. A key without a known path
 * is compared nominally (it can only equal itself), so a missing label never earns partial credit.
 */
export function hierarchicalDistanceOf(
  pathOf: (label: string) => LabelPath | undefined,
): LabelDistance {
  return (a, b) => {
    if (a === b) return 0;
    const pa = pathOf(a);
    const pb = pathOf(b);
    return pa && pb ? hierarchicalDistance(pa, pb) : 1;
  };
}
