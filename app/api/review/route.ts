import { z } from "zod";
import { guarded } from "@/lib/server/auth/guard";
import { findDatasetByName } from "@/lib/server/data/creatives";
import { DecisionRejectedError } from "@/lib/server/data/decisions";
import { latestDetectorRun } from "@/lib/server/data/queueItems";
import { listReviewItems, settleReview } from "@/lib/server/data/reviews";
import { getDatabase } from "@/lib/server/db";
import { internalError, jsonError, parseSearchParams } from "@/lib/server/http";
import { parseJsonBody } from "@/lib/server/http-body";

export const dynamic = "force-dynamic";

const datasetSchema = z.string().min(1).max(100);
const idSchema = z
  .number()
  .int()
  .positive()
  .max(2 ** 31 - 1);

/** The dataset and the detector run its queue (and so its review queue) is drawn from. */
async function scopeOf(datasetName: string) {
  const { db } = await getDatabase();
  const dataset = await findDatasetByName(db, datasetName);
  if (!dataset) return null;
  const run = await latestDetectorRun(db, dataset.id);
  return { db, dataset, scope: run ? { datasetId: dataset.id, ...run } : null };
}

/** The overlap items whose annotators disagree, with every annotator's label and the suggestions. */
export const GET = guarded("review", async (request) => {
  const query = parseSearchParams(
    z.object({
      dataset: datasetSchema,
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
    new URL(request.url).searchParams,
  );
  if (!query.ok) return query.response;
  try {
    const found = await scopeOf(query.data.dataset);
    if (!found) return jsonError(404, `No dataset named "${query.data.dataset}"`);
    if (!found.scope)
      return Response.json({ items: [], total: 0, taxonomyId: found.dataset.taxonomyId });
    const review = await listReviewItems(found.db, { ...found.scope, limit: query.data.limit });
    return Response.json({ ...review, taxonomyId: found.dataset.taxonomyId });
  } catch (error) {
    return internalError(error, "Reading the review queue");
  }
});

const settleSchema = z.object({
  dataset: datasetSchema,
  creativeId: idSchema,
  labelId: idSchema,
  timeSpentMs: z
    .number()
    .min(0)
    .max(24 * 3600 * 1000),
});

/** Settles a disagreement with the admin's label; the overruled decisions stop counting. */
export const POST = guarded("review", async (request, { actor }) => {
  const body = await parseJsonBody(request, settleSchema);
  if (!body.ok) return body.response;
  try {
    const found = await scopeOf(body.data.dataset);
    if (!found) return jsonError(404, `No dataset named "${body.data.dataset}"`);
    if (!found.scope)
      return jsonError(409, `Dataset "${body.data.dataset}" has not been scored yet`);
    const settled = await settleReview(found.db, {
      ...found.scope,
      creativeId: body.data.creativeId,
      labelId: body.data.labelId,
      timeSpentMs: body.data.timeSpentMs,
      admin: actor.username,
    });
    return Response.json(settled);
  } catch (error) {
    if (error instanceof DecisionRejectedError) return jsonError(409, error.message);
    return internalError(error, "Settling the review");
  }
});
