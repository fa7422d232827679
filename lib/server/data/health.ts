import "server-only";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "../db";
import { rowsOf } from "./taxonomies";

/** What readiness found: the database answers and its schema is the one this build expects. */
export interface Readiness {
  ready: boolean;
  /** Migrations in this build, and how many of them the database has applied. */
  migrations: { expected: number; applied: number; latest: string | null };
  problem?: string;
}

const journalSchema = z.object({
  entries: z.array(z.object({ idx: z.number(), tag: z.string(), when: z.number() })),
});

/** The migrations this build ships (drizzle's journal), read once. */
let journal: Promise<z.infer<typeof journalSchema>> | undefined;
function readJournal() {
  journal ??= readFile(
    path.join(process.cwd(), "lib/server/db/migrations/meta/_journal.json"),
    "utf8",
  ).then((text) => journalSchema.parse(JSON.parse(text)));
  return journal;
}

/**
 * Readiness for a load balancer or an orchestrator: a round trip to the database, then drizzle's
 * record of applied migrations compared with this build's journal. An instance of a newer build
 * whose migrations another instance has not finished applying is not ready; so is one whose
 * database lost its schema. Liveness needs none of this (a process that answers is alive).
 */
export async function checkReadiness(db: Executor): Promise<Readiness> {
  const { entries } = await readJournal();
  const expected = entries.length;
  const latest = entries.at(-1) ?? null;
  const rows = rowsOf<{ applied: number | string; newest: number | string | null }>(
    await db.execute(sql`
      select count(*) as applied, max(created_at) as newest from drizzle.__drizzle_migrations`),
  );
  const applied = Number(rows[0]?.applied ?? 0);
  const newest = rows[0]?.newest == null ? null : Number(rows[0].newest);
  const migrations = { expected, applied, latest: latest?.tag ?? null };
  if (applied < expected || (latest && newest !== latest.when)) {
    return {
      ready: false,
      migrations,
      problem: `the database has ${applied} of this build's ${expected} migrations applied (latest ${latest?.tag ?? "none"})`,
    };
  }
  return { ready: true, migrations };
}
