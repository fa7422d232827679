import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "../db";
import type { EmbeddingModelKey } from "./embeddings";
import type { LabelChoice } from "./queueItems";
import { rowsOf } from "./taxonomies";

/**
 * The labels of a creative's taxonomy (rejected ones never) nearest to its text in one model
 * version's space, nearest first, ties by label id, computed in the database by an exact scan:
 * a taxonomy holds thousands of labels, not millions, where a scan beats an index (see
 * `hnswMinRows`). `score` is the cosine similarity. `null` when the creative has no text vector
 * in that space.
 */
export async function findNearestLabels(
  db: Executor,
  input: EmbeddingModelKey & { creativeId: number; limit: number },
): Promise<LabelChoice[] | null> {
  const [query] = rowsOf<{ taxonomy_id: number }>(
    await db.execute(sql`
      select d.taxonomy_id from creatives c join datasets d on d.id = c.dataset_id
      join embeddings e on e.owner_type = 'creative_text' and e.owner_id = c.id
        and e.model_id = ${input.modelId} and e.model_version = ${input.modelVersion}
      where c.id = ${input.creativeId}`),
  );
  if (!query) return null;
  const rows = rowsOf<{ id: number; path: string[]; distance: number }>(
    await db.execute(sql`
      with q as (
        select vector from embeddings where owner_type = 'creative_text' and owner_id = ${input.creativeId}
          and model_id = ${input.modelId} and model_version = ${input.modelVersion})
      select l.id, l.path, e.vector <=> q.vector as distance
      from labels l
      join embeddings e on e.owner_type = 'label' and e.owner_id = l.id
        and e.model_id = ${input.modelId} and e.model_version = ${input.modelVersion}
      cross join q
      where l.taxonomy_id = ${query.taxonomy_id} and l.status <> 'rejected' and e.dim = vector_dims(q.vector)
      order by distance, l.id limit ${input.limit}`),
  );
  return rows.map((r) => ({ labelId: r.id, path: r.path, score: 1 - Number(r.distance) }));
}
