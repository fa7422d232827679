import "server-only";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { locateTool, toolConnection } from "./postgresTools";
import { countMigrations, countRows, listTables, quoteIdentifier, type RunQuery } from "./tables";

/**
 * The PostgreSQL side of backup and restore, through PostgreSQL's own pg_dump and pg_restore. A
 * backup may run while the app runs: the row counts and the dump read one exported snapshot, so
 * the manifest describes exactly what the dump holds. A restore runs as one psql transaction that
 * drops the old tables, loads the dump and checks every table's row count before committing, so
 * a failure at any point leaves the database as it was.
 */

/** What a dump found, for the manifest. */
export interface PostgresDumpResult {
  tables: Record<string, number>;
  migrationCount: number;
  serverVersion: number;
  toolVersion: number;
}

function queryOf(client: pg.Client): RunQuery {
  return async (text) => (await client.query(text)).rows as Record<string, unknown>[];
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => undefined);
  await client.connect();
  return client;
}

async function serverMajorOf(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ v: string }>("show server_version_num");
  return Math.floor(Number(rows[0]?.v ?? 0) / 10000);
}

/** Runs a client program to the end; rejects with its last error lines when it fails. */
async function finished(child: ChildProcess, name: string, signal?: AbortSignal): Promise<void> {
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (text: string) => {
    stderr = (stderr + text).slice(-4000);
  });
  const abort = () => child.kill("SIGTERM");
  signal?.addEventListener("abort", abort, { once: true });
  try {
    const [code, killedBy] = (await once(child, "close")) as [number | null, string | null];
    if (signal?.aborted) throw new Error("Cancelled");
    if (code !== 0) {
      throw new Error(
        `${name} failed (${killedBy ? `signal ${killedBy}` : `exit code ${code}`}): ${stderr.trim() || "no message"}`,
      );
    }
  } finally {
    signal?.removeEventListener("abort", abort);
  }
}

/**
 * Dumps the database into `file` (pg_dump's custom format, compressed, without owners and grants
 * so it restores under any role), with its row counts taken in the same snapshot.
 */
export async function dumpPostgres(options: {
  url: string;
  file: string;
  signal?: AbortSignal;
}): Promise<PostgresDumpResult> {
  const client = await connect(options.url);
  try {
    const serverVersion = await serverMajorOf(client);
    const tool = await locateTool("pg_dump", serverVersion);
    await client.query("begin isolation level repeatable read read only");
    const { rows } = await client.query<{ id: string }>("select pg_export_snapshot() as id");
    const query = queryOf(client);
    const tables = await countRows(query);
    const migrationCount = await countMigrations(query);
    const connection = toolConnection(options.url);
    const child = spawn(
      tool.path,
      [
        "--format=custom",
        "--no-owner",
        "--no-privileges",
        `--snapshot=${rows[0]!.id}`,
        `--file=${options.file}`,
        `--dbname=${connection.url}`,
      ],
      { env: connection.env, stdio: ["ignore", "ignore", "pipe"] },
    );
    await finished(child, "pg_dump", options.signal);
    await client.query("commit");
    return { tables, migrationCount, serverVersion, toolVersion: tool.major };
  } finally {
    await client.end();
  }
}

/** Rows in the public schema's tables of a database, for the "would overwrite" check. */
export async function countPostgresRows(url: string): Promise<Record<string, number>> {
  const client = await connect(url);
  try {
    return await countRows(queryOf(client));
  } finally {
    await client.end();
  }
}

/**
 * Drops what a restore replaces: every table and sequence of the public schema (also those a
 * newer schema added, which the dump would not overwrite), the schema's own functions (the
 * triggers' bodies; not those of extensions such as pgvector) and drizzle's migration record.
 */
async function dropStatements(client: pg.Client): Promise<string> {
  const query = queryOf(client);
  const tables = await listTables(query);
  const sequences = await query(
    `select sequence_name as name from information_schema.sequences where sequence_schema = 'public'`,
  );
  const functions = await query(
    `select p.oid::regprocedure::text as signature from pg_proc p
      join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'public' and not exists (
        select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid
          and d.deptype = 'e')`,
  );
  return [
    ...tables.map((t) => `drop table if exists public.${quoteIdentifier(t)} cascade;`),
    ...functions.map((f) => `drop function if exists ${String(f.signature)} cascade;`),
    ...sequences.map(
      (s) => `drop sequence if exists public.${quoteIdentifier(String(s.name))} cascade;`,
    ),
    "drop schema if exists drizzle cascade;",
    "",
  ].join("\n");
}

