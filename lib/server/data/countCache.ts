import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "../db";

/**
 * Stores counts into a cache row (`detector_runs.queue_size`, `dataset_counts`) only if nothing
 * changed since they were counted: the triggers of migration 0009 clear such a row and bump its
 * generation on every change, so the caller counts and reads the generation in one statement (one
 * snapshot) and passes it here; a later generation means a change committed meanwhile, and the
 * older counts are dropped. A row a writer holds (a run or an import in progress) is skipped, not
 * waited for: the caller returns its counts uncached.
 */
export async function storeCountsUnlessChanged(
  db: Executor,
  cache: {
    table: "detector_runs" | "dataset_counts";
    key: SQL;
    generationColumn: "queue_generation" | "generation";
    generation: number;
    set: SQL;
  },
): Promise<void> {
  const table = sql.raw(cache.table);
  await db.execute(sql`
    update ${table} set ${cache.set}
    where ${cache.key} and ${sql.raw(cache.generationColumn)} = ${cache.generation}
      and ctid = (select ctid from ${table} where ${cache.key} for update skip locked)`);
}
