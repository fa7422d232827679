import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "../db";
import type { QueueScope } from "./queue";
import { storeCountsUnlessChanged } from "./countCache";
import { rowsOf } from "./taxonomies";
import { inQueueConditionOf } from "./thresholds";

/**
 * How many creatives are in a detector run's queue (decided or not). Counting reads the whole run,
 * a second at a million scores, so the figure is cached on the run's `detector_runs` row: the
 * triggers of migration 0009 clear it whenever the scores or the threshold change, and it is
 * counted again on the next read and stored through {@link storeCountsUnlessChanged}.
 */
export async function queueSizeOf(db: Executor, scope: QueueScope): Promise<number> {
  const key = sql`dataset_id = ${scope.datasetId} and model_id = ${scope.modelId}
    and model_version = ${scope.modelVersion}`;
  const [cached] = rowsOf<{ queue_size: number | null; queue_generation: number }>(
    await db.execute(
      sql`select queue_size, queue_generation from detector_runs where ${key} and queue_size is not null`,
    ),
  );
  if (cached?.queue_size != null) return cached.queue_size;
  const [counted] = rowsOf<{ n: number; generation: number | null }>(
    await db.execute(sql`
      select (select queue_generation from detector_runs where ${key}) as generation,
        (select count(*) from detector_scores s join creatives c on c.id = s.creative_id
          where c.dataset_id = ${scope.datasetId} and s.model_id = ${scope.modelId}
            and s.model_version = ${scope.modelVersion} and ${inQueueConditionOf(scope)})::int as n`),
  );
  const n = counted?.n ?? 0;
  if (counted?.generation != null) {
    await storeCountsUnlessChanged(db, {
      table: "detector_runs",
      key,
      generationColumn: "queue_generation",
      generation: counted.generation,
      set: sql`queue_size = ${n}`,
    });
  }
  return n;
}
