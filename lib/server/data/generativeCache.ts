import "server-only";
import { sql } from "drizzle-orm";
import type { GenerativeOutcome } from "@/lib/core/generative/answer";
import type { Executor } from "../db";
import { rowsOf } from "./taxonomies";

/** An answer the model gave once for a text, under one prompt version and model. */
export interface CachedAnswer {
  textHash: string;
  outcome: GenerativeOutcome;
  answer: string | null;
  promptTokens: number;
  completionTokens: number;
}

/** The cached answers for some text hashes (those seen before), by hash. */
export async function lookupCachedAnswers(
  db: Executor,
  input: { promptVersion: string; model: string; textHashes: string[] },
): Promise<Map<string, CachedAnswer>> {
  if (input.textHashes.length === 0) return new Map();
  const rows = rowsOf<{
    text_hash: string;
    outcome: GenerativeOutcome;
    answer: string | null;
    prompt_tokens: number;
    completion_tokens: number;
  }>(
    await db.execute(sql`
      select text_hash, outcome, answer, prompt_tokens, completion_tokens from generative_cache
      where prompt_version = ${input.promptVersion} and model = ${input.model}
        and text_hash = any(${sql.param(input.textHashes)}::text[])`),
  );
  return new Map(
    rows.map((r) => [
      r.text_hash,
      {
        textHash: r.text_hash,
        outcome: r.outcome,
        answer: r.answer,
        promptTokens: r.prompt_tokens,
        completionTokens: r.completion_tokens,
      },
    ]),
  );
}

/** Keeps answers for later jobs; a hash answered twice keeps its first answer. */
export async function storeCachedAnswers(
  db: Executor,
  input: { promptVersion: string; model: string; answers: CachedAnswer[] },
): Promise<void> {
  const a = input.answers;
  if (a.length === 0) return;
  await db.execute(sql`
    insert into generative_cache (text_hash, prompt_version, model, outcome, answer, prompt_tokens, completion_tokens)
    select u.text_hash, ${input.promptVersion}, ${input.model}, u.outcome, u.answer, u.prompt_tokens, u.completion_tokens
    from unnest(
      ${sql.param(a.map((x) => x.textHash))}::text[],
      ${sql.param(a.map((x) => x.outcome))}::text[],
      ${sql.param(a.map((x) => x.answer))}::text[],
      ${sql.param(a.map((x) => x.promptTokens))}::int[],
      ${sql.param(a.map((x) => x.completionTokens))}::int[]
    ) as u(text_hash, outcome, answer, prompt_tokens, completion_tokens)
    on conflict (text_hash, prompt_version, model) do nothing`);
}
