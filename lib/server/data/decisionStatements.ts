import "server-only";
import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import type { Vote } from "@/lib/core/agreement/majority";
import type { DecisionForPairs, PairTargets, PlannedPair } from "@/lib/core/trainingPairs";
import type { Executor } from "../db";
import { decisions, trainingPairs } from "../db/schema";
import { standingDecision, votesSql } from "./overlap";
import { rowsOf } from "./taxonomies";

/**
 * The statements of one decision (decisions.ts runs them in its transaction): the checks before it
 * and the one read and one write it takes, each round trip one more wait under many annotators.
 */

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
 * The label a creative carries now (`currentLabelOf` in decisions.ts), as an expression for the
 * creative whose id is `creativeId`.
 */
export function currentLabelSql(creativeId: SQL): SQL {
  return sql`coalesce(
    (select d.label_id from decisions d where d.creative_id = ${creativeId} and ${standingDecision}
       and d.label_id is not null order by d.id desc limit 1),
    (select s.label_id from suggestions s where s.creative_id = ${creativeId} and s.source = 'classifier'
       order by s.rank limit 1))`;
}

/** The decision stored under a browser's idempotency key, with its pair count, or null. */
export async function storedDecision(
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
export async function retractReplaced(tx: Executor, creativeId: number, decisionId: number) {
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
export interface DecisionContext {
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
export async function decisionContext(
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
export async function writeDecision(
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
