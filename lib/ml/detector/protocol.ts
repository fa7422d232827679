import { z } from "zod";
import { detectorRunGroupSchema, detectorRunRowSchema } from "@/lib/core/detector/runPayload";
import { runCreativeSchema, runLabelSchema } from "@/lib/core/detector/runInput";
import { similarityKernels } from "@/lib/core/linalg/simd";
import { parseWith, type Parsed } from "../messages";

/**
 * The detector worker's one message protocol: a `run` request carries a dataset's inputs
 * (vectors transferred, not copied) and is answered by progress phases and one result (the run's
 * rows and groups) or an error. Both sides read messages through these schemas.
 */

const requestId = z.number().int().nonnegative();

export const runRequestSchema = z.object({
  type: z.literal("run"),
  id: requestId,
  dim: z.number().int().positive(),
  creatives: z.array(runCreativeSchema),
  labels: z.array(runLabelSchema),
  texts: z.instanceof(Float32Array),
  labelVectors: z.instanceof(Float32Array),
  generative: z.instanceof(Float32Array),
  /** `[creatives, dim]` image vectors of a multimodal model (zero rows: none); absent: no images. */
  images: z.instanceof(Float32Array).optional(),
});
export type RunRequest = z.infer<typeof runRequestSchema>;

export const detectorRequestSchema = z.discriminatedUnion("type", [
  runRequestSchema,
  z.object({ type: z.literal("cancel"), id: requestId, target: requestId }),
]);
export type DetectorRequest = z.infer<typeof detectorRequestSchema>;

/** Where a run is; the detector itself is one synchronous step, so phases are coarse. */
export const detectorPhases = ["preparing", "scoring"] as const;
export const detectorProgressSchema = z.object({
  phase: z.enum(detectorPhases),
  creatives: z.number().int().nonnegative(),
  labels: z.number().int().nonnegative(),
});
export type DetectorProgress = z.infer<typeof detectorProgressSchema>;

export const runResultSchema = z.object({
  kind: z.literal("run"),
  rows: z.array(detectorRunRowSchema),
  groups: z.array(detectorRunGroupSchema),
  counts: z.object({
    scored: z.number().int().nonnegative(),
    wrongLabel: z.number().int().nonnegative(),
    newLabel: z.number().int().nonnegative(),
  }),
  temperature: z.number(),
  seconds: z.number().nonnegative(),
  /** Which similarity kernel scored the run (WebAssembly SIMD wherever the browser has it). */
  kernel: z.enum(similarityKernels).optional(),
});
export type RunResult = z.infer<typeof runResultSchema>;

export const detectorErrorCodes = ["cancelled", "bad_request", "internal"] as const;
export type DetectorErrorCode = (typeof detectorErrorCodes)[number];

export const detectorReplySchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("progress"), id: requestId, progress: detectorProgressSchema }),
  z.object({ type: z.literal("result"), id: requestId, result: runResultSchema }),
  z.object({
    type: z.literal("error"),
    id: requestId,
    code: z.enum(detectorErrorCodes),
    message: z.string(),
  }),
]);
export type DetectorReply = z.infer<typeof detectorReplySchema>;

/** An error with a code the UI can act on (a cancel is not a failure to show). */
export class DetectorError extends Error {
  constructor(
    readonly code: DetectorErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "DetectorError";
  }
}

export function parseDetectorRequest(data: unknown): Parsed<DetectorRequest> {
  return parseWith(detectorRequestSchema, data);
}

export function parseDetectorReply(data: unknown): Parsed<DetectorReply> {
  return parseWith(detectorReplySchema, data);
}
