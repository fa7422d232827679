import { selectVersionSchema } from "@/lib/core/adaptation/versions";
import { guarded } from "@/lib/server/auth/guard";
import { findDatasetByName } from "@/lib/server/data/creatives";
import { selectModelVersion } from "@/lib/server/data/modelVersions";
import { getDatabase } from "@/lib/server/db";
import { jsonError } from "@/lib/server/http";
import { parseJsonBody } from "@/lib/server/http-body";
import { modelVersionErrorResponse } from "@/lib/server/modelVersionErrors";

export const dynamic = "force-dynamic";

/**
 * Chooses the space the dataset's queue follows: a trained version, or (`versionId` null) the
 * base model, which is the one-click rollback (its stored run is followed again as it was).
 */
export const POST = guarded("curate", async (request, { actor }) => {
  const body = await parseJsonBody(request, selectVersionSchema);
  if (!body.ok) return body.response;
  try {
    const { db } = await getDatabase();
    const dataset = await findDatasetByName(db, body.data.dataset);
    if (!dataset) return jsonError(404, `No dataset named "${body.data.dataset}"`);
    const selected = await selectModelVersion(db, {
      datasetId: dataset.id,
      baseModelId: body.data.baseModelId,
      baseModelVersion: body.data.baseModelVersion,
      versionId: body.data.versionId,
      actor: actor.username,
    });
    return Response.json(selected);
  } catch (error) {
    return modelVersionErrorResponse(error, "Selecting the model version");
  }
});
