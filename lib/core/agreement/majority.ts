/**
 * The majority rule of overlap items, on a creative's votes: each annotator's latest current
 * decision that set a label. Pure, so a decision can apply it to the votes it read before its own
 * write plus itself, without reading them back.
 */
export interface Vote {
  decisionId: number;
  annotator: string;
  labelId: number;
  isReview: boolean;
}

/** A decision as it joins a creative's votes: a skip or a decision without a label sets none. */
export interface CastDecision {
  decisionId: number;
  annotator: string;
  labelId: number | null;
  isReview: boolean;
  skip: boolean;
}

/**
 * The votes once `cast` is stored: it replaces its annotator's earlier vote when it sets a label
 * (it is their latest); a skip leaves that vote standing. `before` is in decision order.
 */
export function votesAfter(before: readonly Vote[], cast: CastDecision): Vote[] {
  if (cast.skip || cast.labelId === null) return [...before];
  return [
    ...before.filter((v) => v.annotator !== cast.annotator),
    {
      decisionId: cast.decisionId,
      annotator: cast.annotator,
      labelId: cast.labelId,
      isReview: cast.isReview,
    },
  ];
}

/** The label that outvotes every other, and the latest decision for it (which overrules). */
export interface MajorityWinner {
  labelId: number;
  decisionId: number;
  annotator: string;
  /** How many annotators voted at all: the rule applies once the item needs no more. */
  voters: number;
}

/**
 * The winner when one label has more votes than any other, or null: fewer than two votes, an
 * admin's review among them (it settles the item instead), a tie (it waits for a review), or a
 * unanimous item (nothing to overrule). `votes` is in decision order.
 */
export function majorityWinner(votes: readonly Vote[]): MajorityWinner | null {
  if (votes.length < 2 || votes.some((v) => v.isReview)) return null;
  const counts = new Map<number, number>();
  for (const v of votes) counts.set(v.labelId, (counts.get(v.labelId) ?? 0) + 1);
  const top = Math.max(...counts.values());
  const leaders = [...counts].filter(([, n]) => n === top);
  if (leaders.length !== 1 || counts.size === 1) return null;
  const labelId = leaders[0]![0];
  const latest = votes.filter((v) => v.labelId === labelId).at(-1)!;
  return {
    labelId,
    decisionId: latest.decisionId,
    annotator: latest.annotator,
    voters: votes.length,
  };
}
