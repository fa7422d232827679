/**
 * Training pairs for the contrastive cosine loss (Sentence-BERT's CosineSimilarityLoss): a pair
 * with target 0.9 pulls two embeddings together, 0.1 pushes them apart. Every annotator decision
 * is turned into such pairs, so the product's own use becomes retraining data.
 */
export interface PairTargets {
  positive: number;
  negative: number;
}

export const defaultPairTargets: PairTargets = { positive: 0.9, negative: 0.1 };

/** Most text-text positives one decision adds, so a popular label does not flood the export. */
export const maxTextTextPositives = 5;

export type TrainingPairKind = "text_label" | "text_text" | "image_label" | "image_text";

export interface PlannedPair {
  kind: TrainingPairKind;
  otherLabelId?: number;
  otherCreativeId?: number;
  target: number;
}

export interface DecisionForPairs {
  action: "accept" | "reject" | "pick" | "generative" | "new_label" | "skip";
  /** The label the creative now carries; absent for skips. */
  chosenLabelId?: number;
  /** The classifier's label when the annotator rejected it. */
  rejectedLabelId?: number;
  /** The highest-ranked suggestion that was not chosen: the hardest negative the UI showed. */
  strongestWrongLabelId?: number;
  hasImage: boolean;
  /** Other creatives already confirmed under the chosen label (newest first). */
  sameLabelCreativeIds: readonly number[];
}

/**
 * The pairs one decision writes: text and chosen label (positive); text and the rejected label
 * and the strongest wrong suggestion (hard negatives); image and chosen label and image and text
 * when there is an image; a bounded number of text-text positives. A skip writes none.
 */
export function planTrainingPairs(
  decision: DecisionForPairs,
  targets: PairTargets = defaultPairTargets,
): PlannedPair[] {
  if (decision.action === "skip" || decision.chosenLabelId === undefined) return [];
  const chosen = decision.chosenLabelId;
  const pairs: PlannedPair[] = [
    { kind: "text_label", otherLabelId: chosen, target: targets.positive },
  ];
  const negatives = new Set<number>();
  for (const label of [decision.rejectedLabelId, decision.strongestWrongLabelId]) {
    if (label !== undefined && label !== chosen && !negatives.has(label)) {
      negatives.add(label);
      pairs.push({ kind: "text_label", otherLabelId: label, target: targets.negative });
    }
  }
  if (decision.hasImage) {
    pairs.push({ kind: "image_label", otherLabelId: chosen, target: targets.positive });
    pairs.push({ kind: "image_text", target: targets.positive });
  }
  for (const other of decision.sameLabelCreativeIds.slice(0, maxTextTextPositives)) {
    pairs.push({ kind: "text_text", otherCreativeId: other, target: targets.positive });
  }
  return pairs;
}
