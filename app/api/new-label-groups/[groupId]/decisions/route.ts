import { z } from "zod";
import { groupDecisionRequestSchema } from "@/lib/core/workbenchApi";
import { DecisionRejectedError } from "@/lib/server/data/decisions";
import { labelNewLabelGroup } from "@/lib/server/data/newLabelGroups";
import { getDatabase } from "@/lib/server/db";
import { internalError, jsonError } from "@/lib/server/http";
import { parseJsonBody } from "@/lib/server/http-body";
import { guarded } from "@/lib/server/auth/guard";

export const dynamic = "force-dynamic";

/**
 * Labels every undecided member of a new-label group at once (decisions with training pairs, one
 * transaction): what "create a label for the whole group" does in the workbench.
 */
export const POST = guarded<{ groupId: string }>("annotate", async (request, { actor, params }) => {
  const groupId = z.coerce.number().int().positive().safeParse(params.groupId);
  if (!groupId.success) return jsonError(400, "Invalid group id: must be a positive integer");
  const body = await parseJsonBody(request, groupDecisionRequestSchema);
  if (!body.ok) return body.response;
  try {
    const { db } = await getDatabase();
    return Response.json(
      await labelNewLabelGroup(db, {
        groupId: groupId.data,
        ...body.data,
        annotator: actor.username,
      }),
    );
  } catch (error) {
    if (error instanceof DecisionRejectedError) return jsonError(422, error.message);
    return internalError(error, "Labelling the group");
  }
});
