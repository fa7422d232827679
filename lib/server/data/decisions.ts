import "server-only";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { votesAfter } from "@/lib/core/agreement/majority";
import { planTrainingPairs } from "@/lib/core/trainingPairs";
import type { Database, Executor } from "../db";
import { creatives, decisions, trainingPairs } from "../db/schema";
import { recordAudit } from "./audit";
import {
  currentLabelSql,
  decisionContext,
  DecisionRejectedError,
  retractReplaced,
  storedDecision,
  writeDecision,
  type DecisionInput,
} from "./decisionStatements";
import { applyMajorityIn } from "./overlap";
import { rowsOf } from "./taxonomies";

export { DecisionRejectedError, type DecisionInput } from "./decisionStatements";

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
