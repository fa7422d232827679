import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { DetectorRun } from "@/lib/core/detector/run";
import type { Executor } from "../db";
import { newLabelGroups } from "../db/schema";
import { replaceNearestLabelSuggestions } from "./detectorInputs";
import { analyzeAfterBulkWrite } from "./statistics";
import { rowsOf } from "./taxonomies";
import { markClearedFlags } from "./versionRuns";

export interface DetectorScoreRow {
  creativeId: number;
  flag: "wrong_label" | "new_label" | null;
  score: number;
  signals: Record<string, number>;
  reasons: string[];
  /** Positions in the diversified queue orders; without them the queue orders by score. */
  scoreRank?: number | null;
  uncertaintyRank?: number | null;
  groupId?: number | null;
}

/**
 * Stores one detector run's verdicts, replacing the previous verdicts of the same model version;
 * a creative an analyst sent to the queue by hand (`manual`) stays there through re-runs.
 */
export async function storeDetectorScores(
  db: Executor,
  input: { modelId: string; modelVersion: string; rows: DetectorScoreRow[] },
): Promise<number> {
  let stored = 0;
  for (let start = 0; start < input.rows.length; start += 1000) {
    const batch = input.rows.slice(start, start + 1000);
    const result = await db.execute(sql`
      insert into detector_scores (creative_id, model_id, model_version, flag, score, signals, reasons,
        score_rank, uncertainty_rank, group_id)
      select r.creative_id, ${input.modelId}, ${input.modelVersion}, r.flag, r.score, r.signals::jsonb,
        r.reasons::jsonb, r.score_rank, r.uncertainty_rank, r.group_id
      from unnest(
        ${sql.param(batch.map((r) => r.creativeId))}::int[],
        ${sql.param(batch.map((r) => r.flag))}::text[],
        ${sql.param(batch.map((r) => r.score))}::float8[],
        ${sql.param(batch.map((r) => JSON.stringify(r.signals)))}::text[],
        ${sql.param(batch.map((r) => JSON.stringify(r.reasons)))}::text[],
        ${sql.param(batch.map((r) => r.scoreRank ?? null))}::int[],
        ${sql.param(batch.map((r) => r.uncertaintyRank ?? null))}::int[],
        ${sql.param(batch.map((r) => r.groupId ?? null))}::int[]
      ) as r(creative_id, flag, score, signals, reasons, score_rank, uncertainty_rank, group_id)
      on conflict (creative_id, model_id, model_version) do update set
        flag = excluded.flag, score = excluded.score,
        signals = excluded.signals || (case when detector_scores.signals ? 'manual'
          then jsonb_build_object('manual', detector_scores.signals->'manual') else '{}'::jsonb end),
        reasons = excluded.reasons, score_rank = excluded.score_rank,
        uncertainty_rank = excluded.uncertainty_rank, group_id = excluded.group_id,
        computed_at = now()
      returning id`);
    stored += rowsOf(result).length;
  }
  return stored;
}

/** A run that does not fit its dataset (ids from elsewhere); the message says what. */
export class DetectorRunRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DetectorRunRejectedError";
  }
}

/** The tables a stored run rewrites, for their statistics and, once committed, a vacuum. */
export const runTables = ["detector_scores", "suggestions", "new_label_groups"] as const;

/**
 * Stores a whole detector run in one transaction's worth of statements (the caller passes the
 * transaction): the run's new-label groups replace the previous run's, then every creative's
 * verdict with its queue ranks and group (for a trained version's run, with the flags it cleared
 * of its parent space's run marked), then its nearest-label suggestions. `creativeIds` and
 * `labelIds` map the run's row and label indices back to database ids. `bulk` when the run was
 * large for its tables: the caller vacuums {@link runTables} once the transaction committed.
 */
export async function storeDetectorRun(
  tx: Executor,
  input: {
    datasetId: number;
    modelId: string;
    modelVersion: string;
    creativeIds: readonly number[];
    labelIds: readonly number[];
    run: Pick<DetectorRun, "rows" | "groups">;
  },
): Promise<{ scored: number; groups: number; bulk: boolean }> {
  const { run, creativeIds, labelIds } = input;
  if (run.rows.length !== creativeIds.length) {
    throw new Error(`the run has ${run.rows.length} rows for ${creativeIds.length} creatives`);
  }
  const [owned] = rowsOf<{ creatives: number; labels: number }>(
    await tx.execute(sql`
      select
        (select count(*) from creatives where dataset_id = ${input.datasetId}
           and id = any(${sql.param([...creativeIds])}::int[]))::int as creatives,
        (select count(*) from labels l join datasets d on d.taxonomy_id = l.taxonomy_id
           where d.id = ${input.datasetId} and l.id = any(${sql.param([...labelIds])}::int[]))::int as labels`),
  );
  if (owned?.creatives !== new Set(creativeIds).size || owned?.labels !== new Set(labelIds).size) {
    throw new DetectorRunRejectedError(
      `the run names creatives or labels that are not in dataset ${input.datasetId} and its taxonomy`,
    );
  }
  await tx
    .delete(newLabelGroups)
    .where(
      and(
        eq(newLabelGroups.datasetId, input.datasetId),
        eq(newLabelGroups.modelId, input.modelId),
        eq(newLabelGroups.modelVersion, input.modelVersion),
      ),
    );
  const groupIds =
    run.groups.length === 0
      ? []
      : (
          await tx
            .insert(newLabelGroups)
            .values(
              run.groups.map((g) => ({
                datasetId: input.datasetId,
                modelId: input.modelId,
                modelVersion: input.modelVersion,
                suggestedName: g.suggestedName,
                suggestedParentId:
                  g.suggestedParent >= 0 ? (labelIds[g.suggestedParent] ?? null) : null,
                cohesion: g.cohesion,
                size: g.members.length,
              })),
            )
            .returning({ id: newLabelGroups.id })
        ).map((r) => r.id);
  const scored = await storeDetectorScores(tx, {
    modelId: input.modelId,
    modelVersion: input.modelVersion,
    rows: run.rows.map((row, i) => ({
      creativeId: creativeIds[i]!,
      flag: row.flag,
      score: row.score,
      signals:
        row.suggestedParent >= 0 && labelIds[row.suggestedParent] !== undefined
          ? { ...row.signals, suggestedParentId: labelIds[row.suggestedParent]! }
          : row.signals,
      reasons: row.reasons,
      scoreRank: row.scoreRank,
      uncertaintyRank: row.uncertaintyRank,
      groupId: row.group >= 0 ? (groupIds[row.group] ?? null) : null,
    })),
  });
  // A trained version's run: flags of the parent space's run that this one drops are marked.
  await markClearedFlags(tx, {
    modelId: input.modelId,
    modelVersion: input.modelVersion,
    creativeIds,
  });
  await replaceNearestLabelSuggestions(tx, {
    modelVersion: input.modelVersion,
    rows: run.rows.flatMap((row, i) =>
      row.suggestions.flatMap((s, rank) =>
        labelIds[s.label] === undefined
          ? []
          : [
              {
                creativeId: creativeIds[i]!,
                labelId: labelIds[s.label]!,
                value: s.path,
                score: s.score,
                rank: rank + 1,
              },
            ],
      ),
    ),
  });
  // The planner's statistics of what the run rewrote, before the first claim is planned.
  const bulk = await analyzeAfterBulkWrite(tx, runTables, scored);
  return { scored, groups: groupIds.length, bulk };
}
