import { undoRequestSchema } from "@/lib/core/workbenchApi";
import { findDatasetByName } from "@/lib/server/data/creatives";
import { undoLastDecision } from "@/lib/server/data/decisions";
import { getDatabase } from "@/lib/server/db";
import { internalError, jsonError } from "@/lib/server/http";
import { parseJsonBody } from "@/lib/server/http-body";
import { guarded } from "@/lib/server/auth/guard";

export const dynamic = "force-dynamic";

/** Retracts the annotator's latest decision and its training pairs. */
export const POST = guarded("annotate", async (request, { actor }) => {
  const body = await parseJsonBody(request, undoRequestSchema);
  if (!body.ok) return body.response;
  try {
    const { db } = await getDatabase();
    const dataset = await findDatasetByName(db, body.data.dataset);
    if (!dataset) return jsonError(404, `No dataset named "${body.data.dataset}"`);
    const undone = await undoLastDecision(db, {
      annotator: actor.username,
      datasetId: dataset.id,
    });
    if (!undone) return jsonError(404, "There is no decision to undo");
    return Response.json(undone);
  } catch (error) {
    return internalError(error, "Undoing the decision");
  }
});
