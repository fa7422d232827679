import { decisionRequestSchema } from "@/lib/core/workbenchApi";
import { DecisionRejectedError, recordDecision } from "@/lib/server/data/decisions";
import { getDatabase } from "@/lib/server/db";
import { internalError, jsonError } from "@/lib/server/http";
import { parseJsonBody } from "@/lib/server/http-body";
import { guarded } from "@/lib/server/auth/guard";

export const dynamic = "force-dynamic";

/** Stores a decision with its training pairs (one transaction; retried requests are stored once). */
export const POST = guarded("annotate", async (request, { actor }) => {
  const body = await parseJsonBody(request, decisionRequestSchema);
  if (!body.ok) return body.response;
  try {
    const { db } = await getDatabase();
    const result = await recordDecision(db, { ...body.data, annotator: actor.username });
    return Response.json(result);
  } catch (error) {
    if (error instanceof DecisionRejectedError) return jsonError(422, error.message);
    return internalError(error, "Saving the decision");
  }
});
