import { createHash } from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../db/client";
import { rowsOf } from "../data/taxonomies";
import { listTables } from "../backup/tables";

/**
 * Helpers for tests that must cover every table (backup and restore): a snapshot of each table's
 * rows to compare two databases by, and a filler that gives rows to any table the product's own
 * functions left empty, read from the catalog so a table added later is covered without edits.
 */

/** Rows and an ordered content hash of one table. */
export interface TableSnapshot {
  rows: number;
  hash: string;
}

async function query<T>(db: Database, statement: SQL): Promise<T[]> {
  return rowsOf<T>(await db.execute(statement));
}

/** The public schema's tables, in name order, from the catalog (the backup's own inventory). */
export function publicTables(db: Database): Promise<string[]> {
  return listTables((text) => query<Record<string, unknown>>(db, sql.raw(text)));
}

/**
 * Every table of the public schema plus drizzle's migration record, each with its row count and
 * the md5 of its rows' text in sorted order: equal snapshots mean equal contents.
 */
export async function snapshotTables(db: Database): Promise<Record<string, TableSnapshot>> {
  const names = (await publicTables(db)).map((t) => `public."${t}"`);
  names.push(`drizzle."__drizzle_migrations"`);
  const snapshot: Record<string, TableSnapshot> = {};
  for (const name of names) {
    const [row] = await query<{ n: number; h: string }>(
      db,
      sql.raw(`select count(*)::int as n,
                 md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as h
               from ${name} t`),
    );
    snapshot[name] = { rows: row?.n ?? -1, hash: row?.h ?? "" };
  }
  return snapshot;
}

interface ColumnInfo {
  table: string;
  column: string;
  dataType: string;
  udt: string;
  nullable: boolean;
  generated: boolean;
}

/** A value for a column of a type, different for each row `i`; undefined for an unknown type. */
function valueFor(c: ColumnInfo, i: number): SQL | undefined {
  const text = `${c.table}.${c.column}.${i}`;
  switch (c.dataType) {
    case "integer":
    case "smallint":
    case "bigint":
      return sql`${i + 1}::${sql.raw(c.dataType)}`;
    case "double precision":
    case "real":
    case "numeric":
      return sql`${0.25 * (i + 1)}::${sql.raw(c.dataType)}`;
    case "text":
    case "character varying":
      return sql`${text}::text`;
    case "boolean":
      return sql`${i % 2 === 0}::boolean`;
    case "timestamp with time zone":
    case "timestamp without time zone":
      return sql`${new Date(Date.UTC(2026, 0, 1 + i, 12)).toISOString()}::${sql.raw(c.dataType)}`;
    case "jsonb":
    case "json":
      return sql`${JSON.stringify({ row: i, of: c.table })}::${sql.raw(c.dataType)}`;
    case "bytea":
      return sql`decode(${createHash("sha256").update(text).digest("hex")}, 'hex')`;
    case "ARRAY":
      return c.udt === "_text" ? sql`array[${text}, 'second']::text[]` : undefined;
    case "USER-DEFINED":
      return c.udt === "vector" ? sql`${`[${i + 1},0.5,-0.25]`}::vector` : undefined;
    default:
      return undefined;
  }
}

/**
 * Inserts `rowsPerTable` rows into every public table that has none, parents before children:
 * a foreign key takes a row of the table it references, other columns a value of their type
 * (identity and serial columns keep their defaults). Returns the tables it filled.
 */
export async function fillEmptyTables(db: Database, rowsPerTable = 3): Promise<string[]> {
  const columns = (
    await query<{
      table_name: string;
      column_name: string;
      data_type: string;
      udt_name: string;
      is_nullable: string;
      column_default: string | null;
      is_identity: string;
    }>(
      db,
      sql`select table_name, column_name, data_type, udt_name, is_nullable, column_default, is_identity
            from information_schema.columns where table_schema = 'public'
           order by table_name, ordinal_position`,
    )
  ).map((r): ColumnInfo => ({
    table: r.table_name,
    column: r.column_name,
    dataType: r.data_type,
    udt: r.udt_name,
    nullable: r.is_nullable === "YES",
    generated: r.is_identity === "YES" || (r.column_default ?? "").startsWith("nextval("),
  }));
  const foreignKeys = await query<{
    table_name: string;
    column_name: string;
    ref_table: string;
    ref_column: string;
  }>(
    db,
    sql`select kcu.table_name, kcu.column_name, ccu.table_name as ref_table, ccu.column_name as ref_column
          from information_schema.table_constraints tc
          join information_schema.key_column_usage kcu
            on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
          join information_schema.constraint_column_usage ccu
            on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
         where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = 'public'`,
  );
  const foreignKeyOf = (table: string, column: string) =>
    foreignKeys.find((f) => f.table_name === table && f.column_name === column);
  const referenceOf = (table: string, column: string) => foreignKeyOf(table, column)?.ref_table;
  const countOf = async (table: string) =>
    (await query<{ n: number }>(db, sql.raw(`select count(*)::int as n from "${table}"`)))[0]!.n;

  let pending: string[] = [];
  for (const table of await publicTables(db)) if ((await countOf(table)) === 0) pending.push(table);
  const filled: string[] = [];
  while (pending.length > 0) {
    const ready: string[] = [];
    for (const table of pending) {
      const parents = columns
        .filter((c) => c.table === table && !c.nullable)
        .map((c) => referenceOf(table, c.column))
        .filter((ref): ref is string => ref !== undefined && ref !== table);
      if (parents.every((parent) => !pending.includes(parent))) ready.push(table);
    }
    if (ready.length === 0) {
      throw new Error(`cannot order the empty tables by their foreign keys: ${pending.join(", ")}`);
    }
    for (const table of ready) {
      for (let i = 0; i < rowsPerTable; i++) {
        const names: SQL[] = [];
        const values: SQL[] = [];
        for (const c of columns.filter((col) => col.table === table && !col.generated)) {
          const ref = referenceOf(table, c.column);
          let value: SQL | undefined;
          if (ref === table) value = sql`null`;
          else if (ref) {
            const refColumn = foreignKeyOf(table, c.column)!.ref_column;
            const offset = i % Math.max(1, await countOf(ref));
            value = sql.raw(
              `(select "${refColumn}" from "${ref}" order by "${refColumn}" offset ${offset} limit 1)`,
            );
          } else value = valueFor(c, i);
          if (!value) {
            throw new Error(`no fixture value for ${table}.${c.column} of type ${c.dataType}`);
          }
          names.push(sql.raw(`"${c.column}"`));
          values.push(value);
        }
        await db.execute(
          sql`insert into ${sql.raw(`"${table}"`)} (${sql.join(names, sql`, `)})
              values (${sql.join(values, sql`, `)}) on conflict do nothing`,
        );
      }
      filled.push(table);
    }
    pending = pending.filter((t) => !ready.includes(t));
  }
  return filled;
}
