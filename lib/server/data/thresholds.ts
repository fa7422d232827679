import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Database, Executor } from "../db";
import { recordAudit } from "./audit";
import type { QueueScope } from "./queue";
import { rowsOf } from "./taxonomies";

/**
 * The SQL condition that puts a scored creative of a run (alias `s`) in its queue: the detector
 * flagged it, an analyst sent it there by hand (`manual` in its signals), or its similarity to the
 * predicted label is under the analyst's threshold. Queue, counts and item views all use this one
 * definition, so a new threshold takes effect everywhere at once. The threshold is an uncorrelated
 * subquery, looked up once per query rather than once per row: a count reads a whole run of up to
 * a million scores.
 */
export function inQueueConditionOf(scope: QueueScope): SQL {
  return sql`(s.flag is not null or s.signals ? 'manual' or (s.signals->>'simPredicted')::float8 < coalesce(
    (select t.value from detector_thresholds t where t.dataset_id = ${scope.datasetId}
       and t.model_id = ${scope.modelId} and t.model_version = ${scope.modelVersion}
       and t.kind = 'similarity'), -2))`;
}

/** The analyst's similarity threshold for a detector run, if one is set. */
export async function getSimilarityThreshold(
  db: Executor,
  scope: QueueScope,
): Promise<number | null> {
  const [row] = rowsOf<{ value: number }>(
    await db.execute(sql`
      select value from detector_thresholds where dataset_id = ${scope.datasetId} and model_id = ${scope.modelId}
        and model_version = ${scope.modelVersion} and kind = 'similarity'`),
  );
  return row?.value ?? null;
}

export async function setSimilarityThreshold(
  database: Database,
  input: QueueScope & { value: number; updatedBy: string },
): Promise<void> {
  await database.transaction(async (db) => {
    const before = await getSimilarityThreshold(db, input);
    await db.execute(sql`
    insert into detector_thresholds (dataset_id, model_id, model_version, kind, value, updated_by)
    values (${input.datasetId}, ${input.modelId}, ${input.modelVersion}, 'similarity', ${input.value}, ${input.updatedBy})
    on conflict (dataset_id, model_id, model_version, kind) do update set
      value = excluded.value, updated_by = excluded.updated_by, updated_at = now()`);
    await recordAudit(db, {
      actor: input.updatedBy,
      action: "threshold.set",
      entityType: "detector_threshold",
      entityId: `${input.datasetId}:${input.modelId}:${input.modelVersion}:similarity`,
      before: before === null ? null : { value: before },
      after: { value: input.value },
    });
  });
}

/** A scored creative's similarity to its predicted label and what annotators made of it. */
export interface ThresholdPoint {
  similarity: number;
  outcome: "confirmed" | "corrected" | "undecided";
}

/**
 * Every scored creative's text-to-predicted-label similarity, with the outcome of its current
 * decision: `confirmed` when the annotator kept the classifier's label, `corrected` when they
 * chose another or a new one.
 */
export async function listThresholdPoints(
  db: Executor,
  scope: QueueScope,
): Promise<ThresholdPoint[]> {
  const rows = rowsOf<{ similarity: number; outcome: ThresholdPoint["outcome"] }>(
    await db.execute(sql`
      select (s.signals->>'simPredicted')::float8 as similarity,
        case when d.label_id is null then 'undecided'
             when d.label_id = p.label_id then 'confirmed' else 'corrected' end as outcome
      from detector_scores s
      join creatives c on c.id = s.creative_id
      left join suggestions p on p.creative_id = c.id and p.source = 'classifier' and p.rank = 1
      left join lateral (
        select x.label_id from decisions x where x.creative_id = c.id and x.retracted_at is null and x.action <> 'skip'
        order by x.id desc limit 1) d on true
      where c.dataset_id = ${scope.datasetId} and s.model_id = ${scope.modelId}
        and s.model_version = ${scope.modelVersion} and s.signals ? 'simPredicted'`),
  );
  return rows;
}
