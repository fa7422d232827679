import "server-only";
import { and, desc, eq, isNull, sql, type SQL } from "drizzle-orm";
import { votesAfter, type Vote } from "@/lib/core/agreement/majority";
import {
  planTrainingPairs,
  type DecisionForPairs,
  type PairTargets,
  type PlannedPair,
} from "@/lib/core/trainingPairs";
import type { Database, Executor } from "../db";
import { creatives, decisions, trainingPairs } from "../db/schema";
import { applyMajorityIn, standingDecision, votesSql } from "./overlap";
import { rowsOf } from "./taxonomies";
import { recordAudit } from "./audit";

export interface DecisionInput {
  creativeId: number;
  annotator: string;
  action: DecisionForPairs["action"];
  /** The label chosen; required for every action but skip. */
  labelId?: number;
  rejectedLabelId?: number;
  strongestWrongLabelId?: number;
  timeSpentMs: number;
  targets?: PairTargets;
  /** An earlier decision this one corrects (edited from the history); it is retracted. */
  replacesDecisionId?: number;
  clientDecisionId?: string;
  /** An admin's decision settling a disagreement (written by the review queue only). */
  isReview?: boolean;
}

/** Thrown when a decision names a creative or label that doesn't fit; the message says which. */
export class DecisionRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DecisionRejectedError";
  }
}

/**
 * The label a creative carries now: the latest standing decision that set one (not retracted, not
 * overruled by a review or a majority), else the classifier's prediction. Decisions record it as
 * their previous label, so any change can be traced and undone.
 */
export async function currentLabelOf(db: Executor, creativeId: number): Promise<number | null> {
  const [row] = rowsOf<{ label_id: number | null }>(
    await db.execute(sql`select ${currentLabelSql(sql`${creativeId}`)} as label_id`),
  );
  return row?.label_id ?? null;
}

/** {@link currentLabelOf} as an expression, for the creative whose id is `creativeId`. */
function currentLabelSql(creativeId: SQL): SQL {
  return sql`coalesce(
    (select d.label_id from decisions d where d.creative_id = ${creativeId} and ${standingDecision}
       and d.label_id is not null order by d.id desc limit 1),
    (select s.label_id from suggestions s where s.creative_id = ${creativeId} and s.source = 'classifier'
       order by s.rank limit 1))`;
}

/**
 * Writes a decision, its training pairs and the release of the item's lease in one transaction:
 * either all of it is stored or none, so a failed write leaves nothing half-done and the
 * annotator can simply retry.
 */
export async function recordDecision(
  db: Database,
  input: DecisionInput,
): Promise<{ decisionId: number; pairCount: number }> {
  return db.transaction((tx) => recordDecisionIn(tx, input));
}

/**
 * The body of {@link recordDecision} inside a caller's transaction, so several decisions (a bulk
 * assignment) are stored all together or not at all.
 */
export async function recordDecisionIn(
  tx: Executor,
  input: DecisionInput,
): Promise<{ decisionId: number; pairCount: number }> {
  if (input.action !== "skip" && input.labelId === undefined) {
    throw new DecisionRejectedError(`A "${input.action}" decision needs a label`);
  }
  // An edit retracts the decision it replaces before anything is read, so the check for a
  // retried request comes first there; otherwise it is part of the one read below.
  if (input.replacesDecisionId !== undefined) {
    const seen = input.clientDecisionId ? await storedDecision(tx, input.clientDecisionId) : null;
    if (seen) return seen;
    await retractReplaced(tx, input.creativeId, input.replacesDecisionId);
  }
  const context = await decisionContext(tx, input, input.replacesDecisionId === undefined);
  if (context.seen) return context.seen;
  const planned = planTrainingPairs(
    {
      action: input.action,
      chosenLabelId: input.labelId,
      rejectedLabelId: input.rejectedLabelId,
      strongestWrongLabelId: input.strongestWrongLabelId,
      hasImage: context.hasImage,
      sameLabelCreativeIds: context.sameLabel,
    },
    input.targets,
  );
  const decisionId = await writeDecision(tx, input, context.previousLabelId, planned);
  await applyMajorityIn(
    tx,
    input.creativeId,
    votesAfter(context.votes, {
      decisionId,
      annotator: input.annotator,
      labelId: input.labelId ?? null,
      isReview: input.isReview ?? false,
      skip: input.action === "skip",
    }),
  );
  return { decisionId, pairCount: planned.length };
}

