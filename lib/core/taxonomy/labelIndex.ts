import { candidateLabelPaths, labelPathKey } from "../labelPath";

/** A lookup from label strings, however they are written, to the labels of one taxonomy. */
export interface LabelIndex<T extends { path: readonly string[] }> {
  byKey: Map<string, T>;
  separator: string;
}

export function createLabelIndex<T extends { path: readonly string[] }>(
  labels: readonly T[],
  separator: string,
): LabelIndex<T> {
  return { byKey: new Map(labels.map((l) => [labelPathKey(l.path), l])), separator };
}

/**
 * Finds the label a string names: `Vehicles > Auto Repair`, `Vehicles/Auto Repair` and
 * `vehicles > auto repair` all resolve to the same label, and a name that itself contains `/`
 * (`Sports/Energy Drinks`) still resolves because every reading of the string is tried.
 */
export function resolveLabel<T extends { path: readonly string[] }>(
  index: LabelIndex<T>,
  value: string,
): T | undefined {
  for (const path of candidateLabelPaths(value, index.separator)) {
    const found = index.byKey.get(labelPathKey(path));
    if (found) return found;
  }
  return undefined;
}
