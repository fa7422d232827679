import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "../db";
import { queueLeases } from "../db/schema";
import { hasEnoughDecisions, queueStateOf } from "./overlap";
import { claimSingle, hasOverlap, leaseStatement, overlapCandidates } from "./queueCandidates";
import { queueSizeOf } from "./queueSize";
import { inQueueConditionOf } from "./thresholds";
import { rowsOf } from "./taxonomies";

/** How the queue orders flagged creatives. `random` is the baseline active learning is measured against. */
export const queueStrategies = ["score", "uncertainty", "random"] as const;
export type QueueStrategy = (typeof queueStrategies)[number];

/** Which detector run a queue is drawn from. */
export interface QueueScope {
  datasetId: number;
  modelId: string;
  modelVersion: string;
}

/**
 * Leases the next flagged creatives that still need an annotator to an annotator, in the
 * strategy's order. Items the annotator already holds come first (a reloaded page gets its items
 * back); items another annotator holds are skipped, and so are items the annotator already decided
 * or skipped. An item needs one annotator, or under overlap several distinct ones, one after the
 * other: the lease is taken with INSERT ... ON CONFLICT on the creative, so two annotators racing
 * for the same item can never both hold it, on PGlite or a server.
 */
export async function claimQueueItems(db: Executor, input: ClaimInput): Promise<number[]> {
  const overlap = input.overlap ?? (await hasOverlap(db, input.datasetId));
  // A claim that lost picks to an annotator claiming at the same moment looks again, rather than
  // come back short, or empty (which the workbench would take for an empty queue). Under overlap
  // the candidates are over-read, so there only an empty claim looks again.
  for (let attempt = 1; ; attempt++) {
    const result = await claimOnce(db, input, overlap, attempt);
    const short = overlap ? result.claimed.length === 0 : result.claimed.length < input.count;
    if (!result.raced || !short || attempt === maxClaimAttempts) return result.claimed;
  }
}

/** How often a claim looks again after losing candidates to annotators claiming with it. */
const maxClaimAttempts = 5;

type ClaimInput = QueueScope & {
  annotator: string;
  strategy: QueueStrategy;
  count: number;
  leaseSeconds: number;
  /** Whether the dataset has overlap, when the caller already knows (else it is looked up). */
  overlap?: boolean;
};

/**
 * One lease of the next items; `raced` when picks were taken by others in the meantime (under
 * overlap: when there were items but all were taken). A one-annotator claim looks again in turn
 * with the other claims of its dataset (`locked`), so it cannot lose its picks twice to the same one.
 */
async function claimOnce(
  db: Executor,
  input: ClaimInput,
  overlap: boolean,
  attempt: number,
): Promise<{ claimed: number[]; raced: boolean }> {
  const { leased, picked, required } = overlap
    ? await leaseUnderOverlap(db, input)
    : {
        ...(await claimSingle(db, { ...input, limit: input.count, locked: attempt > 1 })),
        required: undefined,
      };
  // Another annotator may have finished an item between the look at the queue and the lease (its
  // lease was released with its decision). That decision committed before this lease could be
  // taken, so a fresh look now sees it: such items are given back, not handed out again.
  const finished = await finishedAmong(db, leased, required);
  const ordered = leased.filter((id) => !finished.has(id));
  const giveBack = [...finished, ...ordered.slice(input.count)];
  if (giveBack.length > 0) {
    await db.execute(sql`
      delete from queue_leases where annotator = ${input.annotator}
        and creative_id = any(${sql.param(giveBack)}::int[])`);
  }
  const raced = overlap
    ? picked > 0 && ordered.length === 0
    : leased.length < picked || finished.size > 0;
  return { claimed: ordered.slice(0, input.count), raced };
}

/**
 * Under overlap, whether an item needs another annotator depends on the whole queue's state, so
 * this reads candidates first (three times what is asked, as concurrent claims take some), then
 * leases them; what is leased beyond the count is given back by the caller.
 */
async function leaseUnderOverlap(
  db: Executor,
  input: ClaimInput,
): Promise<{ leased: number[]; picked: number; required: Map<number, number> }> {
  const candidateRows = await overlapCandidates(db, { ...input, limit: input.count * 3 });
  const candidates = candidateRows.map((r) => r.creative_id);
  const required = new Map(candidateRows.map((r) => [r.creative_id, r.required]));
  if (candidates.length === 0) return { leased: [], picked: 0, required };
  const claimed = new Set(
    rowsOf<{ creative_id: number }>(
      await db.execute(leaseStatement(sql`select unnest(${sql.param(candidates)}::int[])`, input)),
    ).map((r) => r.creative_id),
  );
  return {
    leased: candidates.filter((id) => claimed.has(id)),
    picked: candidates.length,
    required,
  };
}

