import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "../db";
import { rowsOf } from "./taxonomies";
import { floatsOf, storedVector, vectorLiteral } from "./vectorBytes";

/**
 * Something a model must embed: a creative's text, a creative's stored image (multimodal models
 * only), or a label (whose text the model's template makes).
 */
export interface EmbeddingInput {
  ownerType: "creative_text" | "creative_image" | "label";
  ownerId: number;
  /**
   * What identifies the embedded content, so a change invalidates the stored vector: md5 of the
   * text or label path, the sha256 of an image's bytes.
   */
  contentHash: string;
  text: string | null;
  path: string[] | null;
}

export interface EmbeddingModelKey {
  modelId: string;
  modelVersion: string;
}

/** Where a page of pending inputs starts: after this owner in the stable order. */
export interface EmbeddingCursor {
  ownerType: EmbeddingInput["ownerType"];
  ownerId: number;
}

/** The stable order of owner types: labels, texts, then images. */
const ownerOrder: EmbeddingInput["ownerType"][] = ["label", "creative_text", "creative_image"];

/**
 * Each branch's part of "after the cursor", pushed into the branch itself so that its primary key
 * index starts the scan there (a page at the end of a million creatives reads one page, not the
 * million before it).
 */
function afterCursor(
  ownerType: EmbeddingInput["ownerType"],
  id: SQL,
  cursor: EmbeddingCursor | undefined,
): SQL {
  if (!cursor) return sql``;
  const branch = ownerOrder.indexOf(ownerType);
  const at = ownerOrder.indexOf(cursor.ownerType);
  if (branch > at) return sql``;
  if (branch < at) return sql`and false`;
  return sql`and ${id} > ${cursor.ownerId}`;
}

/**
 * One owner type's inputs of a dataset (columns `owner_type`, `owner_id`, `content_hash`, `text`,
 * `path`), after the cursor when one is given.
 */
function wantedOf(
  ownerType: EmbeddingInput["ownerType"],
  datasetId: number,
  cursor?: EmbeddingCursor,
): SQL {
  switch (ownerType) {
    case "label":
      return sql`
        select 'label'::text as owner_type, l.id as owner_id,
          md5(array_to_string(l.path, chr(31))) as content_hash, null::text as text, l.path
        from labels l join datasets d on d.taxonomy_id = l.taxonomy_id
        where d.id = ${datasetId} and l.status <> 'rejected' ${afterCursor("label", sql`l.id`, cursor)}`;
    case "creative_text":
      return sql`
        select 'creative_text'::text as owner_type, c.id as owner_id, md5(c.text) as content_hash,
          c.text as text, null::text[] as path
        from creatives c where c.dataset_id = ${datasetId} and length(c.text) > 0
          ${afterCursor("creative_text", sql`c.id`, cursor)}`;
    case "creative_image":
      return sql`
        select 'creative_image'::text as owner_type, c.id as owner_id, ci.sha256 as content_hash,
          null::text as text, null::text[] as path
        from creatives c join creative_images ci on ci.creative_id = c.id
        where c.dataset_id = ${datasetId} ${afterCursor("creative_image", sql`c.id`, cursor)}`;
  }
}

/** The owner types a dataset's inputs have; images only when the model has a vision tower. */
function ownerTypesOf(includeImages: boolean): EmbeddingInput["ownerType"][] {
  return includeImages ? ownerOrder : ownerOrder.filter((t) => t !== "creative_image");
}

/** The inputs of a dataset a model embeds, every owner type together. */
function wantedInputs(datasetId: number, includeImages: boolean): SQL {
  return sql.join(
    ownerTypesOf(includeImages).map((t) => wantedOf(t, datasetId)),
    sql` union all `,
  );
}

/** A wanted input lacks a vector of this model version for its current content. */
function lacksVector(input: EmbeddingModelKey): SQL {
  return sql`not exists (
      select 1 from embeddings e
      where e.owner_type = w.owner_type and e.owner_id = w.owner_id and e.model_id = ${input.modelId}
        and e.model_version = ${input.modelVersion} and e.content_hash = w.content_hash
    )`;
}

type PendingRow = {
  owner_type: EmbeddingInput["ownerType"];
  owner_id: number;
  content_hash: string;
  text: string | null;
  path: string[] | null;
};

function inputOf(r: PendingRow): EmbeddingInput {
  return {
    ownerType: r.owner_type,
    ownerId: r.owner_id,
    contentHash: r.content_hash,
    text: r.text,
    path: r.path,
  };
}

/**
 * One page of what still lacks a vector, after `after` in the stable order, without counting:
 * a long run (`embedDataset`) counts once with `countPendingEmbeddingInputs` and then walks the
 * pages, so a million creatives cost a million index probes, not a count per page.
 */
