import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "../db";
import { rowsOf } from "./taxonomies";

export interface ScoringCreative {
  creativeId: number;
  predictedLabelId: number | null;
  predictedScore: number | null;
  generativeValue: string | null;
  generativeLabelId: number | null;
}

/** The creatives of a dataset with the classifier's and generative model's labels, for scoring. */
export async function listScoringCreatives(
  db: Executor,
  datasetId: number,
): Promise<ScoringCreative[]> {
  const rows = rowsOf<{
    id: number;
    predicted_label_id: number | null;
    predicted_score: number | null;
    generative_value: string | null;
    generative_label_id: number | null;
  }>(
    await db.execute(sql`
      select c.id, p.label_id as predicted_label_id, p.score as predicted_score,
        g.value as generative_value, g.label_id as generative_label_id
      from creatives c
      left join suggestions p on p.creative_id = c.id and p.source = 'classifier' and p.rank = 1
      left join suggestions g on g.creative_id = c.id and g.source = 'generative' and g.rank = 1
      where c.dataset_id = ${datasetId} and length(c.text) > 0
      order by c.id`),
  );
  return rows.map((r) => ({
    creativeId: r.id,
    predictedLabelId: r.predicted_label_id,
    predictedScore: r.predicted_score,
    generativeValue: r.generative_value,
    generativeLabelId: r.generative_label_id,
  }));
}

/** Replaces a model version's nearest-label suggestions for the given creatives. */
export async function replaceNearestLabelSuggestions(
  db: Executor,
  input: {
    modelVersion: string;
    rows: { creativeId: number; labelId: number; value: string; score: number; rank: number }[];
  },
): Promise<void> {
  const creativeIds = [...new Set(input.rows.map((r) => r.creativeId))];
  for (let start = 0; start < creativeIds.length; start += 1000) {
    await db.execute(sql`
      delete from suggestions where source = 'nearest_label' and model_version = ${input.modelVersion}
        and creative_id = any(${sql.param(creativeIds.slice(start, start + 1000))}::int[])`);
  }
  for (let start = 0; start < input.rows.length; start += 2000) {
    const batch = input.rows.slice(start, start + 2000);
    await db.execute(sql`
      insert into suggestions (creative_id, source, value, label_id, score, rank, model_version)
      select r.creative_id, 'nearest_label', r.value, r.label_id, r.score, r.rank, ${input.modelVersion}
      from unnest(
        ${sql.param(batch.map((r) => r.creativeId))}::int[],
        ${sql.param(batch.map((r) => r.value))}::text[],
        ${sql.param(batch.map((r) => r.labelId))}::int[],
        ${sql.param(batch.map((r) => r.score))}::float8[],
        ${sql.param(batch.map((r) => r.rank))}::int[]
      ) as r(creative_id, value, label_id, score, rank)`);
  }
}
