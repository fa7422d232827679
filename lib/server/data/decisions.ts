import "server-only";
import { and, desc, eq, isNull, sql, type SQL } from "drizzle-orm";
import {
  planTrainingPairs,
  type DecisionForPairs,
  type PairTargets,
} from "@/lib/core/trainingPairs";
import type { Database, Executor } from "../db";
import { creatives, decisions, queueLeases, trainingPairs } from "../db/schema";
import { applyMajorityIn, standingDecision } from "./overlap";
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
  if (input.clientDecisionId) {
    const [seen] = await tx
      .select({ id: decisions.id })
      .from(decisions)
      .where(eq(decisions.clientDecisionId, input.clientDecisionId));
    if (seen) {
      const [count] = rowsOf<{ n: number }>(
        await tx.execute(
          sql`select count(*)::int as n from training_pairs where decision_id = ${seen.id}`,
        ),
      );
      return { decisionId: seen.id, pairCount: count?.n ?? 0 };
    }
  }
  if (input.replacesDecisionId !== undefined) {
    const retracted = await tx
      .update(decisions)
      .set({ retractedAt: sql`now()` })
      .where(
        and(
          eq(decisions.id, input.replacesDecisionId),
          eq(decisions.creativeId, input.creativeId),
          isNull(decisions.retractedAt),
        ),
      )
      .returning({ id: decisions.id });
    if (retracted.length === 0) {
      throw new DecisionRejectedError(
        `Decision ${input.replacesDecisionId} is not a current decision on this creative`,
      );
    }
    await tx
      .update(trainingPairs)
      .set({ retractedAt: sql`now()` })
      .where(eq(trainingPairs.decisionId, input.replacesDecisionId));
  }
  // What the decision needs to know, in one read: the creative, whether the label is a usable
  // one of its dataset's taxonomy, the label it carries now (recorded as the previous one) and up
  // to five other creatives decided with the same label (positive pairs).
  const [creative] = rowsOf<{
    image_ref: string | null;
    label_ok: boolean;
    previous_label_id: number | null;
    same_label: number[];
  }>(
    await tx.execute(sql`
      select c.image_ref,
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
        } as same_label
      from creatives c where c.id = ${input.creativeId}`),
  );
  if (!creative) throw new DecisionRejectedError(`No creative ${input.creativeId}`);
  if (!creative.label_ok)
    throw new DecisionRejectedError(
      `Label ${input.labelId} is not a usable label of this dataset's taxonomy`,
    );
  const previousLabelId = creative.previous_label_id;
  const [decision] = await tx
    .insert(decisions)
    .values({
      creativeId: input.creativeId,
      annotator: input.annotator,
      action: input.action,
      labelId: input.labelId ?? null,
      previousLabelId,
      timeSpentMs: Math.max(0, Math.round(input.timeSpentMs)),
      clientDecisionId: input.clientDecisionId ?? null,
      isReview: input.isReview ?? false,
    })
    .returning({ id: decisions.id });
  if (!decision) throw new Error("The decision was not stored");
  const sameLabel = creative.same_label;
  const planned = planTrainingPairs(
    {
      action: input.action,
      chosenLabelId: input.labelId,
      rejectedLabelId: input.rejectedLabelId,
      strongestWrongLabelId: input.strongestWrongLabelId,
      hasImage: creative.image_ref !== null,
      sameLabelCreativeIds: sameLabel,
    },
    input.targets,
  );
  if (planned.length > 0) {
    await tx.insert(trainingPairs).values(
      planned.map((p) => ({
        decisionId: decision.id,
        kind: p.kind,
        creativeId: input.creativeId,
        otherLabelId: p.otherLabelId ?? null,
        otherCreativeId: p.otherCreativeId ?? null,
        target: p.target,
      })),
    );
  }
  await tx
    .delete(queueLeases)
    .where(
      and(eq(queueLeases.creativeId, input.creativeId), eq(queueLeases.annotator, input.annotator)),
    );
  await applyMajorityIn(tx, input.creativeId);
  await recordAudit(tx, {
    actor: input.annotator,
    action: `decision.${input.action}`,
    entityType: "decision",
    entityId: String(decision.id),
    before: { creativeId: input.creativeId, labelId: previousLabelId },
    after: {
      creativeId: input.creativeId,
      labelId: input.labelId ?? null,
      replaces: input.replacesDecisionId ?? null,
      review: input.isReview ?? false,
      pairs: planned.length,
    },
  });
  return { decisionId: decision.id, pairCount: planned.length };
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
