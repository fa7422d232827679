import "server-only";
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Executor } from "../db";
import type { EmbeddingModelKey } from "./embeddings";
import { rowsOf } from "./taxonomies";

/** The vectors one model version made for one kind of owner: what one HNSW index covers. */
export interface VectorSpace extends EmbeddingModelKey {
  ownerType: "creative_text" | "creative_image" | "label";
}

/**
 * Below this many vectors an exact scan answers a nearest-neighbour query faster than an HNSW
 * index does, and exactly (`npm run bench:vectors` measures both on both engines; the README keeps
 * the figures), so no index is built for smaller spaces.
 */
export const hnswMinRows = 20_000;

/** An HNSW index over one vector space, cast to the space's dimension. */
export interface VectorIndex {
  name: string;
  dim: number;
}

/**
 * The index's name: a hash of the space (model ids hold characters no identifier may) and the
 * dimension, so a name says exactly which partial index it is.
 */
function indexNameOf(space: VectorSpace, dim: number): string {
  const hash = createHash("sha256")
    .update(`${space.ownerType}\u001f${space.modelId}\u001f${space.modelVersion}`)
    .digest("hex")
    .slice(0, 20);
  return `embeddings_hnsw_${hash}_${dim}`;
}

/** A string as an SQL literal, for DDL (which takes no parameters). */
function literalOf(value: string): string {
  if (value.includes("\u0000")) throw new Error("A model id or version holds a NUL character");
  return `'${value.replaceAll("'", "''")}'`;
}

/** The HNSW index over a space, if one has been built. */
export async function findVectorIndex(
  db: Executor,
  space: VectorSpace,
): Promise<VectorIndex | null> {
  const prefix = indexNameOf(space, 0).replace(/_0$/, "_");
  const [row] = rowsOf<{ indexname: string }>(
    await db.execute(sql`
      select indexname from pg_indexes
      where schemaname = current_schema() and tablename = 'embeddings'
        and starts_with(indexname, ${prefix})
      order by indexname limit 1`),
  );
  if (!row) return null;
  return { name: row.indexname, dim: Number(row.indexname.slice(prefix.length)) };
}

/**
 * Builds the HNSW index (cosine distance) of a space once it holds `minRows` vectors: a partial
 * expression index, because the `vector` column has no fixed dimension and one table holds every
 * model's vectors. Its predicate includes the dimension so the cast never fails on a stray row.
 * Building takes time (minutes at a million vectors): it is done by the command-line embedding
 * and by `npm run vectors:index`, never in a request.
 */
export async function ensureVectorIndex(
  db: Executor,
  space: VectorSpace,
  options: { minRows?: number } = {},
): Promise<(VectorIndex & { created: boolean }) | null> {
  const [stats] = rowsOf<{ n: number; dim: number | null }>(
    await db.execute(sql`
      select count(*)::int as n, max(dim)::int as dim from embeddings
      where owner_type = ${space.ownerType} and model_id = ${space.modelId}
        and model_version = ${space.modelVersion}`),
  );
  if (!stats || stats.dim === null || stats.n < (options.minRows ?? hnswMinRows)) return null;
  const existing = await findVectorIndex(db, space);
  if (existing && existing.dim === stats.dim) return { ...existing, created: false };
  const name = indexNameOf(space, stats.dim);
  await db.execute(
    sql.raw(`
      create index if not exists "${name}" on embeddings
      using hnsw ((vector::vector(${stats.dim})) vector_cosine_ops)
      where owner_type = ${literalOf(space.ownerType)} and model_id = ${literalOf(space.modelId)}
        and model_version = ${literalOf(space.modelVersion)} and dim = ${stats.dim}`),
  );
  // A space whose model now makes vectors of another size keeps no index of the old size: it
  // would cover no row and still cost every write to the table.
  if (existing) await db.execute(sql.raw(`drop index if exists "${existing.name}"`));
  // Fresh statistics, or the planner may join a just-imported creatives table by scanning it
  // and never reach the index (measured: 36 ms against 3 ms at 20,000 vectors).
  await db.execute(sql`analyze embeddings`);
  await db.execute(sql`analyze creatives`);
  return { name, dim: stats.dim, created: true };
}

/** Every vector space with at least `minRows` vectors, largest first. */
export async function listVectorSpaces(
  db: Executor,
  minRows = hnswMinRows,
): Promise<(VectorSpace & { rows: number })[]> {
  const rows = rowsOf<{
    owner_type: VectorSpace["ownerType"];
    model_id: string;
    model_version: string;
    n: number;
  }>(
    await db.execute(sql`
      select owner_type, model_id, model_version, count(*)::int as n from embeddings
      group by owner_type, model_id, model_version having count(*) >= ${minRows}
      order by n desc, model_id, model_version, owner_type`),
  );
  return rows.map((r) => ({
    ownerType: r.owner_type,
    modelId: r.model_id,
    modelVersion: r.model_version,
    rows: r.n,
  }));
}
