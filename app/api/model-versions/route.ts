import { z } from "zod";
import { createVersionSchema, type ModelVersionListing } from "@/lib/core/adaptation/versions";
import { guarded } from "@/lib/server/auth/guard";
import { findDatasetByName } from "@/lib/server/data/creatives";
import {
  createModelVersion,
  getTrainingSettings,
  listModelVersions,
  retrainProposal,
} from "@/lib/server/data/modelVersions";
import { countClearedFlags } from "@/lib/server/data/versionRuns";
import { getDatabase } from "@/lib/server/db";
import { jsonError, parseSearchParams } from "@/lib/server/http";
import { parseJsonBody } from "@/lib/server/http-body";
import { modelVersionErrorResponse } from "@/lib/server/modelVersionErrors";

export const dynamic = "force-dynamic";

const listQuerySchema = z.object({
  dataset: z.string().min(1).max(100),
  modelId: z.string().min(1).max(200),
  modelVersion: z.string().min(1).max(200),
});

/**
 * A dataset's trained versions of one base model (newest first, each with the flags its run
 * cleared), which space the queue follows, and whether a training round is due.
 */
export const GET = guarded("analyze", async (request) => {
  const query = parseSearchParams(listQuerySchema, new URL(request.url).searchParams);
  if (!query.ok) return query.response;
  try {
    const { db } = await getDatabase();
    const dataset = await findDatasetByName(db, query.data.dataset);
    if (!dataset) return jsonError(404, `No dataset named "${query.data.dataset}"`);
    const base = { baseModelId: query.data.modelId, baseModelVersion: query.data.modelVersion };
    const versions = await listModelVersions(db, dataset.id, base);
    const listing: ModelVersionListing = {
      versions: await Promise.all(
        versions.map(async (v) => ({
          ...v,
          cleared: await countClearedFlags(db, {
            datasetId: dataset.id,
            modelId: v.baseModelId,
            modelVersion: v.modelVersion,
          }),
        })),
      ),
      settings: await getTrainingSettings(db, dataset.id),
      proposal: await retrainProposal(db, dataset.id, base.baseModelId, base.baseModelVersion),
    };
    return Response.json(listing);
  } catch (error) {
    return modelVersionErrorResponse(error, "Reading the model versions");
  }
});

/** Stores a trained adapter as a new, not yet selected, version of its base model. */
export const POST = guarded("curate", async (request, { actor }) => {
  const body = await parseJsonBody(request, createVersionSchema);
  if (!body.ok) return body.response;
  const weights = Buffer.from(body.data.weights, "base64");
  try {
    const { db } = await getDatabase();
    const dataset = await findDatasetByName(db, body.data.dataset);
    if (!dataset) return jsonError(404, `No dataset named "${body.data.dataset}"`);
    const created = await createModelVersion(db, {
      datasetId: dataset.id,
      baseModelId: body.data.baseModelId,
      baseModelVersion: body.data.baseModelVersion,
      parentId: body.data.parentId,
      dim: body.data.dim,
      weights: new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength),
      lastDecisionId: body.data.lastDecisionId,
      decisionCount: body.data.decisionCount,
      metrics: body.data.metrics,
      createdBy: actor.username,
    });
    return Response.json(created, { status: 201 });
  } catch (error) {
    return modelVersionErrorResponse(error, "Storing the model version");
  }
});
