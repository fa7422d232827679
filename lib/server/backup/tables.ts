import "server-only";

/**
 * Table inventory shared by backup and restore on both engines. It takes a bare query function
 * (PGlite's and node-postgres' `query` both fit) because a backup reads inside a pinned snapshot
 * and a restore reads a database that is not yet the app's, neither through the app's handle.
 */
export type RunQuery = (text: string) => Promise<Record<string, unknown>[]>;

/** Quotes an identifier read from the catalog, for SQL built from table names. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The base tables of the public schema (the product's data), in name order. */
export async function listTables(query: RunQuery): Promise<string[]> {
  const rows = await query(
    `select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  return rows.map((row) => String(row.name));
}

/** Rows per table of the public schema. */
export async function countRows(query: RunQuery): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await listTables(query)) {
    const [row] = await query(`select count(*)::bigint::text as n from ${quoteIdentifier(table)}`);
    counts[table] = Number(row?.n ?? 0);
  }
  return counts;
}

/** How many of drizzle's migrations the database has applied (0 for a database never migrated). */
export async function countMigrations(query: RunQuery): Promise<number> {
  const [exists] = await query(
    `select to_regclass('drizzle.__drizzle_migrations') is not null as ok`,
  );
  if (!exists?.ok) return 0;
  const [row] = await query(`select count(*)::int as n from drizzle.__drizzle_migrations`);
  return Number(row?.n ?? 0);
}

/** The tables that hold rows, named with their counts, for a refusal message. */
export function describeRows(counts: Record<string, number>): string {
  const filled = Object.entries(counts).filter(([, n]) => n > 0);
  const total = filled.reduce((sum, [, n]) => sum + n, 0);
  const named = filled
    .slice(0, 5)
    .map(([table, n]) => `${table}: ${n}`)
    .join(", ");
  return `${total} rows in ${filled.length} tables (${named}${filled.length > 5 ? ", ..." : ""})`;
}

/** Differences between the row counts a manifest promised and those a restored database has. */
export function countMismatches(
  expected: Record<string, number>,
  actual: Record<string, number>,
): string[] {
  const problems: string[] = [];
  for (const [table, n] of Object.entries(expected)) {
    if (actual[table] === undefined) problems.push(`table ${table} is missing`);
    else if (actual[table] !== n) problems.push(`${table} has ${actual[table]} rows, not ${n}`);
  }
  return problems;
}
