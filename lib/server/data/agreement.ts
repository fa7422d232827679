import "server-only";
import { sql } from "drizzle-orm";
import type { AgreementCounts } from "@/lib/core/agreement/counts";
import { agreementReport, type AgreementReport } from "@/lib/core/agreement/report";
import type { Executor } from "../db";
import { getOverlapSettings, queueStateOf, type OverlapSettings } from "./overlap";
import { latestDetectorRun } from "./queueItems";
import { countReviews } from "./reviews";
import { rowsOf } from "./taxonomies";

export interface AgreementMetrics {
  counts: AgreementCounts;
  overlap: OverlapSettings;
  report: AgreementReport;
}

/**
 * Everything the Metrics page and its export show for a dataset. The figures cover every current
 * decision in the dataset (overruled ones included: they are what the annotator said); the queue
 * counts cover the latest detector run, which is the queue annotators work.
 */
export async function getAgreementMetrics(
  db: Executor,
  dataset: { id: number; taxonomyId: number },
): Promise<AgreementMetrics> {
  const votes = rowsOf<{ creative_id: number; annotator: string; label_id: number }>(
    await db.execute(sql`
      select distinct on (d.creative_id, d.annotator) d.creative_id, d.annotator, d.label_id
      from decisions d join creatives c on c.id = d.creative_id
      where c.dataset_id = ${dataset.id} and d.retracted_at is null and d.action <> 'skip'
        and d.label_id is not null and not d.is_review
      order by d.creative_id, d.annotator, d.id desc`),
  );
  const reviews = rowsOf<{ creative_id: number; label_id: number }>(
    await db.execute(sql`
      select distinct on (d.creative_id) d.creative_id, d.label_id
      from decisions d join creatives c on c.id = d.creative_id
      where c.dataset_id = ${dataset.id} and d.retracted_at is null and d.is_review and d.label_id is not null
      order by d.creative_id, d.id desc`),
  );
  const unitIds = [...new Set([...votes, ...reviews].map((r) => r.creative_id))];
  const models = rowsOf<{
    creative_id: number;
    source: "classifier" | "generative";
    label_id: number | null;
  }>(
    unitIds.length === 0
      ? { rows: [] }
      : await db.execute(sql`
          select distinct on (s.creative_id, s.source) s.creative_id, s.source, s.label_id
          from suggestions s
          where s.creative_id = any(${sql.param(unitIds)}::int[]) and s.source in ('classifier', 'generative')
          order by s.creative_id, s.source, s.rank, s.created_at desc`),
  );
  const paths = new Map(
    rowsOf<{ id: number; path: string[] }>(
      await db.execute(sql`select id, path from labels where taxonomy_id = ${dataset.taxonomyId}`),
    ).map((l) => [String(l.id), l.path]),
  );

  const settledOf = new Map(reviews.map((r) => [r.creative_id, String(r.label_id)]));
  const modelOf = new Map(models.map((m) => [`${m.creative_id}:${m.source}`, m.label_id]));
  const votesOf = new Map<number, { annotator: string; label: string }[]>();
  for (const v of votes) {
    const list = votesOf.get(v.creative_id) ?? [];
    list.push({ annotator: v.annotator, label: String(v.label_id) });
    votesOf.set(v.creative_id, list);
  }
  const label = (id: number | null | undefined) =>
    id === null || id === undefined ? null : String(id);
  const report = agreementReport(
    unitIds.map((unit) => ({
      unit,
      votes: votesOf.get(unit) ?? [],
      settled: settledOf.get(unit) ?? null,
      classifier: label(modelOf.get(`${unit}:classifier`)),
      generative: label(modelOf.get(`${unit}:generative`)),
    })),
    (id) => paths.get(id),
  );

  const [overlap, run] = await Promise.all([
    getOverlapSettings(db, dataset.id),
    latestDetectorRun(db, dataset.id),
  ]);
  let queue = { overlapItems: 0, overlapComplete: 0, inReview: 0, settled: 0 };
  if (run) {
    const scope = { datasetId: dataset.id, ...run };
    const [row] = rowsOf<{ overlap_items: number; overlap_complete: number }>(
      await db.execute(sql`
        select count(*) filter (where s.required > 1)::int as overlap_items,
          count(*) filter (where s.required > 1 and (s.settled or s.decision_count >= s.required))::int as overlap_complete
        from ${queueStateOf(scope)} s`),
    );
    queue = {
      overlapItems: row?.overlap_items ?? 0,
      overlapComplete: row?.overlap_complete ?? 0,
      ...(await countReviews(db, scope)),
    };
  }
  return {
    counts: { decided: unitIds.length, decisions: votes.length + reviews.length, ...queue },
    overlap,
    report,
  };
}
