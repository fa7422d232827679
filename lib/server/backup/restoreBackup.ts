import "server-only";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { createReadStream, createWriteStream, promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createGunzip } from "node:zlib";
import type { DataDirLock } from "../db/lock";
import { CorruptArchiveError, readTarEntries, type TarEntry } from "./archive";
import {
  folderHasContent,
  safeJoin,
  siblingTempFolder,
  swapFolders,
  type FolderSwap,
} from "./folders";
import {
  readAppBuild,
  type AppBuild,
  type BackupLocations,
  type BackupProgress,
} from "./locations";
import { archiveNames, BadManifestError, parseManifest, type BackupManifest } from "./manifest";
import {
  BackupRefusedError,
  countPgliteRows,
  isPgliteDataDir,
  loadPglite,
  lockEmbeddedDatabase,
} from "./pgliteEngine";
import { countPostgresRows, restorePostgres } from "./postgresEngine";
import { describeRows } from "./tables";

/**
 * `npm run restore`: replaces the configured database and image folders by a backup's. The
 * archive is checked before anything is touched (manifest, engine, schema version, and that the
 * target is empty unless `force`), unpacked into temporary places beside the targets, checked
 * again (database file hash, file counts, every table's row count), and only then swapped in, so
 * a corrupt archive or a failure halfway leaves the current data as it was.
 */

export interface RestoreBackupOptions extends BackupLocations {
  /** The backup file to read. */
  archive: string;
  /** Replace a database that holds rows, or image folders that hold files. */
  force?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: BackupProgress) => void;
  build?: AppBuild;
}

/** Bytes of an archive's file, streamed to disk while hashed. */
async function writeEntry(entry: TarEntry, file: string): Promise<string> {
  const hash = createHash("sha256");
  const out = createWriteStream(file, { flags: "wx" });
  try {
    for await (const chunk of entry.body) {
      hash.update(chunk);
      if (!out.write(chunk)) await once(out, "drain");
    }
  } finally {
    await new Promise<void>((resolve, reject) =>
      out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  }
  return hash.digest("hex");
}

/** The archive's gunzipped bytes; a file that is not gzip, or is cut, becomes CorruptArchiveError. */
async function* archiveBytes(file: string): AsyncGenerator<Uint8Array> {
  const gunzip = createReadStream(file).pipe(createGunzip());
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new BackupRefusedError(`No backup file at ${file}`);
    if (code?.startsWith("Z_")) {
      throw new CorruptArchiveError(
        code === "Z_BUF_ERROR"
          ? "the file ends before the archive does (it is truncated)"
          : `the file is not a complete gzip-compressed backup (${(error as Error).message})`,
      );
    }
    throw error;
  }
}

async function refuseUnlessEmpty(
  options: RestoreBackupOptions,
  manifest: BackupManifest,
): Promise<void> {
  const problems: string[] = [];
  const { database } = options;
  if (database.engine === "pglite") {
    if (await isPgliteDataDir(database.pgliteDir)) {
      const counts = await countPgliteRows(database.pgliteDir);
      if (Object.values(counts).some((n) => n > 0)) {
        problems.push(
          `the embedded database in ${database.pgliteDir} holds ${describeRows(counts)}`,
        );
      }
    } else if (await folderHasContent(database.pgliteDir)) {
      problems.push(`${database.pgliteDir} is not empty`);
    }
  } else {
    const counts = await countPostgresRows(database.url);
    if (Object.values(counts).some((n) => n > 0)) {
      problems.push(`the PostgreSQL database holds ${describeRows(counts)}`);
    }
  }
  if (manifest.images.files > 0 && (await folderHasContent(options.imageDir))) {
    problems.push(`the image folder ${options.imageDir} is not empty`);
  }
  if (manifest.imageStore.files > 0 && (await folderHasContent(options.imageStoreDir))) {
    problems.push(`the image store ${options.imageStoreDir} is not empty`);
  }
  if (problems.length) {
    throw new BackupRefusedError(
      `Refusing to overwrite existing data: ${problems.join("; ")}. Run the restore again with --force to replace it.`,
    );
  }
}

function checkCompatible(manifest: BackupManifest, options: RestoreBackupOptions, build: AppBuild) {
  if (manifest.engine !== options.database.engine) {
    const names = { pglite: "the embedded database", postgres: "PostgreSQL (DATABASE_URL)" };
    throw new BackupRefusedError(
      `The backup is of ${names[manifest.engine]}, but this configuration uses ${names[options.database.engine]}; a backup restores onto the engine it was made from.`,
    );
  }
  if (manifest.migrationCount > build.migrationCount) {
    throw new BackupRefusedError(
      `The backup's database has ${manifest.migrationCount} migrations applied, this version of Creative Triage (${build.appVersion}) knows ${build.migrationCount}: restore it with version ${manifest.appVersion} or later.`,
    );
  }
}

