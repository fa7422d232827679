import { mkdtemp, cp, readFile, writeFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/node-postgres";
import { migrate as migratePostgres } from "drizzle-orm/node-postgres/migrator";
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readEmbeddings } from "../data/embeddings";
import { createFreshPostgres } from "../testing/databases";
import type { Database } from "./client";
import { createPglite } from "./pglite";

const migrationsFolder = path.join(process.cwd(), "lib/server/db/migrations");

/** Float32 values whose bytes exercise every branch of the migration's decoder. */
const tricky = new Float32Array([
  0,
  -0,
  1,
  -1,
  0.1,
  -0.333333343,
  1e-38,
  1.4e-45,
  -1.17549421e-38,
  3.4e38,
  123456.789,
  2 ** -126,
]);

/** The migrations up to the one before the change to pgvector, in a folder of their own. */
async function migrationsBeforePgvector(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "ct-migrations-"));
  await cp(migrationsFolder, dir, { recursive: true });
  const journalFile = path.join(dir, "meta/_journal.json");
  const journal = JSON.parse(await readFile(journalFile, "utf8")) as {
    entries: { tag: string }[];
  };
  const at = journal.entries.findIndex((e) => e.tag === "0008_pgvector");
  expect(at).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, at);
  await writeFile(journalFile, JSON.stringify(journal));
  return dir;
}

interface Engine {
  name: string;
  open(): Promise<{ db: Database; migrate(folder: string): Promise<void>; close(): Promise<void> }>;
}

const engines: Engine[] = [
  {
    name: "pglite",
    open: async () => {
      const client = await createPglite();
      const db = drizzlePglite({ client });
      return {
        db: db as unknown as Database,
        migrate: (folder) => migratePglite(db, { migrationsFolder: folder }),
        close: () => client.close(),
      };
    },
  },
];
const serverUrl = process.env.TEST_DATABASE_URL;
if (serverUrl) {
  engines.push({
    name: "postgres",
    open: async () => {
      const fresh = await createFreshPostgres(serverUrl, "ct_migration");
      const pool = new pg.Pool({ connectionString: fresh.url, max: 2 });
      const db = drizzlePostgres({ client: pool });
      return {
        db: db as unknown as Database,
        migrate: (folder) => migratePostgres(db, { migrationsFolder: folder }),
        close: async () => {
          await pool.end();
          await fresh.drop();
        },
      };
    },
  });
}

for (const engine of engines) {
  describe(`the move of embeddings to pgvector on ${engine.name}`, () => {
    let before: string;
    beforeAll(async () => {
      before = await migrationsBeforePgvector();
    });
    afterAll(async () => rm(before, { recursive: true, force: true }));

    it("converts stored float32 bytes to vectors exactly", async () => {
      const database = await engine.open();
      try {
        await database.migrate(before);
        const bytes = Buffer.from(tricky.buffer);
        await database.db.execute(sql`
          insert into embeddings (owner_type, owner_id, model_id, model_version, content_hash, dim, vector)
          values ('label', 1, 'm', 'v', 'h', ${tricky.length}, decode(${bytes.toString("hex")}, 'hex')),
            ('label', 2, 'm', 'v', 'h', 1, decode('0000c03f', 'hex'))`);
        await database.migrate(migrationsFolder);
        const stored = await readEmbeddings(database.db, {
          modelId: "m",
          modelVersion: "v",
          ownerType: "label",
        });
        expect(stored.map((s) => s.ownerId)).toEqual([1, 2]);
        expect([...stored[0]!.vector].map((v) => (Object.is(v, -0) ? 0 : v))).toEqual(
          [...tricky].map((v) => (Object.is(v, -0) ? 0 : v)),
        );
        expect([...stored[1]!.vector]).toEqual([1.5]);
      } finally {
        await database.close();
      }
    });
  });
}
