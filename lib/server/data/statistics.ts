import "server-only";
import { sql } from "drizzle-orm";
import type { Database, Executor } from "../db";
import { rowsOf } from "./taxonomies";

/** The tables whose statistics a bulk write refreshes. */
type BulkTable =
  | "creatives"
  | "suggestions"
  | "decisions"
  | "training_pairs"
  | "detector_scores"
  | "new_label_groups";

/**
 * Refreshes the planner's statistics of `tables` after a write of `written` rows into the first
 * one, when that grew it by a tenth or more (the rule autovacuum follows) or it never had any.
 * PGlite runs no autovacuum at all, and on a server the queries right after a bulk write were
 * planned on the old estimates until autovacuum came round: a just-imported million creatives
 * planned as a few thousand (a second per embedding page), 20,000 new decisions as 96 (a claim
 * scanning every decision per candidate).
 */
export async function analyzeAfterBulkWrite(
  tx: Executor,
  tables: readonly [BulkTable, ...BulkTable[]],
  written: number,
): Promise<boolean> {
  if (written <= 0) return false;
  const [row] = rowsOf<{ tuples: number }>(
    await tx.execute(
      sql`select reltuples::float8 as tuples from pg_class where oid = ${tables[0]}::regclass`,
    ),
  );
  const tuples = row?.tuples ?? -1;
  if (tuples >= 0 && written < 0.1 * tuples) return false;
  await tx.execute(sql.raw(`analyze ${tables.join(", ")}`));
  return true;
}

/**
 * Vacuums `tables` once the transaction of a bulk write (one {@link analyzeAfterBulkWrite} found
 * bulk) has committed; VACUUM cannot run inside one. A stored run of a million creatives left a
 * million new scores and the old run's suggestions dead: on a server, autovacuum came round about
 * a minute later, while annotators made their first claims (claim p95 162-204 ms against 48 on a
 * vacuumed library); PGlite has no autovacuum, so without this its dead rows stayed for good.
 */
export async function vacuumAfterBulkWrite(
  db: Database,
  tables: readonly [BulkTable, ...BulkTable[]],
): Promise<void> {
  await db.execute(sql.raw(`vacuum ${tables.join(", ")}`));
}
