/**
 * The start-up checks `npm run serve` runs before it accepts traffic: the environment is valid,
 * the database answers and its migrations are applied, and the first admin exists (from
 * CREATIVE_TRIAGE_ADMIN_USERNAME / CREATIVE_TRIAGE_ADMIN_PASSWORD on an empty database). A
 * failure exits non-zero with the reason, so a container platform never routes to a broken start.
 */
import { ensureFirstAdmin } from "@/lib/server/auth/firstAdmin";
import { readServerConfig } from "@/lib/server/config";
import { getDatabase } from "@/lib/server/db";
import { log } from "@/lib/server/log";

async function main(): Promise<void> {
  const config = readServerConfig();
  const handle = await getDatabase();
  try {
    await ensureFirstAdmin();
    log.info(
      { engine: config.databaseUrl ? "postgres" : "pglite", database: handle.description },
      "Database ready: migrations applied",
    );
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, "Start-up checks failed");
  process.exit(1);
});
