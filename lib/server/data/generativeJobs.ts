import "server-only";
import { sql } from "drizzle-orm";
import type { Database, Executor } from "../db";
import type {
  GenerativeJobCounts,
  GenerativeJobScope,
  GenerativeJobStatus,
  GenerativeJobView,
} from "@/lib/core/generative/api";
import type { GenerativeSettingsInput } from "./generativeSettings";
import { rowsOf } from "./taxonomies";

/** A running job whose process has not touched it for this long is taken to have stopped. */
export const heartbeatStaleSeconds = 30;

export type { GenerativeJobCounts, GenerativeJobScope, GenerativeJobStatus, GenerativeJobView };

/** The settings a job copies in when it starts, so its resumption asks the same model. */
export interface GenerativeJobParameters extends GenerativeJobSettings {
  baseUrl: string;
  model: string;
  provider: string;
  promptVersion: string;
}
type GenerativeJobSettings = Omit<GenerativeSettingsInput, "baseUrl" | "model">;

export class GenerativeJobConflictError extends Error {
  constructor(readonly jobId: number) {
    super(`Generative job ${jobId} is already running for this dataset; cancel it or wait.`);
    this.name = "GenerativeJobConflictError";
  }
}

interface JobRow {
  id: number;
  dataset_id: number;
  scope: GenerativeJobScope;
  status: GenerativeJobStatus;
  provider: string;
  base_url: string;
  model: string;
  prompt_version: string;
  prompt_cost_per_1k: number;
  completion_cost_per_1k: number;
  concurrency: number;
  requests_per_minute: number;
  timeout_seconds: number;
  error: string | null;
  created_by: string;
  started_at: string | Date;
  finished_at: string | Date | null;
  stale: boolean;
}

const jobColumns = sql`j.*, (j.heartbeat_at < now() - make_interval(secs => ${heartbeatStaleSeconds})) as stale`;

async function jobRow(db: Executor, jobId: number): Promise<JobRow | undefined> {
  const [row] = rowsOf<JobRow>(
    await db.execute(sql`select ${jobColumns} from generative_jobs j where j.id = ${jobId}`),
  );
  return row;
}

/**
 * Starts a job: its settings and, in one transaction, one pending item per creative with text
 * that it covers (those without a generative label, or all). Refused while another job of the
 * dataset is still running in some process.
 */
export async function createGenerativeJob(
  database: Database,
  input: GenerativeJobParameters & {
    datasetId: number;
    scope: GenerativeJobScope;
    createdBy: string;
  },
): Promise<number> {
  return database.transaction(async (tx) => {
    await tx.execute(sql`select id from datasets where id = ${input.datasetId} for update`);
    const [running] = rowsOf<{ id: number }>(
      await tx.execute(sql`
        select id from generative_jobs where dataset_id = ${input.datasetId} and status = 'running'
          and heartbeat_at >= now() - make_interval(secs => ${heartbeatStaleSeconds})
        order by id desc limit 1`),
    );
    if (running) throw new GenerativeJobConflictError(running.id);
    // An interrupted job of the dataset is superseded by the new one.
    await tx.execute(sql`
      update generative_jobs set status = 'cancelled', finished_at = now(),
        error = 'Superseded by a newer job'
      where dataset_id = ${input.datasetId} and status = 'running'`);
    const [job] = rowsOf<{ id: number }>(
      await tx.execute(sql`
        insert into generative_jobs (dataset_id, scope, provider, base_url, model, prompt_version,
          prompt_cost_per_1k, completion_cost_per_1k, concurrency, requests_per_minute,
          timeout_seconds, created_by)
        values (${input.datasetId}, ${input.scope}, ${input.provider}, ${input.baseUrl},
          ${input.model}, ${input.promptVersion}, ${input.promptCostPer1k},
          ${input.completionCostPer1k}, ${input.concurrency}, ${input.requestsPerMinute},
          ${input.timeoutSeconds}, ${input.createdBy})
        returning id`),
    );
    const missingOnly =
      input.scope === "missing"
        ? sql`and not exists (select 1 from suggestions s where s.creative_id = c.id and s.source = 'generative')`
        : sql``;
    await tx.execute(sql`
      insert into generative_job_items (job_id, creative_id)
      select ${job!.id}, c.id from creatives c
      where c.dataset_id = ${input.datasetId} and length(c.text) > 0 ${missingOnly}
      order by c.id`);
    return job!.id;
  });
}

/** The settings a job runs with (read again when it is resumed). */
export async function getGenerativeJobParameters(
  db: Executor,
  jobId: number,
): Promise<(GenerativeJobParameters & { datasetId: number; status: GenerativeJobStatus }) | null> {
  const row = await jobRow(db, jobId);
  if (!row) return null;
  return {
    datasetId: row.dataset_id,
    status: row.status,
    provider: row.provider,
    baseUrl: row.base_url,
    model: row.model,
    promptVersion: row.prompt_version,
    promptCostPer1k: row.prompt_cost_per_1k,
    completionCostPer1k: row.completion_cost_per_1k,
    concurrency: row.concurrency,
    requestsPerMinute: row.requests_per_minute,
    timeoutSeconds: row.timeout_seconds,
  };
}

