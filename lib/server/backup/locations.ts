import "server-only";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { ServerConfig } from "../config";
import { imageStoreDir } from "../images/creativeImages";

/** The database a backup reads or a restore replaces: the app's own engine. */
export type BackupDatabase =
  { engine: "pglite"; pgliteDir: string } | { engine: "postgres"; url: string };

/** Everything a backup carries: the database and the two image folders. */
export interface BackupLocations {
  database: BackupDatabase;
  /** The configured image folder (CREATIVE_TRIAGE_IMAGE_DIR), where image references resolve. */
  imageDir: string;
  /** The data folder's store of checked images and thumbnails. */
  imageStoreDir: string;
}

/** The locations the server configuration names, so the commands act on what the app uses. */
export function backupLocationsOf(config: ServerConfig): BackupLocations {
  return {
    database: config.databaseUrl
      ? { engine: "postgres", url: config.databaseUrl }
      : { engine: "pglite", pgliteDir: config.pgliteDir },
    imageDir: config.imageDir,
    imageStoreDir: imageStoreDir(config.dataDir),
  };
}

/** Progress of a backup or restore, for a command's status line. */
export interface BackupProgress {
  phase: "database" | "files" | "swap" | "done";
  /** Image files archived or extracted so far, of `totalFiles` (when known). */
  files: number;
  totalFiles?: number;
  /** Archive bytes written or read so far. */
  bytes: number;
}

/** What this build is: its version and how many migrations it ships. */
export interface AppBuild {
  appVersion: string;
  migrationCount: number;
}

/** Reads this build's version and migration journal (from the working folder, like the migrator). */
export async function readAppBuild(root = process.cwd()): Promise<AppBuild> {
  const pkg = z
    .object({ version: z.string() })
    .parse(JSON.parse(await readFile(path.join(root, "package.json"), "utf8")));
  const journal = z
    .object({ entries: z.array(z.unknown()) })
    .parse(
      JSON.parse(
        await readFile(path.join(root, "lib/server/db/migrations/meta/_journal.json"), "utf8"),
      ),
    );
  return { appVersion: pkg.version, migrationCount: journal.entries.length };
}
