import "server-only";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/node-postgres";
import { migrate as migratePostgres } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { readServerConfig, type ServerConfig } from "../config";
import { acquireDataDirLock, type DataDirLock } from "./lock";
import { createPglite } from "./pglite";
import * as schema from "./schema";
import { log } from "@/lib/server/log";

/** The typed query builder, the same type whichever engine is underneath. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle, accepted wherever a data-access function may join a caller's transaction. */
export type Executor = Parameters<Parameters<Database["transaction"]>[0]>[0] | Database;

export type DatabaseTarget =
  | { engine: "pglite"; dataDir: string }
  | { engine: "pglite"; inMemory: true }
  | { engine: "postgres"; url: string };

export interface DatabaseHandle {
  db: Database;
  engine: DatabaseTarget["engine"];
  /** Where the data lives, for messages (never includes a password). */
  description: string;
  close(): Promise<void>;
}

const migrationsFolder = path.join(process.cwd(), "lib/server/db/migrations");

/**
 * Opens a database and brings its schema up to date. The embedded engine holds a lock on its data
 * folder, because two processes writing one PGlite folder would corrupt it.
 */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.engine === "postgres") {
    const pool = new pg.Pool({ connectionString: target.url, max: 10 });
    let closing = false;
    // An idle connection dropped by the server (restart, failover) must not crash the process; the
    // pool replaces it on the next query.
    pool.on("error", (error) => {
      if (!closing) log.warn({ err: error }, "PostgreSQL connection lost");
    });
    const db = drizzlePostgres({ client: pool, schema });
    try {
      await migratePostgres(db, { migrationsFolder });
    } catch (error) {
      await pool.end();
      throw new Error(
        `Could not prepare the PostgreSQL database: ${messageOf(error)}${pgvectorHint(error)}`,
        { cause: error },
      );
    }
    return {
      db: db as unknown as Database,
      engine: "postgres",
      description: `PostgreSQL at ${redactUrl(target.url)}`,
      close: () => {
        closing = true;
        return pool.end();
      },
    };
  }
  let lock: DataDirLock | undefined;
  if ("dataDir" in target) lock = await acquireDataDirLock(target.dataDir);
  try {
    const client = await createPglite("dataDir" in target ? target.dataDir : undefined);
    const db = drizzlePglite({ client, schema });
    await migratePglite(db, { migrationsFolder });
    return {
      db: db as unknown as Database,
      engine: "pglite",
      description: "dataDir" in target ? `embedded database in ${target.dataDir}` : "in-memory",
      close: async () => {
        await client.close();
        await lock?.release();
      },
    };
  } catch (error) {
    await lock?.release();
    throw error;
  }
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparsable URL)";
  }
}

/**
 * Embeddings live in pgvector columns, so a server without the extension cannot be migrated: say
 * what to install rather than leave PostgreSQL's bare "extension is not available".
 */
function pgvectorHint(error: unknown): string {
  const text = `${messageOf(error)} ${error instanceof Error ? messageOf(error.cause) : ""}`;
  if (!/extension "vector"/.test(text)) return "";
  return (
    " (the schema needs the pgvector extension: install it on the server, e.g. Debian's" +
    " postgresql-NN-pgvector or the pgvector/pgvector image, or run .ci/pgvector.sh; managed" +
    " services such as Cloud SQL ship it)"
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Opens the database the configuration names (DATABASE_URL, else the embedded one in the data
 * folder): what every command-line tool does first.
 */
export async function openConfiguredDatabase(): Promise<DatabaseHandle> {
  return openDatabase(configuredDatabaseTarget(readServerConfig()));
}

/** The database a configuration names: DATABASE_URL's server, else the embedded one. */
export function configuredDatabaseTarget(
  config: Pick<ServerConfig, "databaseUrl" | "pgliteDir">,
): DatabaseTarget {
  return config.databaseUrl
    ? { engine: "postgres", url: config.databaseUrl }
    : { engine: "pglite", dataDir: config.pgliteDir };
}
