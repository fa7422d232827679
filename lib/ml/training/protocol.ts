import { z } from "zod";
import { adapterObjectives } from "@/lib/core/adaptation/objectives";
import type { AdapterTrainOptions, EpochRecord } from "@/lib/core/adaptation/trainAdapter";
import { parseWith, type Parsed } from "../messages";

/**
 * The training worker's one message protocol: a `train` request carries a round's training set
 * (typed arrays, transferred, not copied) and the trainer's options, and is answered by one
 * progress message per epoch (the live loss curves) and one result (the kept adapter as
 * `encodeAdapter` bytes, with the figures a version records) or an error. Both sides read
 * messages through these schemas.
 */

const requestId = z.number().int().nonnegative();

// Typed as the trainer takes them (any backing buffer), not `z.instanceof`'s ArrayBuffer-only
// view type: the round hands the trainer's own arrays over, the client transfers what it can.
const float32s = z.custom<Float32Array>((v) => v instanceof Float32Array, "must be a Float32Array");
const int32s = z.custom<Int32Array>((v) => v instanceof Int32Array, "must be an Int32Array");

/** What the worker trains with: the trainer's options, without the in-process hooks. */
export type TrainOptions = Omit<AdapterTrainOptions, "signal" | "onEpoch">;

/** The options as the worker checks them (the history a version stores holds 1000 epochs). */
export const trainOptionsSchema = z.object({
  objective: z.enum(adapterObjectives),
  seed: z.number().int(),
  maxEpochs: z.number().int().min(1).max(1000),
  batchSize: z.number().int().min(1),
  learningRate: z.number().positive().finite(),
  l2ToIdentity: z.number().min(0).finite(),
  validationShare: z.number().min(0).max(1),
  patience: z.number().int().min(1),
  temperature: z.number().positive().finite(),
  margin: z.number().finite(),
}) satisfies z.ZodType<TrainOptions>;

/** The options without the in-process hooks (a function or signal cannot cross to a worker). */
export function trainOptionsOf(o: AdapterTrainOptions): TrainOptions {
  return {
    objective: o.objective,
    seed: o.seed,
    maxEpochs: o.maxEpochs,
    batchSize: o.batchSize,
    learningRate: o.learningRate,
    l2ToIdentity: o.l2ToIdentity,
    validationShare: o.validationShare,
    patience: o.patience,
    temperature: o.temperature,
    margin: o.margin,
  };
}

/** Train an adapter on a round's training set. */
export const trainRequestSchema = z.object({
  type: z.literal("train"),
  id: requestId,
  dim: z.number().int().positive(),
  /** `[rows, dim]` base-model vectors of every row a pair names. */
  vectors: float32s,
  labelRows: int32s,
  pairs: z.object({
    left: int32s,
    right: int32s,
    target: float32s,
    weight: float32s,
  }),
  /** Per pair, the creative it came from (validation holds out whole creatives). */
  groups: int32s,
  options: trainOptionsSchema,
});
export type TrainRequest = z.infer<typeof trainRequestSchema>;

export const trainingRequestSchema = z.discriminatedUnion("type", [
  trainRequestSchema,
  z.object({ type: z.literal("cancel"), id: requestId, target: requestId }),
]);
export type TrainingRequest = z.infer<typeof trainingRequestSchema>;

export const epochRecordSchema = z.object({
  epoch: z.number().int().min(1),
  trainLoss: z.number(),
  validationLoss: z.number().nullable(),
  seconds: z.number().min(0),
}) satisfies z.ZodType<EpochRecord>;

/** One finished epoch; `maxEpochs` lets the UI draw the axis and estimate the time left. */
export const trainProgressSchema = z.object({
  type: z.literal("epoch"),
  epoch: epochRecordSchema,
  maxEpochs: z.number().int().min(1),
});
export type TrainProgress = z.infer<typeof trainProgressSchema>;

/** The kept adapter and the figures `versionMetricsOf` records, without the adapter object. */
export const trainResultSchema = z.object({
  kind: z.literal("train"),
  /** `encodeAdapter` bytes of the kept (best validation epoch) adapter. */
  weights: z.instanceof(Uint8Array),
  history: z.array(epochRecordSchema),
  bestEpoch: z.number().int().min(0),
  stoppedEarly: z.boolean(),
  trainPairs: z.number().int().min(0),
  validationPairs: z.number().int().min(0),
  initialValidationLoss: z.number().nullable(),
  bestValidationLoss: z.number().nullable(),
});
export type TrainResult = z.infer<typeof trainResultSchema>;

export const trainingErrorCodes = ["cancelled", "bad_request", "internal"] as const;
export type TrainingErrorCode = (typeof trainingErrorCodes)[number];

export const trainingReplySchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("progress"), id: requestId, progress: trainProgressSchema }),
  z.object({ type: z.literal("result"), id: requestId, result: trainResultSchema }),
  z.object({
    type: z.literal("error"),
    id: requestId,
    code: z.enum(trainingErrorCodes),
    message: z.string(),
  }),
]);
export type TrainingReply = z.infer<typeof trainingReplySchema>;

/** An error with a code the UI can act on (a cancel is not a failure to show). */
export class TrainingError extends Error {
  constructor(
    readonly code: TrainingErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "TrainingError";
  }
}

/** How the worker reads `event.data`. */
export function parseTrainingRequest(data: unknown): Parsed<TrainingRequest> {
  return parseWith(trainingRequestSchema, data);
}

/** How the client reads the worker's replies. */
export function parseTrainingReply(data: unknown): Parsed<TrainingReply> {
  return parseWith(trainingReplySchema, data);
}
