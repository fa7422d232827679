import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "../db";
import { standingDecision } from "../data/overlap";
import { rowsOf } from "../data/taxonomies";

/** Which decisions an export covers. */
export interface ExportFilter {
  datasetId: number;
  from?: Date;
  to?: Date;
  annotator?: string;
  /** Label path prefix (segments): only decisions that chose a label in this branch. */
  branch?: string[];
}

const pageSize = 2000;

function decisionFilter(filter: ExportFilter): SQL {
  const parts: SQL[] = [sql`c.dataset_id = ${filter.datasetId}`];
  if (filter.from) parts.push(sql`d.created_at >= ${filter.from.toISOString()}`);
  if (filter.to) parts.push(sql`d.created_at < ${filter.to.toISOString()}`);
  if (filter.annotator) parts.push(sql`d.annotator = ${filter.annotator}`);
  if (filter.branch && filter.branch.length > 0) {
    parts.push(sql`l.path[1:${filter.branch.length}] = ${sql.param(filter.branch)}::text[]`);
  }
  return sql.join(parts, sql` and `);
}

export interface PairRow {
  pair_id: number;
  kind: "text_label" | "text_text" | "image_label" | "image_text";
  target: number;
  text: string;
  image_ref: string | null;
  other_label_path: string[] | null;
  other_text: string | null;
  decision_id: number;
}

/**
 * Current training pairs of the decisions the filter selects (neither retracted nor overruled by
 * a review or a majority: a label that lost carries no training signal), in pages keyed by id, so
 * an export of any size streams with bounded memory.
 */
export async function* streamPairs(db: Executor, filter: ExportFilter): AsyncGenerator<PairRow> {
  let after = 0;
  for (;;) {
    const rows = rowsOf<PairRow>(
      await db.execute(sql`
        select p.id as pair_id, p.kind, p.target, c.text, c.image_ref, ol.path as other_label_path,
          oc.text as other_text, d.id as decision_id
        from training_pairs p
        join decisions d on d.id = p.decision_id
        join creatives c on c.id = p.creative_id
        left join labels l on l.id = d.label_id
        left join labels ol on ol.id = p.other_label_id
        left join creatives oc on oc.id = p.other_creative_id
        where p.retracted_at is null and ${standingDecision} and p.id > ${after} and ${decisionFilter(filter)}
        order by p.id limit ${pageSize}`),
    );
    if (rows.length === 0) return;
    yield* rows;
    after = rows[rows.length - 1]!.pair_id;
  }
}

export interface DecisionRow {
  id: number;
  creative_id: number;
  external_id: string;
  content_hash: string;
  text: string;
  annotator: string;
  action: string;
  label_id: number | null;
  label_path: string[] | null;
  previous_label_path: string[] | null;
  time_spent_ms: number;
  created_at: Date | string;
  retracted_at: Date | string | null;
  /** An admin's decision settling a disagreement in the review queue. */
  is_review: boolean;
  /** The review or majority decision that overruled this one (it no longer trains anything). */
  superseded_by: number | null;
}

/**
 * Every decision the filter selects, oldest first: retracted and overruled ones included and
 * marked, so the export is the full history and agreement can be recomputed from it.
 */
export async function* streamDecisions(
  db: Executor,
  filter: ExportFilter,
): AsyncGenerator<DecisionRow> {
  let after = 0;
  for (;;) {
    const rows = rowsOf<DecisionRow>(
      await db.execute(sql`
        select d.id, d.creative_id, c.external_id, c.content_hash, c.text, d.annotator, d.action, d.label_id,
          l.path as label_path, pl.path as previous_label_path, d.time_spent_ms, d.created_at, d.retracted_at,
          d.is_review, d.superseded_by
        from decisions d
        join creatives c on c.id = d.creative_id
        left join labels l on l.id = d.label_id
        left join labels pl on pl.id = d.previous_label_id
        where d.id > ${after} and ${decisionFilter(filter)}
        order by d.id limit ${pageSize}`),
    );
    if (rows.length === 0) return;
    yield* rows;
    after = rows[rows.length - 1]!.id;
  }
}

/** The taxonomy's usable labels (existing and proposed), parents first. */
export async function listExportLabels(db: Executor, taxonomyId: number) {
  return rowsOf<{ path: string[]; status: string }>(
    await db.execute(sql`
      select path, status from labels where taxonomy_id = ${taxonomyId} and status <> 'rejected'
      order by depth, path`),
  );
}
