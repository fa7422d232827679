import { formatLabelPath } from "../labelPath";

/** A label as the review card offers it. */
export interface ReviewLabel {
  labelId: number;
  path: string[];
}

/** What the review card shows of an item in review (the server's ReviewItem, structurally), so the client needs no server module. */
export interface ReviewCardItem {
  creativeId: number;
  externalId: string;
  text: string;
  flag: "wrong_label" | "new_label" | null;
  reasons: string[];
  predicted: (ReviewLabel & { score: number | null }) | null;
  generative: { value: string; label: ReviewLabel | null } | null;
  nearest: (ReviewLabel & { score: number | null })[];
  votes: (ReviewLabel & { decisionId: number; annotator: string; action: string })[];
}

/** One label the admin can settle on, and who or what proposed it. */
export interface ReviewChoice extends ReviewLabel {
  text: string;
  sources: string[];
}

/**
 * The labels to settle on, annotators' first (in vote order), then the classifier's, the
 * generative model's and the nearest labels; each label once, with everyone who proposed it.
 */
export function reviewChoices(item: ReviewCardItem, separator = " > "): ReviewChoice[] {
  const byId = new Map<number, ReviewChoice>();
  const add = (label: ReviewLabel | null | undefined, source: string) => {
    if (!label) return;
    const existing = byId.get(label.labelId);
    if (existing) {
      if (!existing.sources.includes(source)) existing.sources.push(source);
      return;
    }
    byId.set(label.labelId, {
      labelId: label.labelId,
      path: label.path,
      text: formatLabelPath(label.path, separator),
      sources: [source],
    });
  };
  for (const vote of item.votes) add(vote, vote.annotator);
  add(item.predicted, "classifier");
  add(item.generative?.label, "generative model");
  for (const label of item.nearest.slice(0, 5)) add(label, "nearest");
  return [...byId.values()];
}
