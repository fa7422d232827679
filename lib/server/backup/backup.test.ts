import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, promises as fs, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { sql } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle, type DatabaseTarget } from "../db/client";
import { recordDecision } from "../data/decisions";
import { rowsOf } from "../data/taxonomies";
import { importCreatives } from "../import/importCreatives";
import { importTaxonomy } from "../import/importTaxonomy";
import { fillEmptyTables, publicTables, snapshotTables } from "../testing/everyTable";
import { createFreshPostgres, streamOf } from "../testing/databases";
import { CorruptArchiveError, TarWriter } from "./archive";
import { createBackup } from "./createBackup";
import { listFolderFiles } from "./folders";
import type { BackupDatabase, BackupLocations } from "./locations";
import { BadManifestError } from "./manifest";
import { BackupRefusedError } from "./pgliteEngine";
import { restoreBackup } from "./restoreBackup";

const taxonomyFile = [
  "Unique ID\tParent ID\tName\tTier 1\tTier 2",
  "1\t\tVehicles\tVehicles\t",
  "2\t1\tCar Wash\tVehicles\tCar Wash",
  "3\t\tFood\tFood\t",
  "4\t3\tPizza\tFood\tPizza",
].join("\n");

/** One engine's way to make an empty database and open it. */
interface Engine {
  name: string;
  create(): Promise<{ database: BackupDatabase; target: DatabaseTarget; drop(): Promise<void> }>;
}

const root = mkdtempSync(path.join(os.tmpdir(), "ct-backup-test-"));
const engines: Engine[] = [
  {
    name: "pglite",
    create: async () => {
      const dir = path.join(root, randomBytes(4).toString("hex"), "pglite");
      return {
        database: { engine: "pglite", pgliteDir: dir },
        target: { engine: "pglite", dataDir: dir },
        drop: () => fs.rm(path.dirname(dir), { recursive: true, force: true }),
      };
    },
  },
];
afterAll(() => fs.rm(root, { recursive: true, force: true }));

const serverUrl = process.env.TEST_DATABASE_URL;
if (serverUrl) {
  engines.push({
    name: "postgres",
    create: async () => {
      const fresh = await createFreshPostgres(serverUrl, "ct_backup");
      return {
        database: { engine: "postgres", url: fresh.url },
        target: { engine: "postgres", url: fresh.url },
        drop: fresh.drop,
      };
    },
  });
}

async function folderDigest(folder: string): Promise<Record<string, string>> {
  const digest: Record<string, string> = {};
  for (const file of await listFolderFiles(folder)) {
    digest[file.relative] = createHash("sha256").update(readFileSync(file.absolute)).digest("hex");
  }
  return digest;
}

