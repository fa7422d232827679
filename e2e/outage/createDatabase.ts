/**
 * Creates the fresh PostgreSQL database the database-outage browser test's server uses (on the
 * server TEST_DATABASE_URL names), dropping the previous run's. Run by playwright.config.ts.
 */
import pg from "pg";
import { outageDatabase } from "./outageDatabase";

async function main(): Promise<void> {
  const target = outageDatabase();
  if (!target)
    throw new Error("TEST_DATABASE_URL and CT_TEST_PG_DIR must name a PostgreSQL server");
  const admin = new pg.Client({ connectionString: target.serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${target.name} with (force)`);
  await admin.query(`create database ${target.name}`);
  await admin.end();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
