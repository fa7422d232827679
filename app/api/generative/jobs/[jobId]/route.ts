import { z } from "zod";
import { getDatabase } from "@/lib/server/db";
import { getGenerativeJob } from "@/lib/server/data/generativeJobs";
import { cancelGenerativeJob, resumeGenerativeJob } from "@/lib/server/generative/jobControl";
import { jsonError } from "@/lib/server/http";
import { guarded } from "@/lib/server/auth/guard";

export const dynamic = "force-dynamic";

const jobIdSchema = z.coerce.number().int().positive();

/** A generative job's progress, tokens, cost and outcome counts. */
export const GET = guarded<{ jobId: string }>("curate", async (_request, { params }) => {
  const jobId = jobIdSchema.safeParse(params.jobId);
  if (!jobId.success) return jsonError(400, `Invalid job id "${params.jobId}"`);
  const { db } = await getDatabase();
  const job = await getGenerativeJob(db, jobId.data);
  if (!job) return jsonError(404, `No generative job ${jobId.data}`);
  return Response.json({ job });
});

/** Resumes an interrupted job (its process stopped) where it stopped, in this server. */
export const POST = guarded<{ jobId: string }>("curate", async (_request, { params }) => {
  const jobId = jobIdSchema.safeParse(params.jobId);
  if (!jobId.success) return jsonError(400, `Invalid job id "${params.jobId}"`);
  const { db } = await getDatabase();
  if (!(await resumeGenerativeJob(db, jobId.data)))
    return jsonError(409, `Generative job ${jobId.data} is finished or still running elsewhere`);
  return Response.json({ resumed: true }, { status: 202 });
});

/** Cancels a running job; the outcomes stored so far are kept. */
export const DELETE = guarded<{ jobId: string }>("curate", async (_request, { params }) => {
  const jobId = jobIdSchema.safeParse(params.jobId);
  if (!jobId.success) return jsonError(400, `Invalid job id "${params.jobId}"`);
  const { db } = await getDatabase();
  if (!(await cancelGenerativeJob(db, jobId.data)))
    return jsonError(404, `No running generative job ${jobId.data}`);
  return Response.json({ cancelled: true });
});
