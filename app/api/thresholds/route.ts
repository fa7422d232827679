import { z } from "zod";
import { findDatasetByName } from "@/lib/server/data/creatives";
import { latestDetectorRun } from "@/lib/server/data/queueItems";
import {
  getSimilarityThreshold,
  listThresholdPoints,
  setSimilarityThreshold,
} from "@/lib/server/data/thresholds";
import { getDatabase } from "@/lib/server/db";
import type { QueueScope as ThresholdScope } from "@/lib/server/data/queue";
import { internalError, jsonError, parseSearchParams } from "@/lib/server/http";
import { parseJsonBody } from "@/lib/server/http-body";
import { guarded } from "@/lib/server/auth/guard";

export const dynamic = "force-dynamic";

async function scopeOf(
  datasetName: string,
): Promise<
  { error: Response } | { db: Awaited<ReturnType<typeof getDatabase>>["db"]; scope: ThresholdScope }
> {
  const { db } = await getDatabase();
  const dataset = await findDatasetByName(db, datasetName);
  if (!dataset) return { error: jsonError(404, `No dataset named "${datasetName}"`) };
  const run = await latestDetectorRun(db, dataset.id);
  if (!run) return { error: jsonError(404, `Dataset "${datasetName}" has not been scored yet`) };
  return { db, scope: { datasetId: dataset.id, ...run } };
}

/** The similarity of every scored creative to its predicted label, with decisions, and the threshold. */
export const GET = guarded("analyze", async (request) => {
  const query = parseSearchParams(
    z.object({ dataset: z.string().min(1).max(100) }),
    new URL(request.url).searchParams,
  );
  if (!query.ok) return query.response;
  try {
    const found = await scopeOf(query.data.dataset);
    if ("error" in found) return found.error;
    const [points, threshold] = await Promise.all([
      listThresholdPoints(found.db, found.scope),
      getSimilarityThreshold(found.db, found.scope),
    ]);
    return Response.json({ points, threshold, modelId: found.scope.modelId });
  } catch (error) {
    return internalError(error, "Reading the thresholds");
  }
});

const putSchema = z.object({
  dataset: z.string().min(1).max(100),
  value: z.number().min(-1).max(1),
});

/** Sets the similarity threshold; the queue includes creatives under it from the next request on. */
export const PUT = guarded("curate", async (request, { actor }) => {
  const body = await parseJsonBody(request, putSchema);
  if (!body.ok) return body.response;
  try {
    const found = await scopeOf(body.data.dataset);
    if ("error" in found) return found.error;
    await setSimilarityThreshold(found.db, {
      ...found.scope,
      value: body.data.value,
      updatedBy: actor.username,
    });
    return Response.json({ threshold: body.data.value });
  } catch (error) {
    return internalError(error, "Saving the threshold");
  }
});
