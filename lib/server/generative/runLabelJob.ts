import "server-only";
import { createHash } from "node:crypto";
import { setMaxListeners } from "node:events";
import { sql } from "drizzle-orm";
import type { ClassifiedAnswer } from "@/lib/core/generative/answer";
import type { BackoffOptions } from "@/lib/core/generative/backoff";
import { mapAnswerToLabel } from "@/lib/core/generative/mapAnswer";
import { buildLabelMessages, promptCandidateCount } from "@/lib/core/generative/prompt";
import { formatLabelPath } from "@/lib/core/labelPath";
import type { Database } from "../db";
import {
  lookupCachedAnswers,
  storeCachedAnswers,
  type CachedAnswer,
} from "../data/generativeCache";
import {
  finishGenerativeJob,
  getGenerativeJob,
  getGenerativeJobParameters,
  listPendingGenerativeItems,
  touchGenerativeJob,
  type GenerativeJobView,
} from "../data/generativeJobs";
import { recordGenerativeResults, type GenerativeItemResult } from "../data/generativeResults";
import { rowsOf } from "../data/taxonomies";
import { requestChatCompletion, type ChatEndpoint } from "./chatClient";
import { creativeVectorsOf, loadLabelContext, type LabelContext } from "./labelContext";
import { createRateLimiter } from "./rateLimiter";
import { log } from "@/lib/server/log";

/** A label path fits in this many tokens; more means the model is explaining, not answering. */
export const answerMaxTokens = 64;

/** How often a running job tells the database it is alive (well inside the stale threshold). */
const heartbeatMs = 10_000;

export interface RunGenerativeJobOptions {
  jobId: number;
  /** From the server's environment; the job never stores it. */
  apiKey?: string;
  signal?: AbortSignal;
  onProgress?: (job: GenerativeJobView) => void;
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
  /** Overrides for tests: shorter backoff, fewer attempts. */
  backoff?: BackoffOptions;
  maxAttempts?: number;
}

/** The suggestion's agent: who answered (provider, model) and to which prompt. */
export function generativeAgent(job: { provider: string; model: string; promptVersion: string }) {
  return `${job.provider}:${job.model}@${job.promptVersion}`;
}

