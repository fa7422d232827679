import { z } from "zod";
import { readMapData } from "@/lib/server/data/mapData";
import { getDatabase } from "@/lib/server/db";
import { internalError, jsonError, parseSearchParams } from "@/lib/server/http";
import { guarded } from "@/lib/server/auth/guard";

export const dynamic = "force-dynamic";

const querySchema = z.object({
  dataset: z.string().min(1).max(100),
  modelId: z.string().min(1).max(200),
  modelVersion: z.string().min(1).max(200),
});

/** Points and vectors of a dataset under one model, for the map worker. */
export const GET = guarded("analyze", async (request) => {
  const query = parseSearchParams(querySchema, new URL(request.url).searchParams);
  if (!query.ok) return query.response;
  try {
    const { db } = await getDatabase();
    const data = await readMapData(db, query.data);
    if (!data) return jsonError(404, `No dataset named "${query.data.dataset}"`);
    if (data.points.length === 0) {
      return jsonError(
        404,
        `Dataset "${query.data.dataset}" has no vectors from ${query.data.modelId} yet`,
      );
    }
    return Response.json({
      datasetVersion: data.datasetVersion,
      points: data.points,
      dim: data.dim,
      vectors: data.vectors.toString("base64"),
    });
  } catch (error) {
    return internalError(error, "Reading map data");
  }
});
