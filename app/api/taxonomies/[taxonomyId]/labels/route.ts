import { z } from "zod";
import { findTaxonomyById, getLabelTree } from "@/lib/server/data/taxonomies";
import { getDatabase } from "@/lib/server/db";
import { internalError, jsonError } from "@/lib/server/http";
import { guarded } from "@/lib/server/auth/guard";

export const dynamic = "force-dynamic";

const idSchema = z.coerce.number().int().positive();

/** A taxonomy's labels with counts of creatives per label. */
export const GET = guarded<{ taxonomyId: string }>("read", async (_request, { params }) => {
  const id = idSchema.safeParse(params.taxonomyId);
  if (!id.success) return jsonError(400, "Invalid taxonomy id: must be a positive integer");
  try {
    const { db } = await getDatabase();
    const taxonomy = await findTaxonomyById(db, id.data);
    if (!taxonomy) return jsonError(404, `No taxonomy ${id.data}`);
    return Response.json({ taxonomy, labels: await getLabelTree(db, id.data) });
  } catch (error) {
    return internalError(error, "Reading the taxonomy");
  }
});