export async function listPendingEmbeddingPage(
  db: Executor,
  input: EmbeddingModelKey & {
    datasetId: number;
    limit: number;
    includeImages?: boolean;
    after?: EmbeddingCursor;
  },
): Promise<EmbeddingInput[]> {
  // One owner type at a time, each in its own id order: over a union ordered by type and id the
  // planner sorted every creative after the cursor (a second per page at a million), where one
  // type's query reads the next ids off its primary key.
  const rows: PendingRow[] = [];
  const types = ownerTypesOf(input.includeImages ?? false);
  const from = input.after ? types.indexOf(input.after.ownerType) : 0;
  for (const ownerType of types.slice(Math.max(from, 0))) {
    if (rows.length >= input.limit) break;
    const query = pendingPageQuery(ownerType, { ...input, limit: input.limit - rows.length });
    rows.push(...rowsOf<PendingRow>(await db.execute(query)));
  }
  return rows.map(inputOf);
}

/** The next inputs of one owner type that lack a vector, after the cursor, in id order. */
export function pendingPageQuery(
  ownerType: EmbeddingInput["ownerType"],
  input: EmbeddingModelKey & { datasetId: number; limit: number; after?: EmbeddingCursor },
): SQL {
  return sql`
    select w.* from (${wantedOf(ownerType, input.datasetId, input.after)}) w
    where ${lacksVector(input)}
    order by w.owner_id
    limit ${input.limit}`;
}

/** How many inputs a dataset has for a model, and how many still lack a vector. */
export async function countPendingEmbeddingInputs(
  db: Executor,
  input: EmbeddingModelKey & { datasetId: number; includeImages?: boolean },
): Promise<{ total: number; remaining: number }> {
  const wanted = wantedInputs(input.datasetId, input.includeImages ?? false);
  const [row] = rowsOf<{ total: number; remaining: number }>(
    await db.execute(sql`
      select count(*)::int as total, (count(*) filter (where ${lacksVector(input)}))::int as remaining
      from (${wanted}) w`),
  );
  return { total: row?.total ?? 0, remaining: row?.remaining ?? 0 };
}

/**
 * The dataset's creative texts, its taxonomy's labels and (when `includeImages`) its creatives'
 * stored images that have no vector yet from this model version (or whose content changed
 * since), in a stable order (labels, texts, then images) so a closed tab resumes where it
 * stopped. Hashes are computed in SQL so both engines agree byte for byte.
 */
export async function listPendingEmbeddingInputs(
  db: Executor,
  input: EmbeddingModelKey & { datasetId: number; limit: number; includeImages?: boolean },
): Promise<{ total: number; remaining: number; items: EmbeddingInput[] }> {
  const counts = await countPendingEmbeddingInputs(db, input);
  const items = counts.remaining > 0 ? await listPendingEmbeddingPage(db, input) : [];
  return { ...counts, items };
}

export interface EmbeddingVector {
  ownerType: "creative_text" | "creative_image" | "label";
  ownerId: number;
  contentHash: string;
  vector: Float32Array;
}

/** Stores vectors from one model version, replacing older vectors of the same owners. */
export async function storeEmbeddings(
  db: Executor,
  input: EmbeddingModelKey & { dim: number; items: EmbeddingVector[] },
): Promise<number> {
  if (input.items.length === 0) return 0;
  const literals = input.items.map((item, i) => {
    if (item.vector.length !== input.dim) {
      throw new RangeError(
        `items.${i}: a vector of ${item.vector.length} values where ${input.dim} were expected`,
      );
    }
    return vectorLiteral(item.vector);
  });
  const result = await db.execute(sql`
    insert into embeddings (owner_type, owner_id, model_id, model_version, content_hash, dim, vector)
    select r.owner_type, r.owner_id, ${input.modelId}, ${input.modelVersion}, r.content_hash, ${input.dim},
      r.vector::vector
    from unnest(
      ${sql.param(input.items.map((i) => i.ownerType))}::text[],
      ${sql.param(input.items.map((i) => i.ownerId))}::int[],
      ${sql.param(input.items.map((i) => i.contentHash))}::text[],
      ${sql.param(literals)}::text[]
    ) as r(owner_type, owner_id, content_hash, vector)
    on conflict (owner_type, owner_id, model_id, model_version) do update set
      content_hash = excluded.content_hash, dim = excluded.dim, vector = excluded.vector, created_at = now()
    returning id`);
  return rowsOf(result).length;
}

/** Every stored vector of one owner type from one model version (for scoring and maps). */
export async function readEmbeddings(
  db: Executor,
  input: EmbeddingModelKey & { ownerType: EmbeddingVector["ownerType"]; ownerIds?: number[] },
): Promise<EmbeddingVector[]> {
  const filter = input.ownerIds
    ? sql`and owner_id = any(${sql.param(input.ownerIds)}::int[])`
    : sql``;
  const rows = rowsOf<{ owner_id: number; content_hash: string; vector: Uint8Array }>(
    await db.execute(sql`
      select owner_id, content_hash, ${storedVector("vector")} as vector from embeddings
      where owner_type = ${input.ownerType} and model_id = ${input.modelId}
        and model_version = ${input.modelVersion} ${filter}
      order by owner_id`),
  );
  return rows.map((r) => ({
    ownerType: input.ownerType,
    ownerId: r.owner_id,
    contentHash: r.content_hash,
    vector: floatsOf(r.vector),
  }));
}
