import "server-only";
import { sql } from "drizzle-orm";
import type { GenerativeOutcome } from "@/lib/core/generative/answer";
import type { Database } from "../db";

/** What one creative of a job came to, with the label its answer maps to. */
export interface GenerativeItemResult {
  creativeId: number;
  outcome: GenerativeOutcome | "failed";
  /** The label as the model wrote it (labelled answers only). */
  answer: string | null;
  detail: string | null;
  fromCache: boolean;
  promptTokens: number;
  completionTokens: number;
  /** The existing label the answer maps to, when it names one closely enough. */
  labelId: number | null;
  /** How closely: 1 for the exact path, less for a lexical match. */
  score: number | null;
}

/**
 * Stores a batch of a job's outcomes in one transaction: each item's outcome, and for every
 * labelled creative its generative suggestion (replacing the one it had, so readers that take a
 * creative's rank-1 generative label see exactly one). `agent` is the suggestion's model version:
 * provider, model and prompt version.
 */
export async function recordGenerativeResults(
  database: Database,
  input: { jobId: number; agent: string; results: GenerativeItemResult[] },
): Promise<void> {
  if (input.results.length === 0) return;
  const r = input.results;
  const labelled = r.filter((x) => x.outcome === "labelled" && x.answer);
  await database.transaction(async (tx) => {
    await tx.execute(sql`
      update generative_job_items i set outcome = u.outcome, answer = u.answer, detail = u.detail,
        from_cache = u.from_cache, prompt_tokens = u.prompt_tokens,
        completion_tokens = u.completion_tokens, finished_at = now()
      from unnest(
        ${sql.param(r.map((x) => x.creativeId))}::int[],
        ${sql.param(r.map((x) => x.outcome))}::text[],
        ${sql.param(r.map((x) => x.answer))}::text[],
        ${sql.param(r.map((x) => x.detail))}::text[],
        ${sql.param(r.map((x) => x.fromCache))}::boolean[],
        ${sql.param(r.map((x) => x.promptTokens))}::int[],
        ${sql.param(r.map((x) => x.completionTokens))}::int[]
      ) as u(creative_id, outcome, answer, detail, from_cache, prompt_tokens, completion_tokens)
      where i.job_id = ${input.jobId} and i.creative_id = u.creative_id`);
    if (labelled.length === 0) return;
    await tx.execute(sql`
      delete from suggestions where source = 'generative'
        and creative_id = any(${sql.param(labelled.map((x) => x.creativeId))}::int[])`);
    await tx.execute(sql`
      insert into suggestions (creative_id, source, value, label_id, score, rank, model_version)
      select u.creative_id, 'generative', u.value, u.label_id, u.score, 1, ${input.agent}
      from unnest(
        ${sql.param(labelled.map((x) => x.creativeId))}::int[],
        ${sql.param(labelled.map((x) => x.answer))}::text[],
        ${sql.param(labelled.map((x) => x.labelId))}::int[],
        ${sql.param(labelled.map((x) => x.score))}::float8[]
      ) as u(creative_id, value, label_id, score)`);
  });
}
