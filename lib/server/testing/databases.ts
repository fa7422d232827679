import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type DatabaseHandle } from "../db/client";

/** An engine the repository tests run against. */
export interface TestDatabaseTarget {
  name: string;
  open(): Promise<DatabaseHandle>;
}

/**
 * The engines every repository test runs on: the embedded PGlite always, and a real PostgreSQL
 * server when TEST_DATABASE_URL names one (CI always does). Each opened PostgreSQL database is a
 * fresh one, dropped on close, so test files never see each other's rows.
 */
export function testDatabaseTargets(): TestDatabaseTarget[] {
  const targets: TestDatabaseTarget[] = [
    { name: "pglite", open: () => openDatabase({ engine: "pglite", inMemory: true }) },
  ];
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) targets.push({ name: "postgres", open: () => openFreshPostgres(serverUrl) });
  return targets;
}

async function openFreshPostgres(serverUrl: string): Promise<DatabaseHandle> {
  const fresh = await createFreshPostgres(serverUrl, "ct_test");
  const handle = await openDatabase({ engine: "postgres", url: fresh.url });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await fresh.drop();
    },
  };
}

/** An empty database on a PostgreSQL server, named `prefix_<random>`, and how to drop it. */
export async function createFreshPostgres(
  serverUrl: string,
  prefix: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  await onServer(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => onServer(serverUrl, `drop database if exists ${name} with (force)`),
  };
}

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

/** A byte stream of a text or bytes, cut in small chunks so the streaming code paths are exercised. */
export async function* streamOf(
  content: string | Uint8Array,
  chunkBytes = 64,
): AsyncGenerator<Uint8Array> {
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  for (let i = 0; i < bytes.length; i += chunkBytes) yield bytes.subarray(i, i + chunkBytes);
}
