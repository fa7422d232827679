import "server-only";
import { sql } from "drizzle-orm";
import {
  adaptedModelVersion,
  parseAdaptedModelVersion,
  type ClearedFlagCounts,
  type DetectorRunPrecision,
} from "@/lib/core/adaptation/versions";
import type { Executor } from "../db";
import { standingDecision } from "./overlap";
import { rowsOf } from "./taxonomies";

/**
 * Detector runs of trained versions against the runs they follow: the flags a new space made
 * obsolete, and how often each run's flags were borne out by the decisions made after it.
 */

/**
 * The model version whose run a version's run is compared with: its parent version's, or the
 * base model's when it was trained from the base (or its record is gone). Null for a base model.
 */
async function parentSpaceOf(
  db: Executor,
  modelId: string,
  modelVersion: string,
): Promise<string | null> {
  const adapted = parseAdaptedModelVersion(modelVersion);
  if (!adapted) return null;
  const [row] = rowsOf<{ parent_id: number | null }>(
    await db.execute(sql`
      select parent_id from model_versions where id = ${adapted.versionId}
        and base_model_id = ${modelId} and base_model_version = ${adapted.baseModelVersion}`),
  );
  return row?.parent_id
    ? adaptedModelVersion(adapted.baseModelVersion, row.parent_id)
    : adapted.baseModelVersion;
}

/**
 * After a trained version's run is stored: marks each of its creatives that the parent space's
 * run flagged and this run does not with `cleared_flag` = the old flag (and clears the mark
 * where that no longer holds), so flags made obsolete by the new space stay visible instead of
 * silently disappearing. Does nothing for a base model's run. Call it in the run's transaction.
 */
export async function markClearedFlags(
  tx: Executor,
  input: { modelId: string; modelVersion: string; creativeIds: readonly number[] },
): Promise<number> {
  const parent = await parentSpaceOf(tx, input.modelId, input.modelVersion);
  if (parent === null) return 0;
  let cleared = 0;
  for (let start = 0; start < input.creativeIds.length; start += 1000) {
    const ids = input.creativeIds.slice(start, start + 1000);
    const rows = rowsOf<{ cleared_flag: string | null }>(
      await tx.execute(sql`
        update detector_scores s set cleared_flag = (
          select case when s.flag is null then p.flag end from detector_scores p
          where p.creative_id = s.creative_id and p.model_id = s.model_id and p.model_version = ${parent})
        where s.model_id = ${input.modelId} and s.model_version = ${input.modelVersion}
          and s.creative_id = any(${sql.param([...ids])}::int[])
        returning s.cleared_flag`),
    );
    cleared += rows.filter((r) => r.cleared_flag !== null).length;
  }
  return cleared;
}

/** How many of a dataset's creatives a run cleared of their parent space's flags, by flag. */
export async function countClearedFlags(
  db: Executor,
  input: { datasetId: number; modelId: string; modelVersion: string },
): Promise<ClearedFlagCounts> {
  const [row] = rowsOf<ClearedFlagCounts>(
    await db.execute(sql`
      select count(*) filter (where s.cleared_flag = 'wrong_label')::int as "wrongLabel",
        count(*) filter (where s.cleared_flag = 'new_label')::int as "newLabel",
        count(s.cleared_flag)::int as total
      from detector_scores s join creatives c on c.id = s.creative_id
      where c.dataset_id = ${input.datasetId} and s.model_id = ${input.modelId}
        and s.model_version = ${input.modelVersion}`),
  );
  return row ?? { wrongLabel: 0, newLabel: 0, total: 0 };
}

/**
 * For each detector run of the dataset (base models' and versions'), newest first: how many
 * creatives it flagged, how many of those got a standing non-skip decision after the run was
 * computed, and how many of those decisions (each creative's latest) found a real issue: the
 * label was changed or a new one given, anything but accepting the predicted label.
 */
export async function detectorPrecisionByVersion(
  db: Executor,
  datasetId: number,
): Promise<DetectorRunPrecision[]> {
  const rows = rowsOf<{
    model_id: string;
    model_version: string;
    computed_at: string | Date;
    flagged: number;
    decided: number;
    issues: number;
  }>(
    await db.execute(sql`
      with runs as (
        select s.model_id, s.model_version, max(s.computed_at) as computed_at,
          count(*) filter (where s.flag is not null)::int as flagged
        from detector_scores s join creatives c on c.id = s.creative_id
        where c.dataset_id = ${datasetId}
        group by s.model_id, s.model_version)
      select r.model_id, r.model_version, r.computed_at, r.flagged,
        count(ld.action)::int as decided,
        count(ld.action) filter (where ld.action <> 'accept')::int as issues
      from runs r
      left join (detector_scores f join creatives fc on fc.id = f.creative_id and fc.dataset_id = ${datasetId})
        on f.model_id = r.model_id and f.model_version = r.model_version and f.flag is not null
      left join lateral (
        select d.action from decisions d
        where d.creative_id = f.creative_id and d.action <> 'skip' and ${standingDecision}
          and d.created_at > r.computed_at
        order by d.id desc limit 1) ld on true
      group by r.model_id, r.model_version, r.computed_at, r.flagged
      order by r.computed_at desc, r.model_id, r.model_version`),
  );
  return rows.map((r) => ({
    modelId: r.model_id,
    modelVersion: r.model_version,
    versionId: parseAdaptedModelVersion(r.model_version)?.versionId ?? null,
    computedAt: new Date(r.computed_at).toISOString(),
    flagged: r.flagged,
    decided: r.decided,
    issues: r.issues,
    precision: r.decided === 0 ? null : r.issues / r.decided,
  }));
}
