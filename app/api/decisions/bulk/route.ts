import { bulkRequestSchema } from "@/lib/core/workbenchApi";
import {
  proposeLabelForCreatives,
  recordBulkDecisions,
  sendCreativesToQueue,
} from "@/lib/server/data/bulkDecisions";
import { findDatasetByName } from "@/lib/server/data/creatives";
import { DecisionRejectedError } from "@/lib/server/data/decisions";
import { getDatabase } from "@/lib/server/db";
import { internalError, jsonError } from "@/lib/server/http";
import { parseJsonBody } from "@/lib/server/http-body";
import { guarded } from "@/lib/server/auth/guard";

export const dynamic = "force-dynamic";

/**
 * Acts on many creatives at once (a map selection): `assign` one label to all (decisions with
 * their training pairs), `propose` a new label and assign it, or `queue` them for annotators.
 * Each is one transaction; creatives already decided are skipped and listed.
 */
export const POST = guarded("curate", async (request, { actor }) => {
  const body = await parseJsonBody(request, bulkRequestSchema);
  if (!body.ok) return body.response;
  const input = body.data;
  try {
    const { db } = await getDatabase();
    const dataset = await findDatasetByName(db, input.dataset);
    if (!dataset) return jsonError(404, `No dataset named "${input.dataset}"`);
    const selection = {
      creativeIds: input.creativeIds,
      annotator: actor.username,
      source: "map",
      requestId: input.requestId,
    };
    switch (input.operation) {
      case "assign":
        return Response.json(
          await recordBulkDecisions(db, { ...selection, labelId: input.labelId, action: "pick" }),
        );
      case "propose":
        return Response.json(
          await proposeLabelForCreatives(db, {
            ...selection,
            taxonomyId: dataset.taxonomyId,
            parentId: input.parentId,
            name: input.name,
          }),
        );
      case "queue":
        return Response.json(
          await sendCreativesToQueue(db, {
            datasetId: dataset.id,
            creativeIds: input.creativeIds,
            annotator: actor.username,
          }),
        );
    }
  } catch (error) {
    if (error instanceof DecisionRejectedError) return jsonError(422, error.message);
    return internalError(error, "The bulk action");
  }
});
