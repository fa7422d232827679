import { z } from "zod";
import { getDatabase } from "@/lib/server/db";
import { findDatasetByName } from "@/lib/server/data/creatives";
import { GenerativeJobConflictError, latestGenerativeJob } from "@/lib/server/data/generativeJobs";
import {
  GenerativeNotConfiguredError,
  startGenerativeJob,
} from "@/lib/server/generative/jobControl";
import { internalError, jsonError, parseSearchParams } from "@/lib/server/http";
import { parseJsonBody } from "@/lib/server/http-body";
import { guarded } from "@/lib/server/auth/guard";

export const dynamic = "force-dynamic";

const querySchema = z.object({ dataset: z.string().trim().min(1, "is required") });
const bodySchema = z.object({
  dataset: z.string().trim().min(1, "is required"),
  all: z.boolean().default(false),
});

/** The dataset's newest generative job with its progress (interrupted ones can be resumed). */
export const GET = guarded("curate", async (request) => {
  const query = parseSearchParams(querySchema, new URL(request.url).searchParams);
  if (!query.ok) return query.response;
  const { db } = await getDatabase();
  const dataset = await findDatasetByName(db, query.data.dataset);
  if (!dataset) return jsonError(404, `No dataset named "${query.data.dataset}"`);
  return Response.json({ job: await latestGenerativeJob(db, dataset.id) });
});

/**
 * Starts labelling a dataset's creatives that have no generative label (or all of them) with the
 * configured provider; the job runs on the server, this answers its id at once.
 */
export const POST = guarded("curate", async (request, { actor }) => {
  const body = await parseJsonBody(request, bodySchema);
  if (!body.ok) return body.response;
  const { db } = await getDatabase();
  const dataset = await findDatasetByName(db, body.data.dataset);
  if (!dataset) return jsonError(404, `No dataset named "${body.data.dataset}"`);
  try {
    const jobId = await startGenerativeJob(db, {
      datasetId: dataset.id,
      scope: body.data.all ? "all" : "missing",
      createdBy: actor.username,
    });
    return Response.json({ jobId }, { status: 202 });
  } catch (error) {
    if (error instanceof GenerativeJobConflictError) return jsonError(409, error.message);
    if (error instanceof GenerativeNotConfiguredError) return jsonError(409, error.message);
    return internalError(error, "Starting the generative job");
  }
});
