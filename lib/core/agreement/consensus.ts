/**
 * What overlapping annotators' labels add up to for one unit. `settled`: an admin's review decided
 * it; `unanimous` / `majority`: one label has more votes than any other; `tie`: two or more labels
 * share the most votes, so the unit needs review; `none`: nobody labelled it.
 */
export type Consensus =
  | { kind: "settled" | "unanimous" | "majority" | "single"; label: string }
  | { kind: "tie"; labels: string[] }
  | { kind: "none" };

/**
 * The consensus of a unit's votes (one label per annotator). A settled label always wins; otherwise
 * the label with the most votes, and a tie for the most goes to review.
 */
export function consensusOf(votes: readonly string[], settled: string | null = null): Consensus {
  if (settled !== null) return { kind: "settled", label: settled };
  if (votes.length === 0) return { kind: "none" };
  const counts = new Map<string, number>();
  for (const label of votes) counts.set(label, (counts.get(label) ?? 0) + 1);
  const top = Math.max(...counts.values());
  const leaders = [...counts].filter(([, count]) => count === top).map(([label]) => label);
  if (leaders.length > 1) return { kind: "tie", labels: leaders.sort() };
  const label = leaders[0]!;
  if (votes.length === 1) return { kind: "single", label };
  return { kind: counts.size === 1 ? "unanimous" : "majority", label };
}

/** The label a unit counts as having, if any: what the annotators agreed on or the admin settled. */
export function referenceLabel(consensus: Consensus): string | null {
  return "label" in consensus ? consensus.label : null;
}