export function textHashOf(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Runs `work` over `items` with at most `concurrency` at once; stops taking items on abort. */
async function forEachConcurrently<T>(
  items: T[],
  concurrency: number,
  signal: AbortSignal,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal.aborted) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

function resultOf(
  context: LabelContext,
  creativeId: number,
  answer: Pick<ClassifiedAnswer, "outcome" | "value" | "detail">,
  tokens: { promptTokens: number; completionTokens: number },
  fromCache: boolean,
): GenerativeItemResult {
  const base = { creativeId, fromCache, ...tokens };
  if (answer.outcome !== "labelled" || !answer.value) {
    return {
      ...base,
      outcome: answer.outcome,
      answer: null,
      detail: answer.detail,
      labelId: null,
      score: null,
    };
  }
  const mapped = mapAnswerToLabel(answer.value, context.exact, context.lexical);
  return {
    ...base,
    outcome: "labelled",
    answer: answer.value,
    detail: mapped.how === "none" ? "names no existing label" : `mapped by ${mapped.how} match`,
    labelId: mapped.label?.id ?? null,
    score: mapped.score,
  };
}

/**
 * Runs (or resumes) a generative job until every item has an outcome, it is cancelled (`signal`,
 * or a cancel stored by another process), or it fails. Work goes in batches: each batch's answers
 * are looked up in the cache first, the rest asked with the job's concurrency and rate limit, and
 * the batch's outcomes and suggestions stored in one transaction, so a stopped job loses at most
 * the batch in flight and resumes where it stopped.
 */
export async function runGenerativeJob(
  database: Database,
  options: RunGenerativeJobOptions,
): Promise<GenerativeJobView> {
  const { jobId } = options;
  const params = await getGenerativeJobParameters(database, jobId);
  if (!params) throw new Error(`Generative job ${jobId} does not exist`);
  const local = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, local.signal]) : local.signal;
  // Every request in flight and every backoff wait listens to the job's signal.
  setMaxListeners(1000, signal);
  const heartbeat = setInterval(() => {
    touchGenerativeJob(database, jobId).then(
      (status) => status !== "running" && local.abort(new Error("The job was cancelled")),
      (error: unknown) => log.error({ err: error, jobId }, "Generative job heartbeat failed"),
    );
  }, heartbeatMs);
  heartbeat.unref?.();
  try {
    if (params.status !== "running") return (await getGenerativeJob(database, jobId))!;
    const [dataset] = rowsOf<{ taxonomy_id: number }>(
      await database.execute(sql`select taxonomy_id from datasets where id = ${params.datasetId}`),
    );
    if (!dataset) throw new Error(`The dataset of generative job ${jobId} no longer exists`);
    const context = await loadLabelContext(database, {
      datasetId: params.datasetId,
      taxonomyId: dataset.taxonomy_id,
    });
    const endpoint: ChatEndpoint = {
      baseUrl: params.baseUrl,
      model: params.model,
      apiKey: options.apiKey,
      timeoutMs: params.timeoutSeconds * 1000,
    };
    const limiter = createRateLimiter(params.requestsPerMinute);
    const agent = generativeAgent(params);
    const batchSize = Math.max(8, params.concurrency * 4);
    for (;;) {
      if (signal.aborted || (await touchGenerativeJob(database, jobId)) !== "running") break;
      const batch = await listPendingGenerativeItems(database, jobId, batchSize);
      if (batch.length === 0) {
        await finishGenerativeJob(database, jobId, "done");
        break;
      }
      const hashes = batch.map((item) => textHashOf(item.text));
      const cache = { promptVersion: params.promptVersion, model: params.model };
      const cached = await lookupCachedAnswers(database, { ...cache, textHashes: hashes });
      const vectors = await creativeVectorsOf(
        database,
        context,
        batch.map((item) => item.creativeId),
      );
      const results: GenerativeItemResult[] = [];
      const fresh = new Map<string, Promise<CachedAnswer | { failed: string }>>();
      const ask = (text: string, creativeId: number, hash: string) => {
        const candidates = context.finder
          .candidatesFor(text, vectors.get(creativeId) ?? null, promptCandidateCount)
          .map((l) => formatLabelPath(l.path, context.separator));
        return requestChatCompletion(endpoint, {
          messages: buildLabelMessages(text, candidates, context.separator),
          maxTokens: answerMaxTokens,
          signal,
          backoff: options.backoff,
          maxAttempts: options.maxAttempts,
          onRetry: options.onRetry,
        }).then((r) =>
          r.kind === "failed"
            ? { failed: r.detail }
            : {
                textHash: hash,
                outcome: r.answer.outcome,
                answer: r.answer.outcome === "labelled" ? r.answer.value : r.answer.detail,
                ...r.answer.usage,
              },
        );
      };
      const indices = batch.map((_, i) => i);
      await forEachConcurrently(indices, params.concurrency, signal, async (i) => {
        const item = batch[i]!;
        const hash = hashes[i]!;
        const hit = cached.get(hash);
        if (hit) {
          results.push(
            resultOf(
              context,
              item.creativeId,
              answerOf(hit),
              { promptTokens: 0, completionTokens: 0 },
              true,
            ),
          );
          return;
        }
        let pending = fresh.get(hash);
        const first = !pending;
        if (!pending) {
          // Registered before waiting, so a duplicate text in the batch shares this request.
          pending = limiter.wait(signal).then(() => ask(item.text, item.creativeId, hash));
          fresh.set(hash, pending);
        }
        let got;
        try {
          got = await pending;
        } catch {
          return; // Cancelled: the item stays pending for a resumed job.
        }
        if ("failed" in got) {
          results.push({
            creativeId: item.creativeId,
            outcome: "failed",
            answer: null,
            detail: got.failed,
            fromCache: false,
            promptTokens: 0,
            completionTokens: 0,
            labelId: null,
            score: null,
          });
          return;
        }
        const tokens = first
          ? { promptTokens: got.promptTokens, completionTokens: got.completionTokens }
          : { promptTokens: 0, completionTokens: 0 };
        results.push(resultOf(context, item.creativeId, answerOf(got), tokens, !first));
      });
      const answers: CachedAnswer[] = [];
      for (const p of fresh.values()) {
        const got = await p.catch(() => null);
        if (got && !("failed" in got) && got.outcome !== "malformed") answers.push(got);
      }
      await storeCachedAnswers(database, { ...cache, answers });
      await recordGenerativeResults(database, { jobId, agent, results });
      options.onProgress?.((await getGenerativeJob(database, jobId))!);
    }
    if (signal.aborted) await finishGenerativeJob(database, jobId, "cancelled");
  } catch (error) {
    if (signal.aborted) await finishGenerativeJob(database, jobId, "cancelled");
    else {
      log.error({ err: error, jobId }, "Generative job failed");
      await finishGenerativeJob(
        database,
        jobId,
        "failed",
        error instanceof Error ? error.message : String(error),
      );
    }
  } finally {
    clearInterval(heartbeat);
  }
  return (await getGenerativeJob(database, jobId))!;
}

/** A cached row read back as an answer (the value when labelled, else why not). */
function answerOf(hit: CachedAnswer): Pick<ClassifiedAnswer, "outcome" | "value" | "detail"> {
  return hit.outcome === "labelled"
    ? { outcome: hit.outcome, value: hit.answer, detail: null }
    : { outcome: hit.outcome, value: null, detail: hit.answer };
}
