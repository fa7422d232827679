/**
 * Creates the empty PostgreSQL database the deployment test's server starts on (dropping the
 * previous run's), so the start-up script alone must migrate it and create the admin.
 */
import pg from "pg";
import { deployDatabase } from "./deployDatabase";

async function main(): Promise<void> {
  const target = deployDatabase();
  if (!target) throw new Error("TEST_DATABASE_URL must name a PostgreSQL server");
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
