import { z } from "zod";
import { guarded } from "@/lib/server/auth/guard";
import { materializeVersionEmbeddings } from "@/lib/server/data/versionEmbeddings";
import { getDatabase } from "@/lib/server/db";
import { jsonError } from "@/lib/server/http";
import { modelVersionErrorResponse } from "@/lib/server/modelVersionErrors";

export const dynamic = "force-dynamic";

/**
 * Stores a version's vectors: the dataset's base-model vectors through its adapter, on the
 * server, where they already are (only missing or stale ones are written, so a retry is cheap).
 */
export const POST = guarded<{ versionId: string }>("curate", async (_request, { params }) => {
  const versionId = z.coerce.number().int().positive().safeParse(params.versionId);
  if (!versionId.success) return jsonError(400, `Invalid version id "${params.versionId}"`);
  try {
    const { db } = await getDatabase();
    return Response.json(await materializeVersionEmbeddings(db, versionId.data));
  } catch (error) {
    return modelVersionErrorResponse(error, "Storing the version's vectors");
  }
});
