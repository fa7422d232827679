import "server-only";
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import type { DataDirLock } from "../db/lock";
import { TarWriter } from "./archive";
import { listFolderFiles, type FolderFile } from "./folders";
import {
  readAppBuild,
  type AppBuild,
  type BackupLocations,
  type BackupProgress,
} from "./locations";
import { archiveNames, backupFormatVersion, type BackupManifest } from "./manifest";
import { dumpPglite, lockEmbeddedDatabase } from "./pgliteEngine";
import { dumpPostgres } from "./postgresEngine";

/**
 * `npm run backup`: one gzipped tar holding the manifest, the database dump and both image
 * folders. The file is written under a temporary name and renamed when complete, so a failed or
 * cancelled backup never leaves a file that looks like a backup.
 */

export interface CreateBackupOptions extends BackupLocations {
  /** The backup file to write. */
  out: string;
  signal?: AbortSignal;
  onProgress?: (progress: BackupProgress) => void;
  /** This build's version and migrations; read from the working folder by default. */
  build?: AppBuild;
}

async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

function summary(files: readonly FolderFile[]) {
  return { files: files.length, bytes: files.reduce((sum, f) => sum + f.size, 0) };
}

/** Writes a backup of the given locations; returns its manifest. */
export async function createBackup(options: CreateBackupOptions): Promise<BackupManifest> {
  const build = options.build ?? (await readAppBuild());
  const work = await fs.mkdtemp(path.join(os.tmpdir(), "creative-triage-backup-"));
  const partial = `${path.resolve(options.out)}.partial`;
  let lock: DataDirLock | undefined;
  const progress: BackupProgress = { phase: "database", files: 0, bytes: 0 };
  try {
    options.onProgress?.({ ...progress });
    const { database } = options;
    const dumpFile = path.join(work, "database");
    let dumped: Pick<BackupManifest, "tables" | "migrationCount"> & {
      serverVersion?: number;
      toolVersion?: number;
    };
    if (database.engine === "pglite") {
      // Held until the images are archived too, so the app cannot start and add to either.
      lock = await lockEmbeddedDatabase(database.pgliteDir, "backup");
      dumped = await dumpPglite({ pgliteDir: database.pgliteDir, file: dumpFile });
    } else {
      dumped = await dumpPostgres({ url: database.url, file: dumpFile, signal: options.signal });
    }
    options.signal?.throwIfAborted();
    // Listed after the dump: an image is stored before the row that names it, so every image
    // the dump refers to is already on disk (a newer one is merely extra).
    const images = await listFolderFiles(options.imageDir);
    const imageStore = await listFolderFiles(options.imageStoreDir);
    const dumpStat = await fs.stat(dumpFile);
    const manifest: BackupManifest = {
      format: "creative-triage-backup",
      formatVersion: backupFormatVersion,
      engine: database.engine,
      appVersion: build.appVersion,
      migrationCount: dumped.migrationCount,
      createdAt: new Date().toISOString(),
      tables: dumped.tables,
      database: {
        bytes: dumpStat.size,
        sha256: await sha256OfFile(dumpFile),
        ...(dumped.serverVersion ? { serverVersion: dumped.serverVersion } : {}),
        ...(dumped.toolVersion ? { toolVersion: dumped.toolVersion } : {}),
      },
      images: summary(images),
      imageStore: summary(imageStore),
    };

    await fs.mkdir(path.dirname(partial), { recursive: true });
    const gzip = createGzip();
    const written = pipeline(gzip, createWriteStream(partial), { signal: options.signal });
    written.catch(() => undefined);
    const tar = new TarWriter(gzip);
    const report = () => {
      progress.bytes = tar.written;
      options.onProgress?.({ ...progress });
    };
    await tar.addBytes(archiveNames.manifest, Buffer.from(JSON.stringify(manifest, null, 2)));
    await tar.addFile(
      archiveNames.database[database.engine],
      dumpStat.size,
      createReadStream(dumpFile),
    );
    progress.phase = "files";
    progress.totalFiles = images.length + imageStore.length;
    report();
    for (const [prefix, files] of [
      [archiveNames.images, images],
      [archiveNames.imageStore, imageStore],
    ] as const) {
      for (const file of files) {
        options.signal?.throwIfAborted();
        await tar.addFile(
          `${prefix}${file.relative}`,
          file.size,
          createReadStream(file.absolute),
          file.mtime,
        );
        progress.files += 1;
        if (progress.files % 100 === 0) report();
      }
    }
    await tar.finish();
    gzip.end();
    await written;
    await fs.rename(partial, path.resolve(options.out));
    progress.phase = "done";
    report();
    return manifest;
  } catch (error) {
    await fs.rm(partial, { force: true });
    throw error;
  } finally {
    await lock?.release();
    await fs.rm(work, { recursive: true, force: true });
  }
}
