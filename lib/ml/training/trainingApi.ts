import { z } from "zod";
import {
  selectVersionSchema,
  trainingDataSchema,
  versionMetricsSchema,
  type CreateVersionBody,
  type MaterializedEmbeddings,
  type ModelVersionSummary,
  type SelectedSpace,
  type TrainingData,
} from "@/lib/core/adaptation/versions";
import { readJson } from "../apiJson";

/**
 * The browser's client for the routes a training round calls, in its order: the training data,
 * storing the trained version, writing its vectors, selecting it. Every answer is parsed (the
 * server's types are interfaces, so the schemas below mirror them, checked with `satisfies`), a
 * failure names the route with the server's own message, and every call takes the round's
 * signal. The Settings listing and rollback live in `listingApi.ts`.
 */

/** Which base model a round trains on: `modelVersion` is `modelVersionOf(model)`. */
export interface TrainingDataQuery {
  dataset: string;
  modelId: string;
  modelVersion: string;
}

/** POST /api/model-versions/select's body (`versionId` null: roll back to the base model). */
export type SelectVersionBody = z.infer<typeof selectVersionSchema>;

/** One version as the server summarises it; the Settings listing extends it. */
export const modelVersionSummarySchema = z.object({
  id: z.number().int().positive(),
  parentId: z.number().int().positive().nullable(),
  baseModelId: z.string(),
  baseModelVersion: z.string(),
  modelVersion: z.string(),
  objective: z.string(),
  dim: z.number().int().positive(),
  decisionCount: z.number().int().min(0),
  lastDecisionId: z.number().int().min(0),
  metrics: versionMetricsSchema,
  createdBy: z.string(),
  createdAt: z.string(),
  selected: z.boolean(),
}) satisfies z.ZodType<ModelVersionSummary>;

const count = z.number().int().min(0);

const materializedSchema = z.object({
  modelId: z.string(),
  modelVersion: z.string(),
  total: count,
  stored: count,
  unchanged: count,
  skipped: count,
}) satisfies z.ZodType<MaterializedEmbeddings>;

export const selectedSpaceSchema = z.object({
  modelId: z.string(),
  modelVersion: z.string(),
  versionId: z.number().int().positive().nullable(),
}) satisfies z.ZodType<SelectedSpace>;

function postJson(url: string, body: unknown, signal?: AbortSignal): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal,
  });
}

/** GET /api/model-versions/training-data: what a round trains on (vectors still base64). */
export async function fetchTrainingData(
  query: TrainingDataQuery,
  signal?: AbortSignal,
): Promise<TrainingData> {
  const params = new URLSearchParams({ ...query });
  const response = await fetch(`/api/model-versions/training-data?${params}`, { signal });
  return readJson(
    response,
    trainingDataSchema,
    "Reading the training data (GET /api/model-versions/training-data)",
  );
}

/** POST /api/model-versions: stores a trained adapter as a new, not yet selected, version. */
export async function storeModelVersion(
  body: CreateVersionBody,
  signal?: AbortSignal,
): Promise<ModelVersionSummary> {
  const response = await postJson("/api/model-versions", body, signal);
  return readJson(
    response,
    modelVersionSummarySchema,
    "Storing the model version (POST /api/model-versions)",
  );
}

/** POST /api/model-versions/[id]/embed: the server writes the version's vectors. */
export async function embedModelVersion(
  versionId: number,
  signal?: AbortSignal,
): Promise<MaterializedEmbeddings> {
  const route = `/api/model-versions/${versionId}/embed`;
  const response = await postJson(route, {}, signal);
  return readJson(response, materializedSchema, `Storing the version's vectors (POST ${route})`);
}

/**
 * POST /api/model-versions/select: the space the dataset's queue follows from now on. Once the
 * request is sent, aborting cannot undo the selection; the round checks its signal before.
 */
export async function selectTrainedVersion(
  body: SelectVersionBody,
  signal?: AbortSignal,
): Promise<SelectedSpace> {
  const response = await postJson("/api/model-versions/select", body, signal);
  return readJson(
    response,
    selectedSpaceSchema,
    "Selecting the model version (POST /api/model-versions/select)",
  );
}
