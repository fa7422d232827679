/**
 * The taxonomy as the detector needs it: how two labels are related (a sibling confusion is a
 * near miss an annotator fixes in one keystroke; a cross-branch one usually means the classifier
 * misread the creative), and where a label the taxonomy lacks would go.
 */

/** How a predicted label relates to a better-fitting one. */
export type LabelRelation = "same" | "sibling" | "parent_child" | "same_branch" | "cross_branch";

/** A label path as annotators read it. */
export function formatLabelPath(path: readonly string[]): string {
  return path.join(" > ");
}

function commonPrefixLength(a: readonly string[], b: readonly string[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** How label `a` relates to label `b` in the tree. */
export function labelRelation(a: readonly string[], b: readonly string[]): LabelRelation {
  const common = commonPrefixLength(a, b);
  if (common === a.length && common === b.length) return "same";
  if (common === a.length || common === b.length) return "parent_child";
  if (common === a.length - 1 && common === b.length - 1) return "sibling";
  return common > 0 ? "same_branch" : "cross_branch";
}

/** Plain words for a relation, for reasons shown to annotators. */
export function describeRelation(relation: LabelRelation): string {
  switch (relation) {
    case "sibling":
      return "a sibling under the same parent";
    case "parent_child":
      return "its parent or child label";
    case "same_branch":
      return "in the same top-level branch";
    case "cross_branch":
      return "in a different branch of the taxonomy";
    case "same":
      return "the same label";
  }
}

/**
 * Where a new label would go: each nearby label votes with its weight for every ancestor it has
 * (not itself: a label the taxonomy lacks is a sibling of its nearest labels, not their child),
 * and the deepest ancestor holding at least `share` of the total weight wins. An empty path means
 * a new top-level label.
 */
export function suggestParent(
  labelPaths: readonly (readonly string[])[],
  nearby: readonly { label: number; weight: number }[],
  share = 0.5,
): string[] {
  const weights = new Map<string, { path: string[]; weight: number }>();
  let total = 0;
  for (const { label, weight } of nearby) {
    const path = labelPaths[label];
    if (!path || weight <= 0) continue;
    total += weight;
    for (let depth = 1; depth < path.length; depth++) {
      const prefix = path.slice(0, depth);
      const key = prefix.join("\u0000");
      const entry = weights.get(key) ?? { path: prefix, weight: 0 };
      entry.weight += weight;
      weights.set(key, entry);
    }
  }
  let best: string[] = [];
  for (const { path, weight } of weights.values()) {
    if (weight >= share * total && path.length > best.length) best = path;
  }
  return best;
}
