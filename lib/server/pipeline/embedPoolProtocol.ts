import type { ModelSpec } from "@/lib/core/models/registry";

/**
 * The messages between the Node embedding pool and its worker threads: one typed protocol, so
 * both sides agree on every field.
 */

/** What a worker is started with. */
export interface EmbedWorkerData {
  model: ModelSpec;
  modelsDir: string;
}

/** A batch to embed. */
export interface EmbedWorkerRequest {
  id: number;
  texts: string[];
}

/** A worker's answer: ready with the model's dimension, a batch's vectors, or an error. */
export type EmbedWorkerReply =
  | { type: "ready"; dim: number }
  | { type: "vectors"; id: number; vectors: Float32Array }
  | { type: "error"; id: number; message: string };