/** Real rows from the product's own functions, then rows for every table they left empty. */
async function fillDatabase(handle: DatabaseHandle, folders: BackupLocations): Promise<void> {
  const maxBytes = 1024 * 1024;
  await fs.mkdir(path.join(folders.imageDir, "shop"), { recursive: true });
  const png = await sharp({
    create: { width: 40, height: 30, channels: 3, background: { r: 200, g: 20, b: 20 } },
  })
    .png()
    .toBuffer();
  writeFileSync(path.join(folders.imageDir, "shop", "c2.png"), png);
  expect(
    await importTaxonomy(handle.db, {
      file: "taxonomy.tsv",
      source: streamOf(taxonomyFile),
      maxBytes,
      taxonomy: "iab",
    }),
  ).toMatchObject({ status: "done" });
  const csv = [
    "id,text,image,predicted_label,predicted_score,generative_label",
    "c1,Shine like new,,Vehicles > Car Wash,0.8,Car Wash",
    "c2,Hot pizza tonight,shop/c2.png,Vehicles > Car Wash,0.4,Pizza",
    "c3,Foam wash,,Vehicles > Car Wash,0.9,",
  ].join("\n");
  const report = await importCreatives(handle.db, {
    file: "ads.csv",
    format: "csv",
    source: streamOf(csv),
    maxBytes,
    dataset: "ads",
    taxonomy: "iab",
    images: { imageDir: folders.imageDir, storeDir: folders.imageStoreDir },
  });
  expect(report.status).toBe("done");
  const ids = rowsOf<{ id: number; external_id: string }>(
    await handle.db.execute(sql`select id, external_id from creatives order by external_id`),
  );
  const labels = rowsOf<{ id: number; name: string }>(
    await handle.db.execute(sql`select id, name from labels`),
  );
  const label = (name: string) => labels.find((l) => l.name === name)!.id;
  await recordDecision(handle.db, {
    creativeId: ids[0]!.id,
    annotator: "ann",
    action: "accept",
    labelId: label("Car Wash"),
    timeSpentMs: 900,
  });
  await recordDecision(handle.db, {
    creativeId: ids[1]!.id,
    annotator: "ann",
    action: "pick",
    labelId: label("Pizza"),
    rejectedLabelId: label("Car Wash"),
    timeSpentMs: 1500,
  });
  await fillEmptyTables(handle.db);
  for (const table of await publicTables(handle.db)) {
    const [row] = rowsOf<{ n: number }>(
      await handle.db.execute(sql.raw(`select count(*)::int as n from "${table}"`)),
    );
    expect(row!.n, `rows in ${table}`).toBeGreaterThan(0);
  }
}

