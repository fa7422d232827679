import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { majorityWinner, type Vote } from "@/lib/core/agreement/majority";
import type { Database, Executor } from "../db";
import { recordAudit, recordAudits } from "./audit";
import { followedRunQuery } from "./followedRun";
import type { QueueScope } from "./queue";
import { rowsOf } from "./taxonomies";
import { inQueueConditionOf } from "./thresholds";

/** How many annotators a share of the queue needs; `annotators: 1` or `share: 0` turns overlap off. */
export const overlapSettingsSchema = z.object({
  share: z.number().min(0, "must be at least 0").max(1, "must be at most 1"),
  annotators: z
    .number()
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(10, "must be at most 10"),
});
export type OverlapSettingsInput = z.infer<typeof overlapSettingsSchema>;

export interface OverlapSettings extends OverlapSettingsInput {
  updatedBy: string | null;
  updatedAt: string | null;
}

/** A dataset's overlap settings; without any, every item needs one annotator. */
export async function getOverlapSettings(
  db: Executor,
  datasetId: number,
): Promise<OverlapSettings> {
  const [row] = rowsOf<{
    share: number;
    annotators: number;
    updated_by: string;
    updated_at: string | Date;
  }>(
    await db.execute(sql`
      select share, annotators, updated_by, updated_at from overlap_settings where dataset_id = ${datasetId}`),
  );
  if (!row) return { share: 0, annotators: 1, updatedBy: null, updatedAt: null };
  return {
    share: row.share,
    annotators: row.annotators,
    updatedBy: row.updated_by,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/**
 * Sets a dataset's overlap; the queue follows from the next claim on. Like a threshold, the change
 * and its audit entry (the setting before and after) are written in one transaction.
 */
export async function setOverlapSettings(
  database: Database,
  input: OverlapSettingsInput & { datasetId: number; updatedBy: string },
): Promise<void> {
  const settings = overlapSettingsSchema.parse(input);
  await database.transaction(async (db) => {
    const before = await getOverlapSettings(db, input.datasetId);
    await db.execute(sql`
      insert into overlap_settings (dataset_id, share, annotators, updated_by)
      values (${input.datasetId}, ${settings.share}, ${settings.annotators}, ${input.updatedBy})
      on conflict (dataset_id) do update set share = excluded.share, annotators = excluded.annotators,
        updated_by = excluded.updated_by, updated_at = now()`);
    await recordAudit(db, {
      actor: input.updatedBy,
      action: "overlap.set",
      entityType: "overlap_settings",
      entityId: String(input.datasetId),
      before:
        before.updatedBy === null ? null : { share: before.share, annotators: before.annotators },
      after: { share: settings.share, annotators: settings.annotators },
    });
  });
}

/** The least-certain-first order (alias `s`); the uncertainty queue and the overlap share use it. */
export const uncertaintyOrder = sql`s.uncertainty_rank asc nulls last,
    coalesce((s.signals->>'margin')::float8, 1) asc, s.creative_id`;

/**
 * Every creative in a detector run's queue with what overlap asks of it, as a subquery to alias
 * `s`: the scores' ordering columns, `required` (the overlap's annotator count for the least
 * certain `share` of the queue, 1 for the rest), `decision_count` (distinct annotators with a
 * current, non-skip decision; overruled ones still count: they were made) and `settled` (an
 * admin's review decided it). The share is taken over the queue as it is now, so a new threshold
 * or detector run moves the line with it.
 */
export function queueStateOf(scope: QueueScope): SQL {
  // Decisions are counted in one grouped pass over the dataset's decisions rather than a
  // subquery per queue row: a claim reads the whole queue's state, and at thousands of flagged
  // creatives per-row subqueries made it several times slower.
  return sql`(
    select s.creative_id, s.score_rank, s.score, s.uncertainty_rank, s.signals,
      case when o.annotators > 1 and row_number() over (order by ${uncertaintyOrder}) <= ceil(o.share * count(*) over ())
        then o.annotators else 1 end as required,
      coalesce(dc.decision_count, 0) as decision_count,
      coalesce(dc.settled, false) as settled
    from detector_scores s
    join creatives c on c.id = s.creative_id
    left join overlap_settings o on o.dataset_id = c.dataset_id
    left join (
      select d.creative_id,
        count(distinct d.annotator) filter (where d.action <> 'skip' and not d.is_review)::int as decision_count,
        bool_or(d.is_review) as settled
      from decisions d join creatives dcc on dcc.id = d.creative_id
      where dcc.dataset_id = ${scope.datasetId} and d.retracted_at is null
      group by d.creative_id) dc on dc.creative_id = s.creative_id
    where c.dataset_id = ${scope.datasetId} and s.model_id = ${scope.modelId}
      and s.model_version = ${scope.modelVersion} and ${inQueueConditionOf(scope)})`;
}

/** True for a queue-state row (alias `s`) that needs no more annotators. */
export const hasEnoughDecisions = sql`(s.settled or s.decision_count >= s.required)`;

/**
 * How many distinct annotators a creative needs under its dataset's overlap and the detector run
 * its queue follows: 1 unless it is among the least certain share of that run's queue.
 */
export async function requiredAnnotatorsOf(db: Executor, creativeId: number): Promise<number> {
  const [settings] = rowsOf<{ dataset_id: number; annotators: number }>(
    await db.execute(sql`
      select o.dataset_id, o.annotators from creatives c join overlap_settings o on o.dataset_id = c.dataset_id
      where c.id = ${creativeId} and o.annotators > 1 and o.share > 0`),
  );
  if (!settings) return 1;
  // The run the queue follows (a selected version's after a round, the base's after a roll
  // back), from followedRun.ts, which imports nothing, so the decision write path
  // (decisions -> overlap) stays free of an import cycle through the queue views.
  const [run] = rowsOf<{ model_id: string; model_version: string }>(
    await db.execute(followedRunQuery(settings.dataset_id)),
  );
  if (!run) return 1;
  const scope = {
    datasetId: settings.dataset_id,
    modelId: run.model_id,
    modelVersion: run.model_version,
  };
  const [row] = rowsOf<{ required: number }>(
    await db.execute(sql`
      select s.required from ${queueStateOf(scope)} s where s.creative_id = ${creativeId}`),
  );
  return row?.required ?? 1;
}

/**
 * A creative's votes (for {@link majorityWinner}) as one JSON array expression: each annotator's
 * latest current decision that set a label, in decision order. A decision reads them with its
 * other context before it writes, and adds itself with `votesAfter`.
 */
export function votesSql(creativeId: SQL): SQL {
  return sql`coalesce((
    select json_agg(json_build_object('decisionId', v.id, 'annotator', v.annotator,
      'labelId', v.label_id, 'isReview', v.is_review) order by v.id)
    from (
      select distinct on (d.annotator) d.id, d.annotator, d.label_id, d.is_review from decisions d
      where d.creative_id = ${creativeId} and d.retracted_at is null and d.action <> 'skip'
        and d.label_id is not null
      order by d.annotator, d.id desc) v), '[]'::json)`;
}

/**
 * Once an overlap item has all its annotators and one label has more votes than any other, the
 * outvoted decisions are overruled by the latest decision of the majority: they stay for the
 * agreement figures, but their training pairs stop counting and they no longer set the label. A
 * unanimous item needs nothing; a tie waits for an admin's review. Runs inside the decision's
 * transaction, so the label never shows a state that the votes don't support. `votes` are the
 * creative's votes with the new decision among them; most decisions are a creative's only vote
 * and need no statement here at all.
 */
export async function applyMajorityIn(
  tx: Executor,
  creativeId: number,
  votes: readonly Vote[],
): Promise<void> {
  const winner = majorityWinner(votes);
  if (!winner) return;
  const required = await requiredAnnotatorsOf(tx, creativeId);
  if (required < 2 || winner.voters < required) return;
  await overrule(tx, {
    creativeId,
    byDecisionId: winner.decisionId,
    keepLabelId: winner.labelId,
    actor: winner.annotator,
  });
}

/**
 * Marks a creative's current decisions for another label as overruled by `byDecisionId`; their
 * training pairs stay stored (the history is auditable) but leave exports through the filter on
 * `superseded_by`. Each overruled decision gets an audit entry in the same transaction, in the
 * name of the `actor` whose decision overruled it (the reviewing admin, or the majority's last
 * voter).
 */
export async function overrule(
  tx: Executor,
  input: { creativeId: number; byDecisionId: number; keepLabelId: number; actor: string },
): Promise<number> {
  const rows = rowsOf<{ id: number; label_id: number | null; annotator: string }>(
    await tx.execute(sql`
      update decisions set superseded_by = ${input.byDecisionId}
      where creative_id = ${input.creativeId} and retracted_at is null and action <> 'skip'
        and id <> ${input.byDecisionId} and not is_review
        and label_id is distinct from ${input.keepLabelId}
        and (superseded_by is null or not exists (
          select 1 from decisions r where r.id = decisions.superseded_by and r.retracted_at is null))
      returning id, label_id, annotator`),
  );
  await recordAudits(
    tx,
    rows.map((r) => ({
      actor: input.actor,
      action: "decision.overruled",
      entityType: "decision",
      entityId: String(r.id),
      before: {
        creativeId: input.creativeId,
        annotator: r.annotator,
        labelId: r.label_id,
        supersededBy: null,
      },
      after: {
        creativeId: input.creativeId,
        annotator: r.annotator,
        labelId: r.label_id,
        supersededBy: input.byDecisionId,
      },
    })),
  );
  return rows.length;
}

/**
 * The SQL condition (alias `d` for decisions) that a decision still counts: not retracted, and
 * not overruled by a decision that itself still stands (an undone review restores what it
 * overruled).
 */
export const standingDecision = sql`(d.retracted_at is null and (d.superseded_by is null or not exists (
  select 1 from decisions r where r.id = d.superseded_by and r.retracted_at is null)))`;
