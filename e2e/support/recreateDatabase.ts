import pg from "pg";

/**
 * Drops a test server's database from the previous run and creates it empty, for the browser
 * tests whose app server starts on a PostgreSQL database of its own; exits non-zero with the
 * reason when there is no server to use.
 */
export function recreateDatabase(
  target: { serverUrl: string; name: string } | null,
  missing: string,
): void {
  const run = async () => {
    if (!target) throw new Error(missing);
    const admin = new pg.Client({ connectionString: target.serverUrl });
    await admin.connect();
    try {
      await admin.query(`drop database if exists ${target.name} with (force)`);
      await admin.query(`create database ${target.name}`);
    } finally {
      await admin.end();
    }
  };
  run().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