for (const engine of engines) {
  describe(`backup and restore on ${engine.name}`, () => {
    const work = path.join(root, engine.name);
    const source: BackupLocations = {
      database: { engine: "pglite", pgliteDir: "" },
      imageDir: path.join(work, "source", "images"),
      imageStoreDir: path.join(work, "source", "creative-images"),
    };
    const archive = path.join(work, "backup.tar.gz");
    let sourceDb: Awaited<ReturnType<Engine["create"]>>;
    const drops: (() => Promise<void>)[] = [];

    async function freshTarget(): Promise<BackupLocations & { target: DatabaseTarget }> {
      const made = await engine.create();
      drops.push(made.drop);
      const dir = path.join(work, randomBytes(4).toString("hex"));
      return {
        database: made.database,
        target: made.target,
        imageDir: path.join(dir, "images"),
        imageStoreDir: path.join(dir, "creative-images"),
      };
    }

    beforeAll(async () => {
      sourceDb = await engine.create();
      drops.push(sourceDb.drop);
      source.database = sourceDb.database;
      const handle = await openDatabase(sourceDb.target);
      try {
        await fillDatabase(handle, source);
        // PostgreSQL is backed up while the app has it open; the embedded one after it closed.
        if (engine.name === "postgres") await createBackup({ ...source, out: archive });
      } finally {
        await handle.close();
      }
      if (engine.name === "pglite") await createBackup({ ...source, out: archive });
    });
    afterAll(async () => {
      for (const drop of drops) await drop();
    });

    it("restores every table and both image folders into a fresh database", async () => {
      const target = await freshTarget();
      const manifest = await restoreBackup({ ...target, archive });
      expect(manifest.engine).toBe(engine.name);
      expect(manifest.images.files).toBe(1);
      expect(manifest.imageStore.files).toBe(2);
      const before = await openDatabase(sourceDb.target);
      const expected = await snapshotTables(before.db);
      await before.close();
      const after = await openDatabase(target.target);
      const actual = await snapshotTables(after.db);
      await after.close();
      expect(Object.keys(actual).length).toBeGreaterThan(20);
      expect(actual).toEqual(expected);
      for (const [table, snap] of Object.entries(expected)) {
        expect(snap.rows, table).toBeGreaterThan(0);
      }
      expect(await folderDigest(target.imageDir)).toEqual(await folderDigest(source.imageDir));
      expect(await folderDigest(target.imageStoreDir)).toEqual(
        await folderDigest(source.imageStoreDir),
      );
    });

    it("refuses a database that holds rows without --force, and replaces it with it", async () => {
      const target = await freshTarget();
      await restoreBackup({ ...target, archive });
      await expect(restoreBackup({ ...target, archive })).rejects.toThrow(
        /Refusing to overwrite existing data: .*holds \d+ rows.*--force/,
      );
      const handle = await openDatabase(target.target);
      await handle.db.execute(sql`delete from decisions where action = 'pick'`);
      await handle.close();
      await restoreBackup({ ...target, archive, force: true });
      const restored = await openDatabase(target.target);
      const [row] = rowsOf<{ n: number }>(
        await restored.db.execute(
          sql`select count(*)::int as n from decisions where action = 'pick'`,
        ),
      );
      await restored.close();
      expect(row!.n).toBeGreaterThan(0);
    });

    it("refuses a truncated or corrupt archive and leaves the target as it was", async () => {
      const bytes = readFileSync(archive);
      const truncated = path.join(work, "truncated.tar.gz");
      writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
      const corrupt = path.join(work, "corrupt.tar.gz");
      const damaged = Buffer.from(bytes);
      for (let i = 0; i < 64; i++) {
        const at = Math.floor(bytes.length / 2) + i * 7;
        damaged[at] = damaged[at]! ^ 0x5a;
      }
      writeFileSync(corrupt, damaged);
      const target = await freshTarget();
      await expect(restoreBackup({ ...target, archive: truncated })).rejects.toThrow(
        CorruptArchiveError,
      );
      await expect(restoreBackup({ ...target, archive: corrupt })).rejects.toThrow(
        CorruptArchiveError,
      );
      expect(await listFolderFiles(target.imageStoreDir)).toEqual([]);
      if (target.database.engine === "pglite") {
        expect(await fs.readdir(path.dirname(target.database.pgliteDir))).toEqual([]);
      }
    });

    it("names what is wrong with a manifest from a newer format or with bad fields", async () => {
      async function archiveWith(manifest: unknown): Promise<string> {
        const chunks: Uint8Array[] = [];
        const sink = { write: (c: Uint8Array) => chunks.push(Buffer.from(c)) > 0 };
        const tar = new TarWriter(sink as never);
        await tar.addBytes("manifest.json", Buffer.from(JSON.stringify(manifest)));
        await tar.finish();
        const file = path.join(work, `${randomBytes(4).toString("hex")}.tar.gz`);
        writeFileSync(file, gzipSync(Buffer.concat(chunks)));
        return file;
      }
      const target = await freshTarget();
      const newer = await archiveWith({ format: "creative-triage-backup", formatVersion: 2 });
      await expect(restoreBackup({ ...target, archive: newer })).rejects.toThrow(
        /newer version of Creative Triage \(format version 2; this version reads up to 1\)/,
      );
      const bad = await archiveWith({
        format: "creative-triage-backup",
        formatVersion: 1,
        engine: "mysql",
      });
      await expect(restoreBackup({ ...target, archive: bad })).rejects.toThrow(BadManifestError);
      await expect(restoreBackup({ ...target, archive: bad })).rejects.toThrow(/engine: /);
    });

    if (engine.name === "pglite") {
      it("says the app must be stopped while it holds the embedded database", async () => {
        const dir = (source.database as { pgliteDir: string }).pgliteDir;
        writeFileSync(`${dir}.lock`, String(process.ppid));
        try {
          await expect(
            createBackup({ ...source, out: path.join(work, "locked.tar.gz") }),
          ).rejects.toThrow(BackupRefusedError);
          await expect(
            createBackup({ ...source, out: path.join(work, "locked.tar.gz") }),
          ).rejects.toThrow(/Stop the app, then run the backup again/);
        } finally {
          await fs.rm(`${dir}.lock`, { force: true });
        }
      });
    }
  });
}
