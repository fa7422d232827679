import { z } from "zod";

/**
 * Request bodies of the workbench endpoints, shared by the route handlers (validation) and the
 * browser (types). Who decides is never in a body: the server takes it from the session.
 */

export const claimRequestSchema = z.object({
  dataset: z.string().min(1).max(100),
  strategy: z.enum(["score", "uncertainty", "random"]).default("score"),
  count: z.number().int().min(1).max(50).default(10),
  /** A creative to show first, flagged or not (opened from the map with `/queue?creative=`). */
  first: z.number().int().positive().optional(),
});

export const decisionRequestSchema = z
  .object({
    creativeId: z.number().int().positive(),
    action: z.enum(["accept", "reject", "pick", "generative", "new_label", "skip"]),
    labelId: z.number().int().positive().optional(),
    rejectedLabelId: z.number().int().positive().optional(),
    strongestWrongLabelId: z.number().int().positive().optional(),
    timeSpentMs: z
      .number()
      .min(0)
      .max(24 * 3600 * 1000),
    /** Set when the decision is an edit of an earlier one (from the history); that one is retracted. */
    replacesDecisionId: z.number().int().positive().optional(),
    /** Idempotency key: a decision retried after a network failure is stored once. */
    clientDecisionId: z.uuid(),
  })
  .refine((d) => d.action === "skip" || d.labelId !== undefined, {
    message: "a label is required for every action but skip",
    path: ["labelId"],
  });
export type DecisionRequest = z.infer<typeof decisionRequestSchema>;

export const undoRequestSchema = z.object({
  dataset: z.string().min(1).max(100),
});

export const proposeLabelRequestSchema = z.object({
  taxonomyId: z.number().int().positive(),
  parentId: z.number().int().positive().nullable(),
  name: z
    .string()
    .trim()
    .min(1, "is required")
    .max(200)
    .refine(
      (n) => !n.includes(">") && !n.includes("/"),
      "may not contain > or / (choose the parent instead)",
    ),
});

const bulkSelection = {
  dataset: z.string().min(1).max(100),
  creativeIds: z
    .array(z.number().int().positive())
    .min(1, "select at least one creative")
    .max(5000, "at most 5,000 creatives at once"),
  /** Idempotency key: a retried request stores each decision once. */
  requestId: z.uuid().optional(),
};

/** A bulk action on creatives selected on the map: assign a label, propose one, or queue them. */
export const bulkRequestSchema = z.discriminatedUnion("operation", [
  z.object({
    operation: z.literal("assign"),
    ...bulkSelection,
    labelId: z.number().int().positive(),
  }),
  z.object({
    operation: z.literal("propose"),
    ...bulkSelection,
    parentId: z.number().int().positive().nullable(),
    name: proposeLabelRequestSchema.shape.name,
  }),
  z.object({ operation: z.literal("queue"), ...bulkSelection }),
]);
export type BulkRequest = z.infer<typeof bulkRequestSchema>;

/** POST /api/new-label-groups/[groupId]/decisions: one (new) label for a whole group. */
export const groupDecisionRequestSchema = z.object({
  labelId: z.number().int().positive(),
  /** Idempotency key: a retried request decides each member once. */
  requestId: z.uuid(),
  /** The annotator's own item, decided through the workbench as usual. */
  exceptCreativeIds: z.array(z.number().int().positive()).max(100).default([]),
});
export type GroupDecisionRequest = z.infer<typeof groupDecisionRequestSchema>;
