import { z } from "zod";
import { runCreativeSchema, runLabelSchema } from "./runInput";

/**
 * The two messages of a detector run done in the browser: the server hands out the run's inputs
 * (GET /api/detector-run), the browser hands back the run (POST /api/detector-run). Both are
 * validated with these schemas on the receiving side.
 */

const modelKey = {
  modelId: z.string().min(1).max(200),
  modelVersion: z.string().min(1).max(200),
};

/** Largest dataset a browser run takes in one request; larger ones are scored with `npm run score`. */
export const maxBrowserRunCreatives = 50_000;
/** Most labels a taxonomy may have for a browser run (the IAB product taxonomy has about 700). */
export const maxBrowserRunLabels = 20_000;

export const detectorRunInputsSchema = z.object({
  datasetId: z.number().int().positive(),
  ...modelKey,
  separator: z.string(),
  dim: z.number().int().nonnegative(),
  creatives: z.array(runCreativeSchema).max(maxBrowserRunCreatives),
  labels: z.array(runLabelSchema).max(maxBrowserRunLabels),
  /** Base64 little-endian float32, `[creatives, dim]` and `[labels, dim]`. */
  texts: z.string(),
  labelVectors: z.string(),
  /**
   * Base64 float32 `[creatives, dim]` image vectors of a multimodal model, zero rows where a
   * creative has none; absent when the model embedded no images.
   */
  images: z.string().optional(),
});
export type DetectorRunInputsPayload = z.infer<typeof detectorRunInputsSchema>;

const finiteNumber = z.number().refine(Number.isFinite, "must be a finite number");

export const detectorRunRowSchema = z.object({
  flag: z.enum(["wrong_label", "new_label"]).nullable(),
  score: finiteNumber,
  signals: z.record(z.string().max(50), finiteNumber),
  reasons: z.array(z.string().max(2000)).max(20),
  suggestions: z
    .array(
      z.object({
        label: z.number().int().nonnegative(),
        path: z.string().max(2000),
        score: finiteNumber,
      }),
    )
    .max(50),
  scoreRank: z.number().int().nonnegative(),
  uncertaintyRank: z.number().int().nonnegative(),
  group: z.number().int().min(-1),
  suggestedParent: z.number().int().min(-1),
});

export const detectorRunGroupSchema = z.object({
  members: z.array(z.number().int().nonnegative()).min(1),
  suggestedName: z.string().min(1).max(200),
  suggestedParent: z.number().int().min(-1),
  cohesion: finiteNumber,
});

export const detectorRunUploadSchema = z
  .object({
    datasetId: z.number().int().positive(),
    ...modelKey,
    creativeIds: z.array(z.number().int().positive()).max(maxBrowserRunCreatives),
    labelIds: z.array(z.number().int().positive()).max(maxBrowserRunLabels),
    rows: z.array(detectorRunRowSchema).max(maxBrowserRunCreatives),
    groups: z.array(detectorRunGroupSchema).max(maxBrowserRunCreatives),
  })
  .superRefine((body, ctx) => {
    if (body.rows.length !== body.creativeIds.length) {
      ctx.addIssue({
        code: "custom",
        path: ["rows"],
        message: `${body.rows.length} rows for ${body.creativeIds.length} creatives`,
      });
    }
    const labels = body.labelIds.length;
    body.rows.forEach((row, i) => {
      const bad = row.suggestions.find((s) => s.label >= labels);
      if (bad || row.suggestedParent >= labels || row.group >= body.groups.length) {
        ctx.addIssue({
          code: "custom",
          path: ["rows", i],
          message: "refers to a label or group the run does not have",
        });
      }
    });
  });
export type DetectorRunUpload = z.infer<typeof detectorRunUploadSchema>;
