import { z } from "zod";
import { parseWith, type Parsed } from "../messages";

/**
 * The one message protocol between the page and the OCR worker. A `recognise` request names
 * images by URL (the worker fetches and decodes them itself, so no pixels cross the boundary);
 * the worker answers with progress (model file bytes, then one `image` message per image with
 * its text) and one result. An image that cannot be fetched or decoded is an error for that image
 * in the result, not a failed request: one broken file does not lose a batch.
 */

const requestId = z.number().int().nonnegative();

/** Where the worker finds its files; the app serves all of them itself (no CDN). */
export const ocrAssetsSchema = z.object({
  /** Folder holding the detection and recognition models and the dictionary. */
  modelBaseUrl: z.string().min(1),
  /** Folder holding ONNX Runtime's `ort-wasm-simd-threaded.{mjs,wasm}`. */
  wasmBaseUrl: z.string().min(1),
});
export type OcrAssets = z.infer<typeof ocrAssetsSchema>;

/** The model the worker runs, named so stored OCR text records which model read it. */
export const ocrModelName = "PP-OCRv4 (ch, onnx)";

/** WASM threads; more than one needs a cross-origin isolated page. Fixed at the first load. */
const numThreads = z.number().int().min(1).max(16);

export const loadRequestSchema = z.object({
  type: z.literal("load"),
  id: requestId,
  assets: ocrAssetsSchema,
  numThreads,
});

export const recogniseRequestSchema = z.object({
  type: z.literal("recognise"),
  id: requestId,
  assets: ocrAssetsSchema,
  numThreads,
  images: z
    .array(z.object({ key: z.string().min(1), url: z.string().min(1) }))
    .min(1)
    .max(10_000),
});

export const cancelRequestSchema = z.object({
  type: z.literal("cancel"),
  id: requestId,
  target: requestId,
});

export const ocrRequestSchema = z.discriminatedUnion("type", [
  loadRequestSchema,
  recogniseRequestSchema,
  cancelRequestSchema,
]);
export type OcrLoadRequest = z.infer<typeof loadRequestSchema>;
export type RecogniseRequest = z.infer<typeof recogniseRequestSchema>;
export type OcrRequest = z.infer<typeof ocrRequestSchema>;

/** One image's outcome. */
export const imageTextSchema = z.discriminatedUnion("ok", [
  z.object({
    ok: z.literal(true),
    key: z.string(),
    /** Lines in reading order, joined by newlines. */
    text: z.string(),
    /** Mean character probability over the image (0 when no text was found). */
    confidence: z.number().min(0).max(1),
    lines: z.number().int().nonnegative(),
    ms: z.number().nonnegative(),
  }),
  z.object({ ok: z.literal(false), key: z.string(), error: z.string() }),
]);
export type ImageText = z.infer<typeof imageTextSchema>;

export const loadResultSchema = z.object({
  kind: z.literal("load"),
  model: z.string(),
  loadMs: z.number().nonnegative(),
});
export type OcrLoadResult = z.infer<typeof loadResultSchema>;

export const recogniseResultSchema = z.object({
  kind: z.literal("recognise"),
  model: z.string(),
  images: z.array(imageTextSchema),
  /** Time spent reading images, model loading left out. */
  recogniseMs: z.number().nonnegative(),
});
export type RecogniseResult = z.infer<typeof recogniseResultSchema>;

/** One model file's byte progress. */
export const fileProgressSchema = z.object({
  kind: z.literal("file"),
  file: z.string(),
  status: z.enum(["initiate", "progress", "done"]),
  loaded: z.number().nonnegative(),
  /** 0 while unknown. */
  total: z.number().nonnegative(),
});
export type OcrFileProgress = z.infer<typeof fileProgressSchema>;

/** Images read so far, with the one just read. */
export const imageProgressSchema = z.object({
  kind: z.literal("image"),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  image: imageTextSchema,
});
export type OcrImageProgress = z.infer<typeof imageProgressSchema>;

export const ocrProgressSchema = z.discriminatedUnion("kind", [
  fileProgressSchema,
  imageProgressSchema,
]);
export type OcrProgress = z.infer<typeof ocrProgressSchema>;

export const ocrErrorCodes = [
  "cancelled",
  "model_files",
  "backend",
  "bad_request",
  "internal",
] as const;
export type OcrErrorCode = (typeof ocrErrorCodes)[number];

export const ocrReplySchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("progress"), id: requestId, progress: ocrProgressSchema }),
  z.object({
    type: z.literal("result"),
    id: requestId,
    result: z.discriminatedUnion("kind", [loadResultSchema, recogniseResultSchema]),
  }),
  z.object({
    type: z.literal("error"),
    id: requestId,
    code: z.enum(ocrErrorCodes),
    message: z.string(),
  }),
]);
export type OcrReply = z.infer<typeof ocrReplySchema>;

/** Parses a message the worker received. */
export function parseOcrRequest(data: unknown): Parsed<OcrRequest> {
  return parseWith(ocrRequestSchema, data);
}

/** Parses a message the page received from the worker. */
export function parseOcrReply(data: unknown): Parsed<OcrReply> {
  return parseWith(ocrReplySchema, data);
}

/** The request id of a message that failed to parse, when it has one (to answer it). */
export function ocrRequestIdOf(data: unknown): number | undefined {
  const parsed = z.object({ id: requestId }).safeParse(data);
  return parsed.success ? parsed.data.id : undefined;
}

/** An error that crossed the worker boundary, keeping its code. */
export class OcrError extends Error {
  constructor(
    readonly code: OcrErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "OcrError";
  }
}
