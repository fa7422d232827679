import { trainingSettingsSchema } from "@/lib/core/adaptation/versions";
import { guarded } from "@/lib/server/auth/guard";
import { findDatasetByName } from "@/lib/server/data/creatives";
import { setRetrainAfterDecisions } from "@/lib/server/data/modelVersions";
import { getDatabase } from "@/lib/server/db";
import { jsonError } from "@/lib/server/http";
import { parseJsonBody } from "@/lib/server/http-body";
import { modelVersionErrorResponse } from "@/lib/server/modelVersionErrors";

export const dynamic = "force-dynamic";

/** Sets after how many new decisions the app proposes a training round for the dataset. */
export const PUT = guarded("curate", async (request, { actor }) => {
  const body = await parseJsonBody(request, trainingSettingsSchema);
  if (!body.ok) return body.response;
  try {
    const { db } = await getDatabase();
    const dataset = await findDatasetByName(db, body.data.dataset);
    if (!dataset) return jsonError(404, `No dataset named "${body.data.dataset}"`);
    return Response.json(
      await setRetrainAfterDecisions(db, {
        datasetId: dataset.id,
        retrainAfterDecisions: body.data.retrainAfterDecisions,
        actor: actor.username,
      }),
    );
  } catch (error) {
    return modelVersionErrorResponse(error, "Saving the training settings");
  }
});
