import { z } from "zod";
import { findDatasetByName } from "@/lib/server/data/creatives";
import { listRecentDecisions } from "@/lib/server/data/decisions";
import { getDatabase } from "@/lib/server/db";
import { internalError, jsonError, parseSearchParams } from "@/lib/server/http";
import { guarded } from "@/lib/server/auth/guard";

export const dynamic = "force-dynamic";

const querySchema = z.object({ dataset: z.string().min(1).max(100) });

/** The signed-in annotator's last ten decisions, for the history sidebar. */
export const GET = guarded("annotate", async (request, { actor }) => {
  const query = parseSearchParams(querySchema, new URL(request.url).searchParams);
  if (!query.ok) return query.response;
  try {
    const { db } = await getDatabase();
    const dataset = await findDatasetByName(db, query.data.dataset);
    if (!dataset) return jsonError(404, `No dataset named "${query.data.dataset}"`);
    return Response.json({
      decisions: await listRecentDecisions(db, {
        annotator: actor.username,
        datasetId: dataset.id,
        limit: 10,
      }),
    });
  } catch (error) {
    return internalError(error, "Reading the history");
  }
});
