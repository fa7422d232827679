import { z } from "zod";
import { guarded } from "@/lib/server/auth/guard";
import { findDatasetByName } from "@/lib/server/data/creatives";
import { detectorPrecisionByVersion } from "@/lib/server/data/versionRuns";
import { getDatabase } from "@/lib/server/db";
import { internalError, jsonError, parseSearchParams } from "@/lib/server/http";

export const dynamic = "force-dynamic";

/** Per detector run (base models' and trained versions'): how often its flags were borne out. */
export const GET = guarded("analyze", async (request) => {
  const query = parseSearchParams(
    z.object({ dataset: z.string().min(1).max(100) }),
    new URL(request.url).searchParams,
  );
  if (!query.ok) return query.response;
  try {
    const { db } = await getDatabase();
    const dataset = await findDatasetByName(db, query.data.dataset);
    if (!dataset) return jsonError(404, `No dataset named "${query.data.dataset}"`);
    return Response.json({ runs: await detectorPrecisionByVersion(db, dataset.id) });
  } catch (error) {
    return internalError(error, "Reading the flag precision");
  }
});
