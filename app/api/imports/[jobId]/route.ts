import { cancelImportJob, findImportJob } from "@/lib/server/import/jobs";
import { jsonError } from "@/lib/server/http";
import { guarded } from "@/lib/server/auth/guard";

export const dynamic = "force-dynamic";

/** The live progress (or the outcome) of an import started by POST /api/imports. */
export const GET = guarded<{ jobId: string }>("curate", async (_request, { params }) => {
  const { jobId } = params;
  const job = findImportJob(jobId);
  if (!job) return jsonError(404, `No import ${jobId} is running or recently finished`);
  return Response.json({
    fileName: job.fileName,
    progress: job.progress ?? null,
    report: job.report ?? null,
    error: job.error ?? null,
    finished: Boolean(job.finishedAt),
  });
});

/** Cancels a running import; its transaction rolls back and nothing is written. */
export const DELETE = guarded<{ jobId: string }>("curate", async (_request, { params }) => {
  const { jobId } = params;
  if (!cancelImportJob(jobId)) return jsonError(404, `No import ${jobId} is running`);
  return Response.json({ cancelled: true });
});
