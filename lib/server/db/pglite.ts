import "server-only";
import { PGlite, type PGliteOptions } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";

/**
 * Opens an embedded PGlite database with the extensions the schema needs (pgvector's `vector`
 * type for embeddings). Every PGlite the product opens goes through here: a data folder whose
 * tables use `vector` cannot even be read without the extension loaded.
 */
export async function createPglite(
  dataDir?: string,
  options: Omit<PGliteOptions, "extensions" | "dataDir"> = {},
): Promise<PGlite> {
  const client = await PGlite.create(dataDir, { ...options, extensions: { vector } });
  await client.waitReady;
  return client;
}
