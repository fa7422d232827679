import "server-only";
import { eq, sql } from "drizzle-orm";
import type { CreativeRecord } from "@/lib/core/import/creativeRecord";
import type { Executor } from "../db";
import { creatives, datasets, decisions, taxonomies } from "../db/schema";
import { datasetCountsOf } from "./datasetCounts";
import { rowsOf } from "./taxonomies";

/**
 * A validated creative with its labels resolved and its content hashed, ready to store (the import
 * stages these and writes them set-based: see lib/server/import/creativeStaging.ts).
 */
export interface PreparedCreative extends CreativeRecord {
  contentHash: string;
  predictedLabelId?: number;
  generativeLabelId?: number;
}

export class DatasetTaxonomyMismatchError extends Error {
  constructor(dataset: string, taxonomy: string) {
    super(`Dataset "${dataset}" is labelled against another taxonomy than "${taxonomy}"`);
    this.name = "DatasetTaxonomyMismatchError";
  }
}

/** Finds a dataset by name, creating it against a taxonomy when it does not exist yet. */
export async function ensureDataset(
  db: Executor,
  input: { name: string; taxonomyId: number; taxonomyName: string; isSynthetic?: boolean },
) {
  await db
    .insert(datasets)
    .values({
      name: input.name,
      taxonomyId: input.taxonomyId,
      isSynthetic: input.isSynthetic ?? false,
    })
    .onConflictDoNothing({ target: datasets.name });
  const [dataset] = await db.select().from(datasets).where(eq(datasets.name, input.name));
  if (!dataset) throw new Error(`Dataset "${input.name}" could not be created`);
  if (dataset.taxonomyId !== input.taxonomyId) {
    throw new DatasetTaxonomyMismatchError(input.name, input.taxonomyName);
  }
  return dataset;
}

export async function findDatasetByName(db: Executor, name: string) {
  const [dataset] = await db.select().from(datasets).where(eq(datasets.name, name));
  return dataset;
}

/** Marks a dataset as changed, so maps and scores keyed by its version are recomputed. */
export async function bumpDatasetVersion(db: Executor, datasetId: number): Promise<void> {
  await db
    .update(datasets)
    .set({ version: sql`${datasets.version} + 1` })
    .where(eq(datasets.id, datasetId));
}

export interface DatasetSummary {
  id: number;
  name: string;
  version: number;
  isSynthetic: boolean;
  taxonomyId: number;
  taxonomyName: string;
  creativeCount: number;
  withImageCount: number;
  withPredictionCount: number;
  decidedCount: number;
}

interface DatasetSummaryRow {
  id: number;
  name: string;
  version: number;
  is_synthetic: boolean;
  taxonomy_id: number;
  taxonomy_name: string;
  decided_count: number;
}

/**
 * Every dataset with its counts (creative counts from their cache), for the Data page. A decided
 * creative is one with a current decision, a skip included. The count starts from the decisions
 * and looks their creatives up by key: starting from a dataset's creatives read all of them,
 * 235 ms at a million creatives and 24,000 decisions.
 */
export async function listDatasets(db: Executor): Promise<DatasetSummary[]> {
  const result = await db.execute(sql`
    select d.id, d.name, d.version, d.is_synthetic, d.taxonomy_id, t.name as taxonomy_name,
      coalesce(decided.n, 0)::int as decided_count
    from ${datasets} d join ${taxonomies} t on t.id = d.taxonomy_id
    left join (
      -- A lookup per decided creative, written as a subquery so that the planner does not hash
      -- join all the creatives instead (111 ms at a million, against 45).
      select x.dataset_id, count(*) as n
      from (select (select c.dataset_id from ${creatives} c where c.id = y.creative_id) as dataset_id
        from (select distinct creative_id from ${decisions} where retracted_at is null) y) x
      group by x.dataset_id
    ) decided on decided.dataset_id = d.id
    order by d.name`);
  const rows = rowsOf<DatasetSummaryRow>(result);
  const counts = await datasetCountsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    version: r.version,
    isSynthetic: r.is_synthetic,
    taxonomyId: r.taxonomy_id,
    taxonomyName: r.taxonomy_name,
    creativeCount: counts.get(r.id)?.creatives ?? 0,
    withImageCount: counts.get(r.id)?.withImage ?? 0,
    withPredictionCount: counts.get(r.id)?.withPrediction ?? 0,
    decidedCount: r.decided_count,
  }));
}

