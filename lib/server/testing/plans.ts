import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "../db";
import { rowsOf } from "../data/taxonomies";

/** Planner methods a plan test can forbid. */
type PlanMethod = "seqscan" | "sort" | "bitmapscan";

/**
 * The text of `query`'s plan with the given methods forbidden. A test table is so small that
 * scanning and sorting it is cheapest; forbidding them shows whether the query's form matches
 * the index it is meant to use at scale.
 */
export async function planWithout(
  db: Executor,
  query: SQL,
  forbidden: readonly PlanMethod[] = ["seqscan", "sort", "bitmapscan"],
): Promise<string> {
  const plan = await db.transaction(async (tx) => {
    for (const method of forbidden) await tx.execute(sql.raw(`set local enable_${method} = off`));
    return rowsOf<Record<string, string>>(await tx.execute(sql`explain ${query}`));
  });
  return plan.map((r) => Object.values(r).join(" ")).join("\n");
}
