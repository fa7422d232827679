import { z } from "zod";
import { findDatasetByName } from "@/lib/server/data/creatives";
import { listPendingEmbeddingInputs } from "@/lib/server/data/embeddings";
import { getDatabase } from "@/lib/server/db";
import { internalError, jsonError, parseSearchParams } from "@/lib/server/http";
import { guarded } from "@/lib/server/auth/guard";

export const dynamic = "force-dynamic";

const querySchema = z.object({
  dataset: z.string().min(1).max(100),
  modelId: z.string().min(1).max(200),
  modelVersion: z.string().min(1).max(200),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
  /** `1`: the model has a vision tower, so the creatives' stored images are inputs too. */
  images: z.enum(["0", "1"]).default("0"),
});

/**
 * The creative texts and labels (and, for a multimodal model, the stored images) of a dataset
 * that still need a vector from a model version.
 */
export const GET = guarded("compute", async (request) => {
  const query = parseSearchParams(querySchema, new URL(request.url).searchParams);
  if (!query.ok) return query.response;
  try {
    const { db } = await getDatabase();
    const dataset = await findDatasetByName(db, query.data.dataset);
    if (!dataset) return jsonError(404, `No dataset named "${query.data.dataset}"`);
    return Response.json(
      await listPendingEmbeddingInputs(db, {
        datasetId: dataset.id,
        modelId: query.data.modelId,
        modelVersion: query.data.modelVersion,
        limit: query.data.limit,
        includeImages: query.data.images === "1",
      }),
    );
  } catch (error) {
    return internalError(error, "Listing what to embed");
  }
});
