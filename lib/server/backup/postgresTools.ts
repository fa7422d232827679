import "server-only";
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

/**
 * Finding PostgreSQL's own client programs (pg_dump, pg_restore, psql) for the server engine. A
 * dump is only as good as the pg_dump that made it: one older than the server cannot read the
 * server's catalog, so its major version is checked against the server's before anything runs.
 */

const run = promisify(execFile);

export type PostgresTool = "pg_dump" | "pg_restore" | "psql";

/** Thrown when a client program is missing or too old; the message says how to get a fitting one. */
export class PostgresToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PostgresToolError";
  }
}

/** A located program and its major version. */
export interface LocatedTool {
  path: string;
  major: number;
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await fs.access(file, fs.constants.X_OK);
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

/** Candidate paths: PATH first, then Debian's versioned folders, newest first. */
async function candidates(tool: PostgresTool, env: NodeJS.ProcessEnv): Promise<string[]> {
  const found: string[] = [];
  for (const folder of (env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    found.push(path.join(folder, tool));
  }
  const versions = await fs.readdir("/usr/lib/postgresql").catch(() => [] as string[]);
  versions
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .forEach((v) => found.push(path.join("/usr/lib/postgresql", v, "bin", tool)));
  return found;
}

/** The major version a program reports, e.g. 15 for "pg_dump (PostgreSQL) 15.18 (Debian ...)". */
export function parseToolMajor(versionOutput: string): number | undefined {
  const match = /\(PostgreSQL\)\s+(\d+)/.exec(versionOutput);
  return match ? Number(match[1]) : undefined;
}

/**
 * The newest usable copy of a program whose major version is at least the server's. Throws
 * PostgresToolError naming what was found when none fits.
 */
export async function locateTool(
  tool: PostgresTool,
  serverMajor: number,
  env: NodeJS.ProcessEnv = process.env,
): Promise<LocatedTool> {
  const seen: LocatedTool[] = [];
  for (const file of await candidates(tool, env)) {
    if (!(await isExecutable(file))) continue;
    const { stdout } = await run(file, ["--version"]).catch(() => ({ stdout: "" }));
    const major = parseToolMajor(stdout);
    if (major === undefined) continue;
    seen.push({ path: file, major });
  }
  const best = seen.sort((a, b) => b.major - a.major)[0];
  if (!best) {
    throw new PostgresToolError(
      `${tool} was not found on PATH or under /usr/lib/postgresql/*/bin. Install the PostgreSQL ` +
        `client programs, version ${serverMajor} or newer (Debian/Ubuntu: apt-get install postgresql-client-${serverMajor}).`,
    );
  }
  if (best.major < serverMajor) {
    throw new PostgresToolError(
      `${tool} ${best.major} (${best.path}) is older than the PostgreSQL ${serverMajor} server; ` +
        `install the client programs of version ${serverMajor} or newer (Debian/Ubuntu: apt-get install postgresql-client-${serverMajor}).`,
    );
  }
  return best;
}

/**
 * The connection to pass to a client program: the URL without its password (command lines are
 * visible to other users of the machine), and the password in PGPASSWORD instead.
 */
export function toolConnection(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = "";
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (password) env.PGPASSWORD = password;
  return { url: parsed.toString(), env };
}
