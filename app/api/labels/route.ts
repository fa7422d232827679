import { proposeLabelRequestSchema } from "@/lib/core/workbenchApi";
import { createProposedLabel } from "@/lib/server/data/taxonomies";
import { getDatabase } from "@/lib/server/db";
import { internalError, jsonError } from "@/lib/server/http";
import { parseJsonBody } from "@/lib/server/http-body";
import { guarded } from "@/lib/server/auth/guard";

export const dynamic = "force-dynamic";

/** Creates a proposed label (usable at once, reviewed later on the Labels page). */
export const POST = guarded("annotate", async (request, { actor }) => {
  const body = await parseJsonBody(request, proposeLabelRequestSchema);
  if (!body.ok) return body.response;
  try {
    const { db } = await getDatabase();
    const label = await createProposedLabel(db, {
      taxonomyId: body.data.taxonomyId,
      parentId: body.data.parentId,
      name: body.data.name,
      createdBy: `annotator:${actor.username}`,
    });
    return Response.json({ label });
  } catch (error) {
    if (error instanceof Error && /not in this taxonomy/.test(error.message))
      return jsonError(422, error.message);
    return internalError(error, "Creating the label");
  }
});