/** Checks, inside the restore's transaction, that every table has the rows the manifest names. */
function countChecks(tables: Record<string, number>): string {
  const checks = Object.entries(tables).map(([table, n]) => {
    const name = `public.${quoteIdentifier(table)}`;
    const label = table.replaceAll("'", "''");
    return `  if (select count(*) from ${name}) <> ${n} then
    raise exception 'restored table ${label} has % rows; the backup holds ${n}', (select count(*) from ${name});
  end if;`;
  });
  return `\ndo $restore_check$\nbegin\n${checks.join("\n")}\nend\n$restore_check$;\n`;
}

/**
 * Passes pg_restore's script through, dropping `SET transaction_timeout` from its preamble when
 * the server predates that setting (a newer pg_restore writes it; an older server refuses it).
 */
class PreambleFilter extends Transform {
  private pending = "";
  private inPreamble = true;

  constructor(private readonly serverMajor: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (!this.inPreamble) return done(null, chunk);
    this.pending += chunk.toString("utf8");
    const lines = this.pending.split("\n");
    this.pending = lines.pop() ?? "";
    const kept: string[] = [];
    for (const [i, line] of lines.entries()) {
      if (/^(CREATE|COPY|ALTER|SELECT pg_catalog\.setval)/.test(line)) {
        this.inPreamble = false;
        kept.push(...lines.slice(i));
        break;
      }
      if (this.serverMajor < 17 && /^SET transaction_timeout\b/.test(line)) continue;
      kept.push(line);
    }
    let out = kept.length ? `${kept.join("\n")}\n` : "";
    if (!this.inPreamble) {
      out += this.pending;
      this.pending = "";
    }
    done(null, out);
  }

  override _flush(done: TransformCallback): void {
    done(null, this.pending);
  }
}

/**
 * Replaces the database's contents by a dump in one transaction: drop, load, check counts,
 * commit. Refusing a non-empty database without `force` is the caller's job.
 */
export async function restorePostgres(options: {
  url: string;
  file: string;
  tables: Record<string, number>;
  signal?: AbortSignal;
}): Promise<void> {
  const client = await connect(options.url);
  let preamble: string;
  let serverMajor: number;
  try {
    serverMajor = await serverMajorOf(client);
    preamble = await dropStatements(client);
  } finally {
    await client.end();
  }
  const restoreTool = await locateTool("pg_restore", serverMajor);
  const psqlTool = await locateTool("psql", serverMajor);
  const connection = toolConnection(options.url);
  const psql = spawn(
    psqlTool.path,
    [
      "--no-psqlrc",
      "--quiet",
      "--single-transaction",
      "--set=ON_ERROR_STOP=1",
      `--dbname=${connection.url}`,
      "--file=-",
    ],
    { env: connection.env, stdio: ["pipe", "ignore", "pipe"] },
  );
  const script = spawn(
    restoreTool.path,
    ["--no-owner", "--no-privileges", "--file=-", options.file],
    { env: connection.env, stdio: ["ignore", "pipe", "pipe"] },
  );
  const psqlDone = finished(psql, "psql", options.signal);
  const scriptDone = finished(script, "pg_restore", options.signal);
  const feeding = (async () => {
    const stdin = psql.stdin!;
    stdin.on("error", () => undefined);
    stdin.write(preamble);
    await pipeline(script.stdout!, new PreambleFilter(serverMajor), stdin, { end: false });
    stdin.end(countChecks(options.tables));
  })();
  const results = await Promise.allSettled([scriptDone, feeding, psqlDone]);
  // psql's own error says what went wrong in the database; prefer it over a broken pipe.
  const failure = [results[2], results[0], results[1]].find((r) => r.status === "rejected");
  if (failure?.status === "rejected") {
    script.kill("SIGTERM");
    psql.kill("SIGTERM");
    throw failure.reason;
  }
}
