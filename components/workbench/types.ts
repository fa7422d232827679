import { z } from "zod";

/** The workbench's view of a queue item, validated as POST /api/queue/claim returns it. */
export const labelChoiceSchema = z.object({
  labelId: z.number(),
  path: z.array(z.string()),
  score: z.number().nullable(),
});
export type LabelChoice = z.infer<typeof labelChoiceSchema>;

export const queueItemSchema = z.object({
  creativeId: z.number(),
  externalId: z.string(),
  text: z.string(),
  /**
   * `ocr`: the text was read from the image (an image-only creative). Defaulted, so decisions a
   * browser kept from before this field existed still parse.
   */
  textSource: z.enum(["imported", "ocr"]).default("imported"),
  imageRef: z.string().nullable(),
  predicted: labelChoiceSchema.nullable(),
  generative: z.object({ value: z.string(), label: labelChoiceSchema.nullable() }).nullable(),
  nearest: z.array(labelChoiceSchema),
  flag: z.enum(["wrong_label", "new_label"]).nullable(),
  detectorScore: z.number().nullable(),
  reasons: z.array(z.string()),
  suggestedParent: labelChoiceSchema.nullable(),
  group: z
    .object({
      id: z.number(),
      size: z.number(),
      suggestedName: z.string(),
      suggestedParent: labelChoiceSchema.nullable(),
      others: z.array(z.object({ creativeId: z.number(), text: z.string() })),
      undecided: z.number(),
    })
    .nullable(),
});
export type QueueItem = z.infer<typeof queueItemSchema>;

export const claimResponseSchema = z.object({
  items: z.array(queueItemSchema),
  taxonomyId: z.number().optional(),
});

export const countsResponseSchema = z.object({
  counts: z
    .object({ flagged: z.number(), decided: z.number(), leased: z.number(), remaining: z.number() })
    .nullable(),
});

export const taxonomyLabelSchema = z.object({
  id: z.number(),
  parentId: z.number().nullable(),
  path: z.array(z.string()),
  status: z.enum(["existing", "proposed", "rejected"]),
});
export type TaxonomyLabel = z.infer<typeof taxonomyLabelSchema>;

export type DecisionAction = "accept" | "reject" | "pick" | "generative" | "new_label" | "skip";

/** A decision as the browser holds it until the server confirms it (and after, for the history). */
export interface LocalDecision {
  clientDecisionId: string;
  item: QueueItem;
  action: DecisionAction;
  labelId?: number;
  labelPath?: string[];
  rejectedLabelId?: number;
  strongestWrongLabelId?: number;
  timeSpentMs: number;
  replacesDecisionId?: number;
  /**
   * Who made it. Only their session sends it: when someone else signs in on this browser, it
   * waits in the outbox until its annotator is back, so it is never stored under another name.
   */
  annotator?: string;
  /** Set once the server stored it. */
  decisionId?: number;
  error?: string;
}

/** The ordered label suggestions keys 1-9 pick from: nearest labels, then the generative match. */
export function suggestionList(item: QueueItem): LabelChoice[] {
  const seen = new Set<number>();
  const list: LabelChoice[] = [];
  for (const choice of [
    ...item.nearest,
    ...(item.generative?.label ? [item.generative.label] : []),
  ]) {
    if (!seen.has(choice.labelId)) {
      seen.add(choice.labelId);
      list.push(choice);
    }
  }
  return list.slice(0, 9);
}
