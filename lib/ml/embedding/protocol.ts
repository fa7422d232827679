import { z } from "zod";
import { parseWith, type Parsed } from "../messages";

export type { Parsed };
import { modelSpecSchema } from "@/lib/core/models/registry";

/**
 * The one message protocol between the page and the embedding worker. Every request carries an
 * id; the worker answers it with any number of `progress` messages and then exactly one `result`
 * or `error`. Both sides parse what they receive with these schemas instead of casting
 * `event.data`, so a malformed message becomes an error with a reason, not a wrong field read.
 */

/** Which backend to ask for; `auto` tries WebGPU and falls back to WASM. */
export const devicePreferences = ["auto", "webgpu", "wasm"] as const;
export type DevicePreference = (typeof devicePreferences)[number];

export const runtimeOptionsSchema = z.object({
  device: z.enum(devicePreferences),
  /** WASM threads; only honoured before the worker's first model load (ORT initialises once). */
  numThreads: z.number().int().min(1).max(64),
});
export type RuntimeOptions = z.infer<typeof runtimeOptionsSchema>;

const requestId = z.number().int().nonnegative();

export const loadRequestSchema = z.object({
  type: z.literal("load"),
  id: requestId,
  model: modelSpecSchema,
  runtime: runtimeOptionsSchema,
});

export const embedRequestSchema = z.object({
  type: z.literal("embed"),
  id: requestId,
  model: modelSpecSchema,
  runtime: runtimeOptionsSchema,
  texts: z.array(z.string()).max(100_000),
  /** Texts per forward pass; progress is reported after each. */
  batchSize: z.number().int().min(1).max(1024),
});

/**
 * Images through a multimodal model's vision tower. Sources are same-origin paths (the app's
 * `/api/images/<creativeId>`): the worker fetches them itself, so image bytes never pass through
 * the page, and it fetches nothing from another origin.
 */
export const embedImagesRequestSchema = z.object({
  type: z.literal("embed-images"),
  id: requestId,
  model: modelSpecSchema,
  runtime: runtimeOptionsSchema,
  images: z
    .array(
      z
        .string()
        .max(2000)
        .regex(/^\/(?!\/)/, { message: "must be a same-origin path such as /api/images/12" }),
    )
    .max(100_000),
  /** Images per forward pass; progress is reported after each. */
  batchSize: z.number().int().min(1).max(256),
});

export const cancelRequestSchema = z.object({
  type: z.literal("cancel"),
  id: requestId,
  /** The id of the request to stop. */
  target: requestId,
});

export const workerRequestSchema = z.discriminatedUnion("type", [
  loadRequestSchema,
  embedRequestSchema,
  embedImagesRequestSchema,
  cancelRequestSchema,
]);
export type LoadRequest = z.infer<typeof loadRequestSchema>;
export type EmbedRequest = z.infer<typeof embedRequestSchema>;
export type EmbedImagesRequest = z.infer<typeof embedImagesRequestSchema>;
export type CancelRequest = z.infer<typeof cancelRequestSchema>;
export type WorkerRequest = z.infer<typeof workerRequestSchema>;

/** Where the model runs and why, so the settings page can explain it. */
export const deviceInfoSchema = z.object({
  device: z.enum(["webgpu", "wasm", "cpu"]),
  reason: z.string(),
  numThreads: z.number().int().min(1),
  crossOriginIsolated: z.boolean(),
});
export type DeviceInfo = z.infer<typeof deviceInfoSchema>;

export const loadResultSchema = z.object({
  kind: z.literal("load"),
  modelId: z.string(),
  dim: z.number().int().positive(),
  deviceInfo: deviceInfoSchema,
  loadMs: z.number().nonnegative(),
});
export type LoadResult = z.infer<typeof loadResultSchema>;

export const embedResultSchema = z.object({
  kind: z.literal("embed"),
  modelId: z.string(),
  dim: z.number().int().positive(),
  count: z.number().int().nonnegative(),
  /** Row-major `[count, dim]`, transferred, not copied. */
  vectors: z.instanceof(Float32Array),
  deviceInfo: deviceInfoSchema,
  embedMs: z.number().nonnegative(),
});
export type EmbedResult = z.infer<typeof embedResultSchema>;

/** The same for an `embed-images` request (its own kind: the RPC matches kinds to requests). */
export const embedImagesResultSchema = embedResultSchema.extend({
  kind: z.literal("embed-images"),
});
export type EmbedImagesResult = z.infer<typeof embedImagesResultSchema>;

/** One model file's byte progress (transformers.js `progress_callback`, one event per file). */
export const fileProgressSchema = z.object({
  kind: z.literal("file"),
  file: z.string(),
  status: z.enum(["initiate", "download", "progress", "done"]),
  loaded: z.number().nonnegative(),
  /** 0 while unknown. */
  total: z.number().nonnegative(),
});
export type FileProgress = z.infer<typeof fileProgressSchema>;

/** Texts (or images) embedded so far in one embed request. */
export const embedProgressSchema = z.object({
  kind: z.literal("embed"),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type EmbedProgress = z.infer<typeof embedProgressSchema>;

export const progressSchema = z.discriminatedUnion("kind", [
  fileProgressSchema,
  embedProgressSchema,
]);
export type Progress = z.infer<typeof progressSchema>;

/** Why a request failed, for the UI to pick a message and for callers to tell cancel apart. */
export const errorCodes = [
  "cancelled",
  "model_files",
  "network",
  "backend",
  "bad_request",
  "internal",
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const workerReplySchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("progress"), id: requestId, progress: progressSchema }),
  z.object({
    type: z.literal("result"),
    id: requestId,
    result: z.discriminatedUnion("kind", [
      loadResultSchema,
      embedResultSchema,
      embedImagesResultSchema,
    ]),
  }),
  z.object({
    type: z.literal("error"),
    id: requestId,
    code: z.enum(errorCodes),
    message: z.string(),
  }),
]);
export type WorkerReply = z.infer<typeof workerReplySchema>;

/** Parses a message the worker received. */
export function parseWorkerRequest(data: unknown): Parsed<WorkerRequest> {
  return parseWith(workerRequestSchema, data);
}

/** Parses a message the page received from the worker. */
export function parseWorkerReply(data: unknown): Parsed<WorkerReply> {
  return parseWith(workerReplySchema, data);
}

/** The request id of a message that failed to parse, when it has a usable one (to answer it). */
export function requestIdOf(data: unknown): number | undefined {
  const parsed = z.object({ id: requestId }).safeParse(data);
  return parsed.success ? parsed.data.id : undefined;
}

/** An error that crossed the worker boundary, keeping its code. */
export class EmbeddingError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "EmbeddingError";
  }
}

/** True when the error means the caller cancelled (not a failure to report). */
export function isCancelled(error: unknown): boolean {
  return (
    (error instanceof EmbeddingError && error.code === "cancelled") ||
    (error instanceof DOMException && error.name === "AbortError")
  );
}