/** The decision stored under a browser's idempotency key, with its pair count, or null. */
async function storedDecision(
  tx: Executor,
  clientDecisionId: string,
): Promise<{ decisionId: number; pairCount: number } | null> {
  const [row] = rowsOf<{ id: number; pairs: number }>(
    await tx.execute(sql`
      select d.id, (select count(*)::int from training_pairs t where t.decision_id = d.id) as pairs
      from decisions d where d.client_decision_id = ${clientDecisionId}`),
  );
  return row ? { decisionId: row.id, pairCount: row.pairs } : null;
}

/** Retracts the decision an edit replaces, and its training pairs; it must be current. */
async function retractReplaced(tx: Executor, creativeId: number, decisionId: number) {
  const retracted = await tx
    .update(decisions)
    .set({ retractedAt: sql`now()` })
    .where(
      and(
        eq(decisions.id, decisionId),
        eq(decisions.creativeId, creativeId),
        isNull(decisions.retractedAt),
      ),
    )
    .returning({ id: decisions.id });
  if (retracted.length === 0) {
    throw new DecisionRejectedError(
      `Decision ${decisionId} is not a current decision on this creative`,
    );
  }
  await tx
    .update(trainingPairs)
    .set({ retractedAt: sql`now()` })
    .where(eq(trainingPairs.decisionId, decisionId));
}

/** What a decision needs to know before it writes; `seen` when it was stored already. */
interface DecisionContext {
  seen: { decisionId: number; pairCount: number } | null;
  hasImage: boolean;
  previousLabelId: number | null;
  sameLabel: number[];
  votes: Vote[];
}

/**
 * Everything a decision reads, in one statement (each round trip is one more wait under many
 * annotators): the stored decision under its idempotency key (when `checkSeen`), the creative,
 * whether the label is a usable one of its dataset's taxonomy, the label it carries now
 * (recorded as the previous one), up to five other creatives decided with the same label
 * (positive pairs) and the creative's votes for the majority rule.
 */
async function decisionContext(
  tx: Executor,
  input: DecisionInput,
  checkSeen: boolean,
): Promise<DecisionContext> {
  const seenSql =
    checkSeen && input.clientDecisionId
      ? sql`(select d.id from decisions d where d.client_decision_id = ${input.clientDecisionId})`
      : sql`null::int`;
  const [row] = rowsOf<{
    seen_id: number | null;
    seen_pairs: number;
    image_ref: string | null;
    label_ok: boolean;
    previous_label_id: number | null;
    same_label: number[];
    votes: Vote[];
  }>(
    await tx.execute(sql`
      select x.*, (select count(*)::int from training_pairs t where t.decision_id = x.seen_id) as seen_pairs
      from (
        select ${seenSql} as seen_id, c.image_ref,
          ${
            input.labelId === undefined
              ? sql`true`
              : sql`exists (select 1 from labels l join datasets d on d.taxonomy_id = l.taxonomy_id
                  where l.id = ${input.labelId} and d.id = c.dataset_id and l.status <> 'rejected')`
          } as label_ok,
          ${currentLabelSql(sql`c.id`)} as previous_label_id,
          ${
            input.labelId === undefined
              ? sql`'{}'::int[]`
              : sql`array(select x.creative_id from (
                  select distinct on (d.creative_id) d.creative_id from decisions d
                  where d.label_id = ${input.labelId} and d.retracted_at is null and d.creative_id <> c.id
                  order by d.creative_id, d.id desc limit 5) x)`
          } as same_label,
          ${votesSql(sql`c.id`)} as votes
        from creatives c where c.id = ${input.creativeId}) x`),
  );
  if (row?.seen_id != null)
    return { ...emptyContext, seen: { decisionId: row.seen_id, pairCount: row.seen_pairs } };
  if (!row) throw new DecisionRejectedError(`No creative ${input.creativeId}`);
  if (!row.label_ok)
    throw new DecisionRejectedError(
      `Label ${input.labelId} is not a usable label of this dataset's taxonomy`,
    );
  return {
    seen: null,
    hasImage: row.image_ref !== null,
    previousLabelId: row.previous_label_id,
    sameLabel: row.same_label,
    votes: row.votes,
  };
}

const emptyContext: Omit<DecisionContext, "seen"> = {
  hasImage: false,
  previousLabelId: null,
  sameLabel: [],
  votes: [],
};

/**
 * The decision, its training pairs, the release of the annotator's lease on the item and the
 * audit entry, in one statement: four writes that depend only on the new decision's id.
 */
