import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "../db";
import type { QueueScope } from "./queue";
import { rowsOf } from "./taxonomies";
import { inQueueConditionOf } from "./thresholds";

/**
 * How many creatives are in a detector run's queue (decided or not). Counting reads the whole run,
 * a second at a million scores, so the figure is cached on the run's `detector_runs` row: the
 * triggers of migration 0009 clear it whenever the scores or the threshold change, and bump
 * `queue_generation`. The count and the generation are read in one statement (one snapshot), and
 * the count is stored only while the generation is still the one it was counted under, so a change
 * committed meanwhile is never covered up by an older count. A row locked by a writer (a run being
 * stored) is not waited for: the count is returned uncached.
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
    await db.execute(sql`
      update detector_runs set queue_size = ${n}
      where ${key} and queue_generation = ${counted.generation} and queue_size is null
        and ctid = (select ctid from detector_runs where ${key} for update skip locked)`);
  }
  return n;
}