async function countsOf(db: Executor, jobId: number): Promise<GenerativeJobCounts> {
  const [c] = rowsOf<Record<string, number | string>>(
    await db.execute(sql`
      select count(*)::int as total,
        count(*) filter (where outcome is null)::int as pending,
        count(*) filter (where outcome = 'labelled')::int as labelled,
        count(*) filter (where from_cache)::int as cached,
        count(*) filter (where outcome = 'empty')::int as empty,
        count(*) filter (where outcome = 'refused')::int as refused,
        count(*) filter (where outcome = 'malformed')::int as malformed,
        count(*) filter (where outcome = 'too_long')::int as too_long,
        count(*) filter (where outcome = 'failed')::int as failed,
        coalesce(sum(prompt_tokens), 0)::bigint as prompt_tokens,
        coalesce(sum(completion_tokens), 0)::bigint as completion_tokens
      from generative_job_items where job_id = ${jobId}`),
  );
  const n = (key: string) => Number(c?.[key] ?? 0);
  return {
    total: n("total"),
    pending: n("pending"),
    labelled: n("labelled"),
    cached: n("cached"),
    empty: n("empty"),
    refused: n("refused"),
    malformed: n("malformed"),
    tooLong: n("too_long"),
    failed: n("failed"),
    promptTokens: n("prompt_tokens"),
    completionTokens: n("completion_tokens"),
  };
}

/** A job with its counts, tokens and cost; null when there is no such job. */
export async function getGenerativeJob(
  db: Executor,
  jobId: number,
): Promise<GenerativeJobView | null> {
  const row = await jobRow(db, jobId);
  if (!row) return null;
  const counts = await countsOf(db, jobId);
  const cost =
    (counts.promptTokens / 1000) * row.prompt_cost_per_1k +
    (counts.completionTokens / 1000) * row.completion_cost_per_1k;
  return {
    ...counts,
    id: row.id,
    datasetId: row.dataset_id,
    scope: row.scope,
    status: row.status,
    provider: row.provider,
    model: row.model,
    promptVersion: row.prompt_version,
    cost: Math.round(cost * 1e6) / 1e6,
    error: row.error,
    createdBy: row.created_by,
    startedAt: new Date(row.started_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
    interrupted: row.status === "running" && row.stale,
  };
}

/** The dataset's newest job, for Settings to show (and offer to resume). */
export async function latestGenerativeJob(
  db: Executor,
  datasetId: number,
): Promise<GenerativeJobView | null> {
  const [row] = rowsOf<{ id: number }>(
    await db.execute(sql`
      select id from generative_jobs where dataset_id = ${datasetId} order by id desc limit 1`),
  );
  return row ? getGenerativeJob(db, row.id) : null;
}

/** Every job a restarted process could resume: running, with no process touching it. */
export async function listInterruptedGenerativeJobs(db: Executor): Promise<number[]> {
  return rowsOf<{ id: number }>(
    await db.execute(sql`
      select id from generative_jobs where status = 'running'
        and heartbeat_at < now() - make_interval(secs => ${heartbeatStaleSeconds}) order by id`),
  ).map((r) => r.id);
}

/**
 * Takes over an interrupted job for this process (atomically: of two processes resuming at once,
 * one wins). False when the job is finished or another process still runs it.
 */
export async function claimInterruptedGenerativeJob(db: Executor, jobId: number): Promise<boolean> {
  const rows = rowsOf(
    await db.execute(sql`
      update generative_jobs set heartbeat_at = now()
      where id = ${jobId} and status = 'running'
        and heartbeat_at < now() - make_interval(secs => ${heartbeatStaleSeconds})
      returning id`),
  );
  return rows.length === 1;
}

/** Marks the job alive; returns its status, so a runner sees a cancel made by another process. */
export async function touchGenerativeJob(
  db: Executor,
  jobId: number,
): Promise<GenerativeJobStatus | null> {
  const [row] = rowsOf<{ status: GenerativeJobStatus }>(
    await db.execute(sql`
      update generative_jobs set heartbeat_at = case when status = 'running' then now() else heartbeat_at end
      where id = ${jobId} returning status`),
  );
  return row?.status ?? null;
}

/** The next creatives the job has not answered yet, in creative order. */
export async function listPendingGenerativeItems(
  db: Executor,
  jobId: number,
  limit: number,
): Promise<{ creativeId: number; text: string }[]> {
  return rowsOf<{ creative_id: number; text: string }>(
    await db.execute(sql`
      select i.creative_id, c.text from generative_job_items i join creatives c on c.id = i.creative_id
      where i.job_id = ${jobId} and i.outcome is null order by i.creative_id limit ${limit}`),
  ).map((r) => ({ creativeId: r.creative_id, text: r.text }));
}

/** Ends a running job (done, failed or cancelled); false when it had ended already. */
export async function finishGenerativeJob(
  db: Executor,
  jobId: number,
  status: Exclude<GenerativeJobStatus, "running">,
  error: string | null = null,
): Promise<boolean> {
  const rows = rowsOf(
    await db.execute(sql`
      update generative_jobs set status = ${status}, error = ${error}, finished_at = now()
      where id = ${jobId} and status = 'running' returning id`),
  );
  return rows.length === 1;
}