/** The leased items that have all the annotators they need by now (`required`: 1 when absent). */
async function finishedAmong(
  db: Executor,
  leased: number[],
  required: Map<number, number> | undefined,
): Promise<Set<number>> {
  if (leased.length === 0) return new Set();
  const rows = rowsOf<{ creative_id: number; decision_count: number; settled: boolean }>(
    await db.execute(sql`
      select d.creative_id, bool_or(d.is_review) as settled,
        count(distinct d.annotator) filter (where d.action <> 'skip' and not d.is_review)::int as decision_count
      from decisions d
      where d.creative_id = any(${sql.param(leased)}::int[]) and d.retracted_at is null
      group by d.creative_id`),
  );
  return new Set(
    rows
      .filter((r) => r.settled || r.decision_count >= (required?.get(r.creative_id) ?? 1))
      .map((r) => r.creative_id),
  );
}

/** Gives an item back to the queue (the annotator moved on without deciding). */
export async function releaseLease(
  db: Executor,
  input: { creativeId: number; annotator: string },
): Promise<void> {
  await db
    .delete(queueLeases)
    .where(
      and(eq(queueLeases.creativeId, input.creativeId), eq(queueLeases.annotator, input.annotator)),
    );
}

export interface QueueCounts {
  flagged: number;
  decided: number;
  leased: number;
  remaining: number;
}

/**
 * How much of a queue is done, for the progress line above the workbench: an item is decided once
 * it has all the annotators it needs (or an admin settled it), whether or not they agreed. Without
 * overlap that is one decision, and the figures come from the cached queue size, the run's scores
 * marked decided and the leases, not from a pass over the queue. Counting still reads one index
 * entry per decided item, so a caller that polls, like the workbench after each claim, may accept
 * decided and leased figures up to `maxAgeMs` old from this instance's last count; the queue size
 * is always current.
 */
export async function countQueue(
  db: Executor,
  scope: QueueScope,
  options: { maxAgeMs?: number; overlap?: boolean } = {},
): Promise<QueueCounts> {
  if (options.overlap ?? (await hasOverlap(db, scope.datasetId)))
    return countOverlapQueue(db, scope);
  const key = `${scope.datasetId}\u0000${scope.modelId}\u0000${scope.modelVersion}`;
  const recent = recentProgress.get(key);
  let counting = recent?.counting;
  if (!counting || !(performance.now() - recent!.at < (options.maxAgeMs ?? 0))) {
    counting = countProgress(db, scope);
    // Requests arriving while this count runs share it (when they accept its age) instead of
    // starting their own: after a claim every annotator asks at once.
    recentProgress.set(key, { counting, at: performance.now() });
    counting.catch(() => recentProgress.delete(key));
  }
  const [flagged, progress] = await Promise.all([queueSizeOf(db, scope), counting]);
  return {
    flagged,
    decided: progress.decided,
    leased: progress.leased,
    remaining: flagged - progress.decided,
  };
}

/** This instance's last decided and leased counts per queue, for {@link countQueue}'s `maxAgeMs`. */
const recentProgress = new Map<
  string,
  { counting: Promise<{ decided: number; leased: number }>; at: number }
>();

/** Decided and leased items of a queue without overlap, from the decisions and leases. */
async function countProgress(
  db: Executor,
  scope: QueueScope,
): Promise<{ decided: number; leased: number }> {
  const inRun = sql`join detector_scores s on s.creative_id = x.creative_id
      and s.model_id = ${scope.modelId} and s.model_version = ${scope.modelVersion}
    join creatives c on c.id = x.creative_id
    where c.dataset_id = ${scope.datasetId} and ${inQueueConditionOf(scope)}`;
  // Decided items are the run's scores marked decided (the one-annotator rule, kept by triggers),
  // read off their own index: one entry per decided item instead of a join per decision.
  const [row] = rowsOf<{ decided: number; leased: number }>(
    await db.execute(sql`
      select
        (select count(*) from detector_scores s join creatives c on c.id = s.creative_id
          where s.model_id = ${scope.modelId} and s.model_version = ${scope.modelVersion}
            and s.decided and c.dataset_id = ${scope.datasetId}
            and ${inQueueConditionOf(scope)})::int as decided,
        (select count(*) from queue_leases x ${inRun} and x.expires_at > now())::int as leased`),
  );
  return { decided: row?.decided ?? 0, leased: row?.leased ?? 0 };
}

/** {@link countQueue} under overlap, from the queue's state. */
async function countOverlapQueue(db: Executor, scope: QueueScope): Promise<QueueCounts> {
  const [row] = rowsOf<{ flagged: number; decided: number; leased: number }>(
    await db.execute(sql`
      select count(*)::int as flagged,
        count(*) filter (where ${hasEnoughDecisions})::int as decided,
        count(*) filter (where exists (
          select 1 from queue_leases q where q.creative_id = s.creative_id and q.expires_at > now()))::int as leased
      from ${queueStateOf(scope)} s`),
  );
  const flagged = row?.flagged ?? 0;
  const decided = row?.decided ?? 0;
  return { flagged, decided, leased: row?.leased ?? 0, remaining: flagged - decided };
}
