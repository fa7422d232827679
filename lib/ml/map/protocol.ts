import { z } from "zod";
import { parseWith, type Parsed } from "../messages";

export type { Parsed };

/**
 * The one message protocol between the page and the map worker. Every request carries an id; the
 * worker answers with any number of `progress` messages (phase counters, and the live layout
 * while epochs run) and then exactly one `result` or `error`. Both sides parse what they receive
 * with these schemas instead of casting `event.data`.
 */

const requestId = z.number().int().nonnegative();

/** Which layout engine: ours (PCA + own kNN + typed-array UMAP) or stock umap-js, for comparison. */
export const mapEngines = ["fast", "umap-js"] as const;
export type MapEngine = (typeof mapEngines)[number];

export const computeOptionsSchema = z.object({
  engine: z.enum(mapEngines),
  seed: z.number().int(),
  nNeighbors: z.number().int().min(2).max(200),
  /** Epochs; omitted: chosen from the point count. */
  nEpochs: z.number().int().min(1).max(5000).optional(),
  /** How often the live layout is sent while epochs run; 0 sends none. */
  layoutEveryMs: z.number().nonnegative(),
});
export type ComputeOptions = z.infer<typeof computeOptionsSchema>;

export const computeRequestSchema = z.object({
  type: z.literal("compute"),
  id: requestId,
  /** Row-major `[n, dim]`, transferred. */
  vectors: z.instanceof(Float32Array),
  dim: z.number().int().positive(),
  options: computeOptionsSchema,
});

export const transformRequestSchema = z.object({
  type: z.literal("transform"),
  id: requestId,
  /** The `mapId` of an earlier compute result in this worker. */
  mapId: z.number().int().nonnegative(),
  vectors: z.instanceof(Float32Array),
  dim: z.number().int().positive(),
});

/**
 * Rebuilds a stored map inside the worker so new points can be placed into it: the vectors of
 * the stored points and their stored coordinates, in the same order. Nothing is laid out again.
 */
export const restoreRequestSchema = z.object({
  type: z.literal("restore"),
  id: requestId,
  vectors: z.instanceof(Float32Array),
  dim: z.number().int().positive(),
  /** `[n, 2]`, as stored. */
  coordinates: z.instanceof(Float32Array),
  seed: z.number().int(),
  nNeighbors: z.number().int().min(2).max(200),
});

export const cancelRequestSchema = z.object({
  type: z.literal("cancel"),
  id: requestId,
  target: requestId,
});

export const mapRequestSchema = z.discriminatedUnion("type", [
  computeRequestSchema,
  transformRequestSchema,
  restoreRequestSchema,
  cancelRequestSchema,
]);
export type ComputeRequest = z.infer<typeof computeRequestSchema>;
export type TransformRequest = z.infer<typeof transformRequestSchema>;
export type RestoreRequest = z.infer<typeof restoreRequestSchema>;
export type MapRequest = z.infer<typeof mapRequestSchema>;

export const mapPhases = ["pca", "neighbours", "graph", "epochs"] as const;
export type MapPhase = (typeof mapPhases)[number];

export const phaseProgressSchema = z.object({
  kind: z.literal("phase"),
  phase: z.enum(mapPhases),
  done: z.number().nonnegative(),
  total: z.number().nonnegative(),
});

/** The layout so far, so the map refines on screen while epochs run. */
export const layoutProgressSchema = z.object({
  kind: z.literal("layout"),
  epoch: z.number().int().nonnegative(),
  nEpochs: z.number().int().nonnegative(),
  coordinates: z.instanceof(Float32Array),
});

export const mapProgressSchema = z.discriminatedUnion("kind", [
  phaseProgressSchema,
  layoutProgressSchema,
]);
export type MapProgress = z.infer<typeof mapProgressSchema>;

export const computeResultSchema = z.object({
  kind: z.literal("compute"),
  /** Names this fitted map inside the worker, for `transform`. */
  mapId: z.number().int().nonnegative(),
  /** `[n, 2]`. */
  coordinates: z.instanceof(Float32Array),
  nEpochs: z.number().int().nonnegative(),
  knnMethod: z.enum(["exact", "approximate", "umap-js"]),
  timings: z.object({
    pcaMs: z.number(),
    neighboursMs: z.number(),
    graphMs: z.number(),
    epochsMs: z.number(),
    totalMs: z.number(),
  }),
});
export type ComputeResult = z.infer<typeof computeResultSchema>;

export const transformResultSchema = z.object({
  kind: z.literal("transform"),
  coordinates: z.instanceof(Float32Array),
});
export type TransformResult = z.infer<typeof transformResultSchema>;

export const restoreResultSchema = z.object({
  kind: z.literal("restore"),
  /** Names the restored map inside the worker, for `transform`. */
  mapId: z.number().int().nonnegative(),
});
export type RestoreResult = z.infer<typeof restoreResultSchema>;

export const mapErrorCodes = ["cancelled", "bad_request", "unknown_map", "internal"] as const;
export type MapErrorCode = (typeof mapErrorCodes)[number];

export const mapReplySchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("progress"), id: requestId, progress: mapProgressSchema }),
  z.object({
    type: z.literal("result"),
    id: requestId,
    result: z.discriminatedUnion("kind", [
      computeResultSchema,
      transformResultSchema,
      restoreResultSchema,
    ]),
  }),
  z.object({
    type: z.literal("error"),
    id: requestId,
    code: z.enum(mapErrorCodes),
    message: z.string(),
  }),
]);
export type MapReply = z.infer<typeof mapReplySchema>;

/** An error with a code the UI can act on (a cancel is not a failure to show). */
export class MapError extends Error {
  constructor(
    readonly code: MapErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "MapError";
  }
}

/** Parses a message the worker received. */
export function parseMapRequest(data: unknown): Parsed<MapRequest> {
  return parseWith(mapRequestSchema, data);
}

/** Parses a message the page received from the worker. */
export function parseMapReply(data: unknown): Parsed<MapReply> {
  return parseWith(mapReplySchema, data);
}