/** A creative as the browse list shows it, with the imported classifier and generative suggestions. */
export interface CreativeListItem {
  id: number;
  externalId: string;
  text: string;
  imageRef: string | null;
  predictedLabel: string[] | null;
  predictedValue: string | null;
  predictedScore: number | null;
  generativeLabel: string | null;
}

/** Above this many matches a search says "more than" instead of counting them all. */
export const searchCountCap = 10_000;

/**
 * A page of a dataset's creatives, optionally filtered by words in the text or id. `total` is
 * exact without a search (from the cached dataset counts) and for a search with up to
 * {@link searchCountCap} matches; past that `moreThanTotal` is set: counting every match of a
 * common word among a million creatives would take longer than the page itself.
 */
export async function listCreativePage(
  db: Executor,
  datasetId: number,
  options: { limit: number; offset: number; search?: string },
): Promise<{ total: number; moreThanTotal: boolean; items: CreativeListItem[] }> {
  const pattern = options.search?.trim()
    ? `%${options.search.trim().replace(/[\\%_]/g, (m) => `\\${m}`)}%`
    : null;
  const filter = pattern
    ? sql`and (c.text ilike ${pattern} or c.external_id ilike ${pattern})`
    : sql``;
  let total: number;
  if (pattern) {
    const [countRow] = rowsOf<{ n: number }>(
      await db.execute(sql`
        select count(*)::int as n from (
          select 1 from creatives c where c.dataset_id = ${datasetId} ${filter}
          limit ${searchCountCap + 1}) m`),
    );
    total = countRow?.n ?? 0;
  } else {
    total = (await datasetCountsOf(db, [datasetId])).get(datasetId)?.creatives ?? 0;
  }
  const moreThanTotal = pattern !== null && total > searchCountCap;
  const rows = rowsOf<{
    id: number;
    external_id: string;
    text: string;
    image_ref: string | null;
    predicted_path: string[] | null;
    predicted_value: string | null;
    predicted_score: number | null;
    generative_value: string | null;
  }>(
    await db.execute(sql`
      select c.id, c.external_id, c.text, c.image_ref,
        l.path as predicted_path, p.value as predicted_value, p.score as predicted_score,
        g.value as generative_value
      from creatives c
      left join suggestions p on p.creative_id = c.id and p.source = 'classifier' and p.rank = 1
      left join labels l on l.id = p.label_id
      left join suggestions g on g.creative_id = c.id and g.source = 'generative' and g.rank = 1
      where c.dataset_id = ${datasetId} ${filter}
      order by c.external_id
      limit ${options.limit} offset ${options.offset}`),
  );
  return {
    total: moreThanTotal ? searchCountCap : total,
    moreThanTotal,
    items: rows.map((r) => ({
      id: r.id,
      externalId: r.external_id,
      text: r.text,
      imageRef: r.image_ref,
      predictedLabel: r.predicted_path,
      predictedValue: r.predicted_value,
      predictedScore: r.predicted_score,
      generativeLabel: r.generative_value,
    })),
  };
}

/**
 * The dataset a page shows: the one asked for by name, else the demo, else the first. Pages take
 * `?dataset=` so a link can point at any dataset.
 */
export function chooseDataset<T extends { name: string }>(
  datasets: readonly T[],
  requested?: string,
): T | undefined {
  return (
    datasets.find((d) => d.name === requested) ??
    datasets.find((d) => d.name === "demo") ??
    datasets[0]
  );
}
