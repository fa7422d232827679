import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "../db";
import type { EmbeddingModelKey } from "./embeddings";
import { followedRunQuery } from "./followedRun";
import { rowsOf } from "./taxonomies";
import { findVectorIndex } from "./vectorIndexes";

/** How a nearest-neighbour query was answered: an exact scan, or the space's HNSW index. */
export type VectorSearchMethod = "exact" | "hnsw";

/** A creative near another in the embedding space, with the label it carries now. */
export interface SimilarCreative {
  creativeId: number;
  externalId: string;
  text: string;
  /** Cosine similarity of the two texts' vectors. */
  similarity: number;
  /** Its current label: an annotator's (`decision`) or else the classifier's prediction. */
  label: { labelId: number; path: string[]; source: "decision" | "classifier" } | null;
}

export interface SimilarCreativesQuery extends EmbeddingModelKey {
  creativeId: number;
  limit: number;
  /**
   * Only creatives an annotator has labelled (kNN-to-confirmed): what people decided for texts
   * like this one, the strongest evidence for a label.
   */
  confirmedOnly?: boolean;
  /** `auto` uses the HNSW index when the space has one (it is built only where it pays). */
  method?: "auto" | VectorSearchMethod;
}

/** A creative's current label: its latest decision that stands, when it carries a label. */
const confirmedLabel = (creative: SQL) => sql`
  select d.label_id from decisions d
  where d.creative_id = ${creative} and d.retracted_at is null and d.superseded_by is null
    and d.label_id is not null
  order by d.id desc limit 1`;

/**
 * The creatives of the same dataset whose texts are nearest to a creative's text in one model
 * version's space, nearest first (ties by id), computed in the database. Exact by default below
 * the index threshold; with an index, HNSW with pgvector's iterative scan so that filtering by
 * dataset (and by confirmed label) still fills the page, re-sorted by exact distance. `null` when
 * the creative has no text vector in that space.
 */
export async function findSimilarCreatives(
  db: Executor,
  input: SimilarCreativesQuery,
): Promise<{ method: VectorSearchMethod; items: SimilarCreative[] } | null> {
  const key = sql`e.owner_type = 'creative_text' and e.model_id = ${input.modelId}
    and e.model_version = ${input.modelVersion}`;
  const [query] = rowsOf<{ dataset_id: number }>(
    await db.execute(sql`
      select c.dataset_id from creatives c join embeddings e on e.owner_id = c.id and ${key}
      where c.id = ${input.creativeId}`),
  );
  if (!query) return null;
  const index =
    input.method === "exact"
      ? null
      : await findVectorIndex(db, { ...input, ownerType: "creative_text" });
  if (input.method === "hnsw" && !index) {
    throw new Error(`The space ${input.modelId}@${input.modelVersion} has no HNSW index`);
  }
  const confirmed = input.confirmedOnly ? sql`and exists (${confirmedLabel(sql`c.id`)})` : sql``;
  const queryVector = sql`(select e.vector from embeddings e where ${key} and e.owner_id = ${input.creativeId})`;
  const scope = sql`${key} and c.dataset_id = ${query.dataset_id} and e.owner_id <> ${input.creativeId} ${confirmed}`;
  const neighbours = index
    ? await db.transaction(async (tx) => {
        // Relaxed order lets the index scan go on past rows the filters drop; the outer sort
        // restores the exact order of what it found.
        await tx.execute(sql`select set_config('hnsw.iterative_scan', 'relaxed_order', true),
          set_config('hnsw.ef_search', ${String(Math.max(100, input.limit * 4))}, true)`);
        const cast = sql.raw(`::vector(${index.dim})`);
        return rowsOf<{ owner_id: number; distance: number }>(
          await tx.execute(sql`
            select * from (
              select e.owner_id, (e.vector${cast}) <=> (${queryVector}${cast}) as distance
              from embeddings e join creatives c on c.id = e.owner_id
              where ${scope} and e.dim = ${index.dim}
              order by (e.vector${cast}) <=> (${queryVector}${cast}) limit ${input.limit}
            ) n order by distance, owner_id`),
        );
      })
    : rowsOf<{ owner_id: number; distance: number }>(
        await db.execute(sql`
          select e.owner_id, e.vector <=> ${queryVector} as distance
          from embeddings e join creatives c on c.id = e.owner_id
          where ${scope}
          order by distance, e.owner_id limit ${input.limit}`),
      );
  return { method: index ? "hnsw" : "exact", items: await describe(db, neighbours) };
}

/** The texts and current labels of the neighbours, in the neighbours' order. */
async function describe(
  db: Executor,
  neighbours: { owner_id: number; distance: number }[],
): Promise<SimilarCreative[]> {
  if (neighbours.length === 0) return [];
  const rows = rowsOf<{
    id: number;
    external_id: string;
    text: string;
    decided_label: number | null;
    predicted_label: number | null;
    label_path: string[] | null;
  }>(
    await db.execute(sql`
      select c.id, c.external_id, c.text, d.label_id as decided_label, p.label_id as predicted_label,
        l.path as label_path
      from creatives c
      left join lateral (${confirmedLabel(sql`c.id`)}) d on true
      left join lateral (select s.label_id from suggestions s where s.creative_id = c.id
        and s.source = 'classifier' and s.label_id is not null order by s.rank limit 1) p on true
      left join labels l on l.id = coalesce(d.label_id, p.label_id)
      where c.id = any(${sql.param(neighbours.map((n) => n.owner_id))}::int[])`),
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return neighbours.flatMap((n) => {
    const row = byId.get(n.owner_id);
    if (!row) return [];
    const labelId = row.decided_label ?? row.predicted_label;
    return [
      {
        creativeId: row.id,
        externalId: row.external_id,
        text: row.text,
        similarity: 1 - Number(n.distance),
        label:
          labelId !== null && row.label_path
            ? {
                labelId,
                path: row.label_path,
                source:
                  row.decided_label !== null ? ("decision" as const) : ("classifier" as const),
              }
            : null,
      },
    ];
  });
}

/**
 * Similar creatives in the space the creative's queue follows (the detector run of its dataset's
 * selected model, see `followedRunQuery`), else in the space of its newest text vector: what the
 * workbench shows beside a creative. `null` when the creative has no text vector at all.
 */
export async function findSimilarInQueueSpace(
  db: Executor,
  input: Omit<SimilarCreativesQuery, "modelId" | "modelVersion" | "method">,
): Promise<(EmbeddingModelKey & { method: VectorSearchMethod; items: SimilarCreative[] }) | null> {
  const [creative] = rowsOf<{ dataset_id: number }>(
    await db.execute(sql`select dataset_id from creatives where id = ${input.creativeId}`),
  );
  if (!creative) return null;
  const [space] = rowsOf<{ model_id: string; model_version: string }>(
    await db.execute(sql`
      with followed as (${followedRunQuery(creative.dataset_id)})
      select e.model_id, e.model_version from embeddings e
      left join followed f on f.model_id = e.model_id and f.model_version = e.model_version
      where e.owner_type = 'creative_text' and e.owner_id = ${input.creativeId}
      order by (f.model_id is not null) desc, e.created_at desc, e.id desc limit 1`),
  );
  if (!space) return null;
  const key = { modelId: space.model_id, modelVersion: space.model_version };
  const found = await findSimilarCreatives(db, { ...input, ...key });
  return found ? { ...key, ...found } : null;
}
