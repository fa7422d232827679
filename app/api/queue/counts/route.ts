import { z } from "zod";
import { findDatasetQueue } from "@/lib/server/data/datasetQueue";
import { countQueue } from "@/lib/server/data/queue";
import { getDatabase } from "@/lib/server/db";
import { internalError, jsonError, parseSearchParams } from "@/lib/server/http";
import { guarded } from "@/lib/server/auth/guard";

export const dynamic = "force-dynamic";

const querySchema = z.object({ dataset: z.string().min(1).max(100) });

/**
 * Every annotator asks after every claim; within this many milliseconds they share one count of
 * the decisions (the queue size is always current).
 */
const progressMaxAgeMs = 3000;

/**
 * How far the queue a dataset follows is done, for the workbench's progress line. Kept apart from
 * the claim: counting reads every decision of the dataset (a hundred milliseconds at tens of
 * thousands), and the next items must not wait for a progress figure.
 */
export const GET = guarded("annotate", async (request) => {
  const query = parseSearchParams(querySchema, new URL(request.url).searchParams);
  if (!query.ok) return query.response;
  try {
    const { db } = await getDatabase();
    const dataset = await findDatasetQueue(db, query.data.dataset);
    if (!dataset) return jsonError(404, `No dataset named "${query.data.dataset}"`);
    if (!dataset.run) return Response.json({ counts: null });
    const scope = { datasetId: dataset.datasetId, ...dataset.run };
    const options = { maxAgeMs: progressMaxAgeMs, overlap: dataset.overlap };
    return Response.json({ counts: await countQueue(db, scope, options) });
  } catch (error) {
    return internalError(error, "Counting the queue");
  }
});
