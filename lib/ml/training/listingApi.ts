import { z } from "zod";
import type { ModelVersionListing, TrainingSettings } from "@/lib/core/adaptation/versions";
import { readJson } from "../apiJson";
import { modelVersionSummarySchema, selectedSpaceSchema } from "./trainingApi";

/**
 * The browser's client for what Settings shows of a dataset's model versions: the listing and
 * the proposal threshold (selecting and rolling back go through `selectTrainedVersion`). Every
 * answer is parsed, so the page never renders a shape the server did not promise.
 */

const trainingSettingsAnswerSchema: z.ZodType<TrainingSettings> = z.object({
  selected: selectedSpaceSchema.nullable(),
  retrainAfterDecisions: z.number().int().positive(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
});

const listingSchema: z.ZodType<ModelVersionListing> = z.object({
  versions: z.array(
    modelVersionSummarySchema.extend({
      cleared: z.object({
        wrongLabel: z.number().int().min(0),
        newLabel: z.number().int().min(0),
        total: z.number().int().min(0),
      }),
    }),
  ),
  settings: trainingSettingsAnswerSchema,
  proposal: z.object({
    decisionsSince: z.number().int().min(0),
    retrainAfterDecisions: z.number().int().positive(),
    due: z.boolean(),
  }),
});

export interface BaseModelQuery {
  dataset: string;
  modelId: string;
  modelVersion: string;
}

export async function fetchModelVersions(
  query: BaseModelQuery,
  signal?: AbortSignal,
): Promise<ModelVersionListing> {
  const response = await fetch(`/api/model-versions?${new URLSearchParams({ ...query })}`, {
    signal,
  });
  return readJson(response, listingSchema, "Reading the model versions (GET /api/model-versions)");
}

/** Sets after how many new decisions a round is proposed for the dataset. */
export async function saveRetrainAfterDecisions(
  dataset: string,
  retrainAfterDecisions: number,
): Promise<TrainingSettings> {
  const response = await fetch("/api/model-versions/settings", {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ dataset, retrainAfterDecisions }),
  });
  return readJson(
    response,
    trainingSettingsAnswerSchema,
    "Saving the training settings (PUT /api/model-versions/settings)",
  );
}
