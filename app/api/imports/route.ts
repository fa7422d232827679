import { z } from "zod";
import { readServerConfig } from "@/lib/server/config";
import { getDatabase } from "@/lib/server/db";
import { internalError, jsonError, parseSearchParams } from "@/lib/server/http";
import { beginImportJob, finishImportJob } from "@/lib/server/import/jobs";
import { importRequestSchema, runImport } from "@/lib/server/import/runImport";
import { guarded } from "@/lib/server/auth/guard";

export const dynamic = "force-dynamic";

const querySchema = importRequestSchema.extend({
  jobId: z.uuid("must be a UUID"),
  skipBadRows: z
    .enum(["0", "1", "true", "false"])
    .default("0")
    .transform((v) => v === "1" || v === "true"),
});

/**
 * Imports the request body as a file (taxonomy or creatives), streamed straight into the import
 * so a large file never sits in memory. Answers with the import's report; progress can be read
 * meanwhile from /api/imports/{jobId}.
 */
export const POST = guarded("curate", async (request) => {
  const query = parseSearchParams(querySchema, new URL(request.url).searchParams);
  if (!query.ok) return query.response;
  const config = readServerConfig();
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > config.maxImportBytes) {
    return jsonError(
      413,
      `${query.data.fileName} is ${(declared / 1024 / 1024).toFixed(1)} MB, over the import limit of ${Math.round(config.maxImportBytes / 1024 / 1024)} MB`,
    );
  }
  if (!request.body) return jsonError(400, `${query.data.fileName} is empty`);
  const { jobId, ...options } = query.data;
  let job;
  try {
    job = beginImportJob(jobId, options.fileName);
  } catch (error) {
    return jsonError(409, (error as Error).message);
  }
  request.signal.addEventListener("abort", () => job.controller.abort());
  try {
    const { db } = await getDatabase();
    const report = await runImport(db, {
      ...options,
      source: request.body as unknown as AsyncIterable<Uint8Array>,
      totalBytes: declared || undefined,
      maxBytes: config.maxImportBytes,
      signal: job.controller.signal,
      onProgress: (progress) => (job.progress = progress),
    });
    finishImportJob(job, { report });
    return Response.json({ report }, { status: report.status === "done" ? 200 : 422 });
  } catch (error) {
    finishImportJob(job, { error: "The import failed on the server; nothing was written." });
    return internalError(error, "The import");
  }
});
