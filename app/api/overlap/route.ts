import { z } from "zod";
import { guarded } from "@/lib/server/auth/guard";
import { findDatasetByName } from "@/lib/server/data/creatives";
import {
  getOverlapSettings,
  overlapSettingsSchema,
  setOverlapSettings,
} from "@/lib/server/data/overlap";
import { getDatabase } from "@/lib/server/db";
import { internalError, jsonError, parseSearchParams } from "@/lib/server/http";
import { parseJsonBody } from "@/lib/server/http-body";

export const dynamic = "force-dynamic";

const datasetSchema = z.string().min(1).max(100);

/** How much of a dataset's queue goes to several annotators. */
export const GET = guarded("analyze", async (request) => {
  const query = parseSearchParams(
    z.object({ dataset: datasetSchema }),
    new URL(request.url).searchParams,
  );
  if (!query.ok) return query.response;
  try {
    const { db } = await getDatabase();
    const dataset = await findDatasetByName(db, query.data.dataset);
    if (!dataset) return jsonError(404, `No dataset named "${query.data.dataset}"`);
    return Response.json(await getOverlapSettings(db, dataset.id));
  } catch (error) {
    return internalError(error, "Reading the overlap settings");
  }
});

/** Sets a dataset's overlap; the queue follows from the next claim on. */
export const POST = guarded("curate", async (request, { actor }) => {
  const body = await parseJsonBody(
    request,
    overlapSettingsSchema.extend({ dataset: datasetSchema }),
  );
  if (!body.ok) return body.response;
  try {
    const { db } = await getDatabase();
    const dataset = await findDatasetByName(db, body.data.dataset);
    if (!dataset) return jsonError(404, `No dataset named "${body.data.dataset}"`);
    await setOverlapSettings(db, {
      datasetId: dataset.id,
      share: body.data.share,
      annotators: body.data.annotators,
      updatedBy: actor.username,
    });
    return Response.json(await getOverlapSettings(db, dataset.id));
  } catch (error) {
    return internalError(error, "Saving the overlap settings");
  }
});