/** Restores a backup onto the given locations; returns the manifest it restored. */
export async function restoreBackup(options: RestoreBackupOptions): Promise<BackupManifest> {
  const build = options.build ?? (await readAppBuild());
  const { database } = options;
  const archive = path.resolve(options.archive);
  if (!(await fs.stat(archive).catch(() => undefined))?.isFile()) {
    throw new BackupRefusedError(`No backup file at ${archive}`);
  }
  let lock: DataDirLock | undefined;
  const work = await fs.mkdtemp(path.join(os.tmpdir(), "creative-triage-restore-"));
  const temporary: string[] = [];
  const progress: BackupProgress = { phase: "files", files: 0, bytes: 0 };
  try {
    if (database.engine === "pglite") {
      lock = await lockEmbeddedDatabase(database.pgliteDir, "restore");
    }
    const entries = readTarEntries(archiveBytes(archive));
    const first = await entries.next();
    if (first.done || first.value.name !== archiveNames.manifest) {
      throw new BadManifestError(
        `the archive does not start with ${archiveNames.manifest}: it is not a Creative Triage backup`,
      );
    }
    const chunks: Buffer[] = [];
    for await (const chunk of first.value.body) chunks.push(chunk);
    const manifest = parseManifest(Buffer.concat(chunks));
    checkCompatible(manifest, options, build);
    if (!options.force) await refuseUnlessEmpty(options, manifest);

    const dumpFile = path.join(work, "database");
    const databaseName = archiveNames.database[manifest.engine];
    let dumpHash: string | undefined;
    const folders = [
      { prefix: archiveNames.images, target: options.imageDir, expected: manifest.images },
      {
        prefix: archiveNames.imageStore,
        target: options.imageStoreDir,
        expected: manifest.imageStore,
      },
    ].map((f) => ({ ...f, temp: undefined as string | undefined, files: 0, bytes: 0 }));
    progress.totalFiles = manifest.images.files + manifest.imageStore.files;
    options.onProgress?.({ ...progress });
    for await (const entry of entries) {
      options.signal?.throwIfAborted();
      if (entry.name === databaseName) {
        if (dumpHash) throw new CorruptArchiveError(`the archive holds ${databaseName} twice`);
        dumpHash = await writeEntry(entry, dumpFile);
        progress.bytes += entry.size;
        continue;
      }
      const folder = folders.find((f) => entry.name.startsWith(f.prefix));
      const relative = folder ? entry.name.slice(folder.prefix.length) : "";
      if (!folder) throw new CorruptArchiveError(`unexpected entry "${entry.name}" in the archive`);
      if (!folder.temp) {
        folder.temp = await siblingTempFolder(folder.target, "restore");
        temporary.push(folder.temp);
      }
      const file = safeJoin(folder.temp, relative);
      if (!file) throw new CorruptArchiveError(`unsafe file name "${entry.name}" in the archive`);
      await fs.mkdir(path.dirname(file), { recursive: true });
      await writeEntry(entry, file);
      folder.files += 1;
      folder.bytes += entry.size;
      progress.files += 1;
      progress.bytes += entry.size;
      if (progress.files % 100 === 0) options.onProgress?.({ ...progress });
    }
    if (!dumpHash) throw new CorruptArchiveError(`the archive holds no ${databaseName}`);
    if (dumpHash !== manifest.database.sha256) {
      throw new CorruptArchiveError(`${databaseName} does not match the sha256 in the manifest`);
    }
    for (const folder of folders) {
      if (folder.files !== folder.expected.files || folder.bytes !== folder.expected.bytes) {
        throw new CorruptArchiveError(
          `${folder.prefix} holds ${folder.files} files (${folder.bytes} bytes); the manifest names ${folder.expected.files} (${folder.expected.bytes} bytes)`,
        );
      }
    }

    progress.phase = "database";
    options.onProgress?.({ ...progress });
    const swaps: FolderSwap[] = [];
    if (database.engine === "pglite") {
      const dir = await siblingTempFolder(database.pgliteDir, "restore");
      temporary.push(dir);
      await loadPglite({ dir, tarball: dumpFile, tables: manifest.tables });
      swaps.push({ target: database.pgliteDir, replacement: dir });
    }
    for (const folder of folders) {
      if (folder.temp) swaps.push({ target: folder.target, replacement: folder.temp });
    }
    options.signal?.throwIfAborted();
    if (database.engine === "postgres") {
      // One transaction; the image folders follow once it has committed.
      await restorePostgres({
        url: database.url,
        file: dumpFile,
        tables: manifest.tables,
        signal: options.signal,
      });
    }
    progress.phase = "swap";
    options.onProgress?.({ ...progress });
    await swapFolders(swaps);
    progress.phase = "done";
    options.onProgress?.({ ...progress });
    return manifest;
  } finally {
    for (const dir of temporary) await fs.rm(dir, { recursive: true, force: true });
    await fs.rm(work, { recursive: true, force: true });
    await lock?.release();
  }
}
