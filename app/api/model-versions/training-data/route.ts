import { z } from "zod";
import type { TrainingData } from "@/lib/core/adaptation/versions";
import { float32ToBase64 } from "@/lib/ml/embedding/vectorCodec";
import { guarded } from "@/lib/server/auth/guard";
import { findDatasetByName } from "@/lib/server/data/creatives";
import { loadTrainingData } from "@/lib/server/data/trainingData";
import { getDatabase } from "@/lib/server/db";
import { jsonError, parseSearchParams } from "@/lib/server/http";
import { modelVersionErrorResponse } from "@/lib/server/modelVersionErrors";

export const dynamic = "force-dynamic";

const querySchema = z.object({
  dataset: z.string().min(1).max(100),
  modelId: z.string().min(1).max(200),
  modelVersion: z.string().min(1).max(200),
});

/**
 * What the training worker trains a round on: the base model's vectors of the taxonomy's labels
 * and of every creative a training pair names, the decisions' pairs and the imported labels'.
 */
export const GET = guarded("curate", async (request) => {
  const query = parseSearchParams(querySchema, new URL(request.url).searchParams);
  if (!query.ok) return query.response;
  try {
    const { db } = await getDatabase();
    const dataset = await findDatasetByName(db, query.data.dataset);
    if (!dataset) return jsonError(404, `No dataset named "${query.data.dataset}"`);
    const data = await loadTrainingData(db, {
      datasetId: dataset.id,
      baseModelId: query.data.modelId,
      baseModelVersion: query.data.modelVersion,
    });
    if (data.labelRows.length === 0) {
      return jsonError(
        409,
        `Dataset "${dataset.name}" has no label vectors from ${query.data.modelId} ${query.data.modelVersion}; embed it first`,
      );
    }
    const body: TrainingData = { ...data, vectors: float32ToBase64(data.vectors) };
    return Response.json(body);
  } catch (error) {
    return modelVersionErrorResponse(error, "Reading the training data");
  }
});
