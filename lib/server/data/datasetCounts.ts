import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "../db";
import { storeCountsUnlessChanged } from "./countCache";
import { rowsOf } from "./taxonomies";

/** How many creatives a dataset has, with an image, and with a classifier prediction. */
export interface DatasetCreativeCounts {
  creatives: number;
  withImage: number;
  withPrediction: number;
}

/**
 * The creative counts of datasets, from the `dataset_counts` cache: counting a million creatives
 * and their predictions takes a second, and every page header lists the datasets. The triggers of
 * migration 0009 clear a dataset's counts whenever its creatives or classifier suggestions change;
 * they are then counted again here and stored through {@link storeCountsUnlessChanged}.
 */
export async function datasetCountsOf(
  db: Executor,
  datasetIds: readonly number[],
): Promise<Map<number, DatasetCreativeCounts>> {
  const counts = new Map<number, DatasetCreativeCounts>();
  if (datasetIds.length === 0) return counts;
  const cached = rowsOf<{
    dataset_id: number;
    creatives: number;
    with_image: number;
    with_prediction: number;
  }>(
    await db.execute(sql`
      select dataset_id, creatives, with_image, with_prediction from dataset_counts
      where dataset_id = any(${sql.param([...datasetIds])}::int[]) and creatives is not null`),
  );
  for (const r of cached) {
    counts.set(r.dataset_id, {
      creatives: r.creatives,
      withImage: r.with_image,
      withPrediction: r.with_prediction,
    });
  }
  for (const id of datasetIds.filter((d) => !counts.has(d))) {
    const [row] = rowsOf<{
      generation: number | null;
      creatives: number;
      with_image: number;
      with_prediction: number;
    }>(
      await db.execute(sql`
        select (select generation from dataset_counts where dataset_id = ${id}) as generation,
          (select count(*) from creatives c where c.dataset_id = ${id})::int as creatives,
          (select count(*) from creatives c where c.dataset_id = ${id} and c.image_ref is not null)::int as with_image,
          (select count(distinct s.creative_id) from suggestions s join creatives c on c.id = s.creative_id
            where c.dataset_id = ${id} and s.source = 'classifier')::int as with_prediction`),
    );
    if (!row) continue;
    counts.set(id, {
      creatives: row.creatives,
      withImage: row.with_image,
      withPrediction: row.with_prediction,
    });
    if (row.generation === null) continue;
    await storeCountsUnlessChanged(db, {
      table: "dataset_counts",
      key: sql`dataset_id = ${id}`,
      generationColumn: "generation",
      generation: row.generation,
      set: sql`creatives = ${row.creatives}, with_image = ${row.with_image},
        with_prediction = ${row.with_prediction}`,
    });
  }
  return counts;
}
