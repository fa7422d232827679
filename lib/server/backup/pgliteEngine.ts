import "server-only";
import { createWriteStream, openAsBlob, promises as fs } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { PGlite } from "@electric-sql/pglite";
import { acquireDataDirLock, DataDirBusyError, type DataDirLock } from "../db/lock";
import { createPglite } from "../db/pglite";
import { countMigrations, countMismatches, countRows, type RunQuery } from "./tables";

/**
 * The embedded side of backup and restore, through PGlite's own `dumpDataDir()` and
 * `loadDataDir`. PGlite is one process's database: while the app has the folder open, another
 * process can neither read a consistent copy nor write it, so both commands take the same lock
 * the app takes and say plainly that the app must be stopped when it holds it.
 */

/** Thrown when a backup or restore cannot run now; the message says what to do. */
export class BackupRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupRefusedError";
  }
}

/** Takes the embedded database's lock, turning "in use" into what the user must do. */
export async function lockEmbeddedDatabase(
  pgliteDir: string,
  command: "backup" | "restore",
): Promise<DataDirLock> {
  try {
    return await acquireDataDirLock(pgliteDir);
  } catch (error) {
    if (!(error instanceof DataDirBusyError)) throw error;
    throw new BackupRefusedError(
      `The embedded database in ${pgliteDir} is open in another process (pid ${error.pid}), usually the running app. ` +
        `Stop the app, then run the ${command} again: the embedded database can only be read or replaced by one process at a time.`,
    );
  }
}

/** Whether a folder holds a PGlite (PostgreSQL) data directory. */
export async function isPgliteDataDir(dir: string): Promise<boolean> {
  return fs
    .stat(path.join(dir, "PG_VERSION"))
    .then((s) => s.isFile())
    .catch(() => false);
}

function queryOf(client: PGlite): RunQuery {
  return async (text) => (await client.query<Record<string, unknown>>(text)).rows;
}

/** Opens a data folder without migrating it: a backup copies the database as it is. */
async function openPglite(dir: string, loadDataDir?: Blob): Promise<PGlite> {
  return createPglite(dir, loadDataDir ? { loadDataDir } : {});
}

/**
 * Dumps the embedded database (the caller holds its lock) into `file` as PGlite's gzipped tar of
 * the data folder, with its row and migration counts.
 */
export async function dumpPglite(options: {
  pgliteDir: string;
  file: string;
}): Promise<{ tables: Record<string, number>; migrationCount: number }> {
  if (!(await isPgliteDataDir(options.pgliteDir))) {
    throw new BackupRefusedError(
      `There is no embedded database in ${options.pgliteDir}: check CREATIVE_TRIAGE_DATA_DIR (or set DATABASE_URL to back up a PostgreSQL server).`,
    );
  }
  const client = await openPglite(options.pgliteDir);
  try {
    const tables = await countRows(queryOf(client));
    const migrationCount = await countMigrations(queryOf(client));
    const tarball = await client.dumpDataDir("gzip");
    await pipeline(
      Readable.fromWeb(tarball.stream() as import("node:stream/web").ReadableStream),
      createWriteStream(options.file),
    );
    return { tables, migrationCount };
  } finally {
    await client.close();
  }
}

/** Rows per table of an existing embedded database (the caller holds its lock). */
export async function countPgliteRows(pgliteDir: string): Promise<Record<string, number>> {
  const client = await openPglite(pgliteDir);
  try {
    return await countRows(queryOf(client));
  } finally {
    await client.close();
  }
}

/**
 * Builds a data folder in `dir` (new and empty) from a dumped tarball and checks that every table
 * has the rows the manifest names; the caller then swaps it into place.
 */
export async function loadPglite(options: {
  dir: string;
  tarball: string;
  tables: Record<string, number>;
}): Promise<void> {
  const client = await openPglite(options.dir, await openAsBlob(options.tarball));
  try {
    const actual = await countRows(queryOf(client));
    const problems = countMismatches(options.tables, actual);
    if (problems.length) {
      throw new Error(`The restored database does not match the backup: ${problems.join("; ")}`);
    }
  } finally {
    await client.close();
  }
}
