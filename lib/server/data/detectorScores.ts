import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "../db";
import { rowsOf } from "./taxonomies";

export interface DetectorScoreRow {
  creativeId: number;
  flag: "wrong_label" | "new_label" | null;
  score: number;
  signals: Record<string, number>;
  reasons: string[];
}

/** Stores one detector run's verdicts, replacing the previous verdicts of the same model version. */
export async function storeDetectorScores(
  db: Executor,
  input: { modelId: string; modelVersion: string; rows: DetectorScoreRow[] },
): Promise<number> {
  let stored = 0;
  for (let start = 0; start < input.rows.length; start += 1000) {
    const batch = input.rows.slice(start, start + 1000);
    const result = await db.execute(sql`
      insert into detector_scores (creative_id, model_id, model_version, flag, score, signals, reasons)
      select r.creative_id, ${input.modelId}, ${input.modelVersion}, r.flag, r.score, r.signals::jsonb, r.reasons::jsonb
      from unnest(
        ${sql.param(batch.map((r) => r.creativeId))}::int[],
        ${sql.param(batch.map((r) => r.flag))}::text[],
        ${sql.param(batch.map((r) => r.score))}::float8[],
        ${sql.param(batch.map((r) => JSON.stringify(r.signals)))}::text[],
        ${sql.param(batch.map((r) => JSON.stringify(r.reasons)))}::text[]
      ) as r(creative_id, flag, score, signals, reasons)
      on conflict (creative_id, model_id, model_version) do update set
        flag = excluded.flag, score = excluded.score, signals = excluded.signals,
        reasons = excluded.reasons, computed_at = now()
      returning id`);
    stored += rowsOf(result).length;
  }
  return stored;
}
