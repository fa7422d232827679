import "server-only";
import { readServerConfig } from "../config";
import { configuredDatabaseTarget, openDatabase, type DatabaseHandle } from "./client";

export type { Database, Executor, DatabaseHandle } from "./client";

const globalForDb = globalThis as unknown as { creativeTriageDb?: Promise<DatabaseHandle> };

/**
 * The app's one database handle, opened (and migrated) on first use. The promise lives on
 * globalThis so Next's module reloading in development doesn't open the data folder twice, and a
 * failed open is forgotten so the next request tries again instead of failing forever.
 */
export function getDatabase(): Promise<DatabaseHandle> {
  if (!globalForDb.creativeTriageDb) {
    const config = readServerConfig();
    const opening = openDatabase(configuredDatabaseTarget(config));
    globalForDb.creativeTriageDb = opening;
    opening.catch(() => {
      if (globalForDb.creativeTriageDb === opening) globalForDb.creativeTriageDb = undefined;
    });
  }
  return globalForDb.creativeTriageDb;
}