async function writeDecision(
  tx: Executor,
  input: DecisionInput,
  previousLabelId: number | null,
  planned: PlannedPair[],
): Promise<number> {
  const before = { creativeId: input.creativeId, labelId: previousLabelId };
  const after = {
    creativeId: input.creativeId,
    labelId: input.labelId ?? null,
    replaces: input.replacesDecisionId ?? null,
    review: input.isReview ?? false,
    pairs: planned.length,
  };
  const [row] = rowsOf<{ id: number }>(
    await tx.execute(sql`
      with stored as (
        insert into decisions (creative_id, annotator, action, label_id, previous_label_id,
          time_spent_ms, client_decision_id, is_review)
        values (${input.creativeId}, ${input.annotator}, ${input.action}, ${input.labelId ?? null},
          ${previousLabelId}, ${Math.max(0, Math.round(input.timeSpentMs))},
          ${input.clientDecisionId ?? null}, ${input.isReview ?? false})
        returning id),
      pairs as (
        insert into training_pairs (decision_id, kind, creative_id, other_label_id, other_creative_id, target)
        select stored.id, p.kind, ${input.creativeId}, p.other_label_id, p.other_creative_id, p.target
        from stored, unnest(${sql.param(planned.map((p) => p.kind))}::text[],
          ${sql.param(planned.map((p) => p.otherLabelId ?? null))}::int[],
          ${sql.param(planned.map((p) => p.otherCreativeId ?? null))}::int[],
          ${sql.param(planned.map((p) => p.target))}::float8[])
          as p(kind, other_label_id, other_creative_id, target)),
      released as (
        delete from queue_leases where creative_id = ${input.creativeId} and annotator = ${input.annotator}),
      audited as (
        insert into audit_events (actor, action, entity_type, entity_id, before, after)
        select ${input.annotator}, ${`decision.${input.action}`}, 'decision', stored.id::text,
          ${JSON.stringify(before)}::jsonb, ${JSON.stringify(after)}::jsonb
        from stored)
      select id from stored`),
  );
  if (!row) throw new Error("The decision was not stored");
  return row.id;
}

/**
 * Retracts an annotator's latest decision and its training pairs (kept, marked retracted, so the
 * history stays auditable); the creative returns to the queue.
 */
export async function undoLastDecision(
  db: Database,
  input: { annotator: string; datasetId: number },
): Promise<{ decisionId: number; creativeId: number } | null> {
  return db.transaction(async (tx) => {
    const [last] = await tx
      .select({ id: decisions.id, creativeId: decisions.creativeId })
      .from(decisions)
      .innerJoin(creatives, eq(creatives.id, decisions.creativeId))
      .where(
        and(
          eq(decisions.annotator, input.annotator),
          isNull(decisions.retractedAt),
          eq(creatives.datasetId, input.datasetId),
        ),
      )
      .orderBy(desc(decisions.id))
      .limit(1);
    if (!last) return null;
    await tx
      .update(decisions)
      .set({ retractedAt: sql`now()` })
      .where(eq(decisions.id, last.id));
    await tx
      .update(trainingPairs)
      .set({ retractedAt: sql`now()` })
      .where(eq(trainingPairs.decisionId, last.id));
    await recordAudit(tx, {
      actor: input.annotator,
      action: "decision.undo",
      entityType: "decision",
      entityId: String(last.id),
      before: { creativeId: last.creativeId, retracted: false },
      after: { creativeId: last.creativeId, retracted: true },
    });
    return { decisionId: last.id, creativeId: last.creativeId };
  });
}

export interface RecentDecision {
  decisionId: number;
  creativeId: number;
  text: string;
  action: DecisionInput["action"];
  labelPath: string[] | null;
  createdAt: string;
}

/** An annotator's latest current decisions in a dataset, newest first, for the history sidebar. */
export async function listRecentDecisions(
  db: Executor,
  input: { annotator: string; datasetId: number; limit: number },
): Promise<RecentDecision[]> {
  const rows = rowsOf<{
    id: number;
    creative_id: number;
    text: string;
    action: DecisionInput["action"];
    path: string[] | null;
    created_at: Date | string;
  }>(
    await db.execute(sql`
      select d.id, d.creative_id, c.text, d.action, l.path, d.created_at
      from decisions d join creatives c on c.id = d.creative_id left join labels l on l.id = d.label_id
      where d.annotator = ${input.annotator} and c.dataset_id = ${input.datasetId} and d.retracted_at is null
      order by d.id desc limit ${input.limit}`),
  );
  return rows.map((r) => ({
    decisionId: r.id,
    creativeId: r.creative_id,
    text: r.text,
    action: r.action,
    labelPath: r.path,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}
