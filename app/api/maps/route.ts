import { z } from "zod";
import { findDatasetByName } from "@/lib/server/data/creatives";
import { findStoredMap, saveStoredMap, StoredMapRejectedError } from "@/lib/server/data/maps";
import { getDatabase } from "@/lib/server/db";
import { embeddingOwners } from "@/lib/server/db/schema";
import { internalError, jsonError, parseSearchParams } from "@/lib/server/http";
import { parseJsonBody } from "@/lib/server/http-body";
import { guarded } from "@/lib/server/auth/guard";

export const dynamic = "force-dynamic";

const keySchema = z.object({
  dataset: z.string().min(1).max(100),
  modelId: z.string().min(1).max(200),
  modelVersion: z.string().min(1).max(200),
  pointsKey: z.string().min(1).max(500),
});

const findSchema = keySchema.extend({ datasetVersion: z.coerce.number().int().positive() });

/**
 * The stored map for a dataset, model and set of points, newest at or before the given dataset
 * version (`{ map: null }` when none): the page opens it at once instead of laying it out again.
 */
export const GET = guarded("analyze", async (request) => {
  const query = parseSearchParams(findSchema, new URL(request.url).searchParams);
  if (!query.ok) return query.response;
  try {
    const { db } = await getDatabase();
    const dataset = await findDatasetByName(db, query.data.dataset);
    if (!dataset) return jsonError(404, `No dataset named "${query.data.dataset}"`);
    const map = await findStoredMap(db, {
      datasetId: dataset.id,
      modelId: query.data.modelId,
      modelVersion: query.data.modelVersion,
      pointsKey: query.data.pointsKey,
      atVersion: query.data.datasetVersion,
    });
    if (!map) return Response.json({ map: null });
    return Response.json({
      map: {
        datasetVersion: map.datasetVersion,
        points: map.points,
        coordinates: map.coordinates.toString("base64"),
        params: map.params,
        createdBy: map.createdBy,
        createdAt: map.createdAt,
      },
    });
  } catch (error) {
    return internalError(error, "Reading the stored map");
  }
});

const saveSchema = keySchema.extend({
  datasetVersion: z.number().int().positive(),
  points: z
    .array(z.object({ ownerType: z.enum(embeddingOwners), ownerId: z.number().int().positive() }))
    .min(1, "a map needs points")
    .max(500_000),
  /** Base64 of little-endian float32 x,y pairs, one pair per point. */
  coordinates: z.base64(),
  params: z.record(z.string(), z.unknown()),
});

/** Stores a map computed in the browser, replacing the one stored under the same key. */
export const PUT = guarded("compute", async (request, { actor }) => {
  const body = await parseJsonBody(request, saveSchema);
  if (!body.ok) return body.response;
  try {
    const { db } = await getDatabase();
    const dataset = await findDatasetByName(db, body.data.dataset);
    if (!dataset) return jsonError(404, `No dataset named "${body.data.dataset}"`);
    const saved = await saveStoredMap(db, {
      datasetId: dataset.id,
      datasetVersion: body.data.datasetVersion,
      modelId: body.data.modelId,
      modelVersion: body.data.modelVersion,
      pointsKey: body.data.pointsKey,
      points: body.data.points,
      coordinates: Buffer.from(body.data.coordinates, "base64"),
      params: body.data.params,
      createdBy: actor.username,
    });
    return Response.json(saved);
  } catch (error) {
    if (error instanceof StoredMapRejectedError) return jsonError(422, error.message);
    return internalError(error, "Storing the map");
  }
});
