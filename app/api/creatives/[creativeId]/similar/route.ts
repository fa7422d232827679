import { z } from "zod";
import { guarded } from "@/lib/server/auth/guard";
import { findSimilarInQueueSpace } from "@/lib/server/data/similarCreatives";
import { getDatabase } from "@/lib/server/db";
import { internalError, jsonError } from "@/lib/server/http";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({
  creativeId: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1),
});

const querySchema = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(5),
  /** `1`: only creatives an annotator labelled (kNN-to-confirmed). */
  confirmed: z.enum(["0", "1"]).default("0"),
});

/**
 * The creatives nearest to one in the embedding space its queue follows, with their current
 * labels, from a nearest-neighbour query in the database (exact, or HNSW on large libraries).
 */
export const GET = guarded<{ creativeId: string }>("read", async (request, { params }) => {
  const id = paramsSchema.safeParse(params);
  if (!id.success) return jsonError(400, "Invalid creative id: must be a positive integer");
  const url = new URL(request.url);
  const query = querySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) {
    const issue = query.error.issues[0];
    return jsonError(400, `Invalid ${issue?.path.join(".") ?? "query"}: ${issue?.message ?? ""}`);
  }
  try {
    const { db } = await getDatabase();
    const found = await findSimilarInQueueSpace(db, {
      creativeId: id.data.creativeId,
      limit: query.data.limit,
      confirmedOnly: query.data.confirmed === "1",
    });
    if (!found) return jsonError(404, `Creative ${id.data.creativeId} has no text vector yet`);
    return Response.json(found);
  } catch (error) {
    return internalError(error, "Finding similar creatives");
  }
});
