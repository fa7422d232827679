import "server-only";
import { sql } from "drizzle-orm";
import { consensusOf } from "@/lib/core/agreement/consensus";
import type { Database, Executor } from "../db";
import { DecisionRejectedError, recordDecisionIn } from "./decisions";
import { overrule, queueStateOf } from "./overlap";
import type { QueueScope } from "./queue";
import { getQueueItems, type QueueItem } from "./queueItems";
import { rowsOf } from "./taxonomies";

/** One overlapping annotator's current decision on an item. */
export interface ReviewVote {
  decisionId: number;
  annotator: string;
  action: string;
  labelId: number;
  path: string[];
}

/** An item whose annotators disagree: the workbench view plus everyone's label. */
export interface ReviewItem extends QueueItem {
  votes: ReviewVote[];
}

/**
 * Each annotator's latest current, non-skip, non-review decision on the creatives given (an
 * annotator who changed their mind counts once, with the newer label).
 */
async function votesOf(db: Executor, creativeIds: number[]): Promise<Map<number, ReviewVote[]>> {
  const rows = rowsOf<{
    creative_id: number;
    id: number;
    annotator: string;
    action: string;
    label_id: number;
    path: string[];
  }>(
    await db.execute(sql`
      select distinct on (d.creative_id, d.annotator) d.creative_id, d.id, d.annotator, d.action, d.label_id, l.path
      from decisions d join labels l on l.id = d.label_id
      where d.creative_id = any(${sql.param(creativeIds)}::int[]) and d.retracted_at is null
        and d.action <> 'skip' and not d.is_review
      order by d.creative_id, d.annotator, d.id desc`),
  );
  const votes = new Map<number, ReviewVote[]>();
  for (const r of rows) {
    const list = votes.get(r.creative_id) ?? [];
    list.push({
      decisionId: r.id,
      annotator: r.annotator,
      action: r.action,
      labelId: r.label_id,
      path: r.path,
    });
    votes.set(r.creative_id, list);
  }
  return votes;
}

/** True when the votes tie for the most (two annotators who disagree always do). */
function isTie(votes: ReviewVote[]): boolean {
  return consensusOf(votes.map((v) => String(v.labelId))).kind === "tie";
}

/**
 * The creatives of a queue waiting for review, least certain first: overlap items with all their
 * annotators, not yet settled, whose labels tie for the most votes.
 */
export async function listReviewIds(db: Executor, scope: QueueScope): Promise<number[]> {
  const candidates = rowsOf<{ creative_id: number }>(
    await db.execute(sql`
      select s.creative_id from ${queueStateOf(scope)} s
      where s.required > 1 and not s.settled and s.decision_count >= s.required
      order by s.uncertainty_rank asc nulls last, s.creative_id`),
  ).map((r) => r.creative_id);
  if (candidates.length === 0) return [];
  const votes = await votesOf(db, candidates);
  return candidates.filter((id) => isTie(votes.get(id) ?? []));
}

/** The review queue's items with the detector's suggestions and every annotator's label. */
export async function listReviewItems(
  db: Executor,
  input: QueueScope & { limit: number },
): Promise<{ items: ReviewItem[]; total: number }> {
  const ids = await listReviewIds(db, input);
  const page = ids.slice(0, input.limit);
  const [items, votes] = await Promise.all([
    getQueueItems(db, { ...input, creativeIds: page }),
    votesOf(db, page),
  ]);
  return {
    items: items.map((item) => ({ ...item, votes: votes.get(item.creativeId) ?? [] })),
    total: ids.length,
  };
}

/**
 * Settles a disagreement: the admin's label is written as a review decision through the normal
 * decision path (its training pairs, the creative's label, the lease), the decisions for other
 * labels are overruled by it, and the losing label becomes the pairs' hard negative. The creative
 * row is locked first, so two admins settling the same item at once are serialised and the second
 * finds it already settled.
 */
export async function settleReview(
  db: Database,
  input: QueueScope & { creativeId: number; admin: string; labelId: number; timeSpentMs: number },
): Promise<{ decisionId: number; overruled: number }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select id from creatives where id = ${input.creativeId} for update`);
    const waiting = await listReviewIds(tx, input);
    if (!waiting.includes(input.creativeId)) {
      throw new DecisionRejectedError(
        `Creative ${input.creativeId} is not waiting for review (settled already, or its annotators agree)`,
      );
    }
    const votes = (await votesOf(tx, [input.creativeId])).get(input.creativeId) ?? [];
    const [predicted] = rowsOf<{ label_id: number | null }>(
      await tx.execute(sql`
        select label_id from suggestions where creative_id = ${input.creativeId} and source = 'classifier'
        order by rank limit 1`),
    );
    const predictedId = predicted?.label_id ?? undefined;
    const losing = votes.find((v) => v.labelId !== input.labelId);
    const { decisionId } = await recordDecisionIn(tx, {
      creativeId: input.creativeId,
      annotator: input.admin,
      action: predictedId === input.labelId ? "accept" : "pick",
      labelId: input.labelId,
      rejectedLabelId: predictedId === input.labelId ? undefined : predictedId,
      strongestWrongLabelId: losing?.labelId,
      timeSpentMs: input.timeSpentMs,
      isReview: true,
    });
    const overruled = await overrule(tx, {
      creativeId: input.creativeId,
      byDecisionId: decisionId,
      keepLabelId: input.labelId,
      actor: input.admin,
    });
    return { decisionId, overruled };
  });
}

/** How many overlap items wait for review and how many an admin has settled, for the Metrics page. */
export async function countReviews(
  db: Executor,
  scope: QueueScope,
): Promise<{ inReview: number; settled: number }> {
  const [row] = rowsOf<{ settled: number }>(
    await db.execute(sql`
      select count(*) filter (where s.settled)::int as settled from ${queueStateOf(scope)} s`),
  );
  return { inReview: (await listReviewIds(db, scope)).length, settled: row?.settled ?? 0 };
}
