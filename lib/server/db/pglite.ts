import "server-only";
import { PGlite, type PGliteOptions } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { vector } from "@electric-sql/pglite-pgvector";

/**
 * Opens an embedded PGlite database with the extensions the schema needs (pgvector's `vector`
 * type for embeddings, `pg_trgm` for the indexes behind the Creatives search). Every PGlite the
 * product opens goes through here: a data folder whose tables use them cannot even be read
 * without the extensions loaded.
 */
export async function createPglite(
  dataDir?: string,
  options: Omit<PGliteOptions, "extensions" | "dataDir"> = {},
): Promise<PGlite> {
  const client = await PGlite.create(dataDir, { ...options, extensions: { vector, pg_trgm } });
  await client.waitReady;
  return client;
}
