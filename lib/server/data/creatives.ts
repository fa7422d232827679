import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { CreativeRecord } from "@/lib/core/import/creativeRecord";
import type { Executor } from "../db";
import { creatives, datasets, decisions, suggestions, taxonomies } from "../db/schema";
import { rowsOf } from "./taxonomies";

/** A validated creative with its labels resolved and its content hashed, ready to store. */
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
    .values({ name: input.name, taxonomyId: input.taxonomyId, isSynthetic: input.isSynthetic ?? false })
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

/**
 * Writes a batch of creatives. A creative whose content hash is unchanged is not touched (so a
 * re-import is a no-op); a new or changed one gets its classifier and generative suggestions
 * replaced. Returns how many rows were written.
 */
export async function upsertCreativeBatch(
  db: Executor,
  datasetId: number,
  batch: PreparedCreative[],
): Promise<{ written: number }> {
  if (batch.length === 0) return { written: 0 };
  const written = await db
    .insert(creatives)
    .values(
      batch.map((c) => ({
        datasetId,
        externalId: c.externalId,
        text: c.text,
        imageRef: c.imageRef ?? null,
        metadata: c.metadata,
        contentHash: c.contentHash,
      })),
    )
    .onConflictDoUpdate({
      target: [creatives.datasetId, creatives.externalId],
      set: {
        text: sql`excluded.text`,
        imageRef: sql`excluded.image_ref`,
        metadata: sql`excluded.metadata`,
        contentHash: sql`excluded.content_hash`,
        updatedAt: sql`now()`,
      },
      setWhere: sql`${creatives.contentHash} <> excluded.content_hash`,
    })
    .returning({ id: creatives.id, externalId: creatives.externalId });
  if (written.length === 0) return { written: 0 };
  const byExternalId = new Map(batch.map((c) => [c.externalId, c]));
  const ids = written.map((w) => w.id);
  await db
    .delete(suggestions)
    .where(and(inArray(suggestions.creativeId, ids), inArray(suggestions.source, ["classifier", "generative"])));
  const rows: (typeof suggestions.$inferInsert)[] = [];
  for (const { id, externalId } of written) {
    const c = byExternalId.get(externalId);
    if (!c) continue;
    if (c.predictedLabel) {
      rows.push({
        creativeId: id,
        source: "classifier",
        value: c.predictedLabel,
        labelId: c.predictedLabelId ?? null,
        score: c.predictedScore ?? null,
        modelVersion: c.modelVersion,
      });
    }
    if (c.generativeLabel) {
      rows.push({
        creativeId: id,
        source: "generative",
        value: c.generativeLabel,
        labelId: c.generativeLabelId ?? null,
        modelVersion: c.modelVersion,
      });
    }
  }
  if (rows.length > 0) await db.insert(suggestions).values(rows);
  return { written: written.length };
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
  creative_count: number;
  with_image_count: number;
  with_prediction_count: number;
  decided_count: number;
}

/** Every dataset with its counts, for the Data page. */
export async function listDatasets(db: Executor): Promise<DatasetSummary[]> {
  const result = await db.execute(sql`
    select d.id, d.name, d.version, d.is_synthetic, d.taxonomy_id, t.name as taxonomy_name,
      (select count(*) from ${creatives} c where c.dataset_id = d.id)::int as creative_count,
      (select count(*) from ${creatives} c where c.dataset_id = d.id and c.image_ref is not null)::int as with_image_count,
      (select count(distinct s.creative_id) from ${suggestions} s join ${creatives} c on c.id = s.creative_id
        where c.dataset_id = d.id and s.source = 'classifier')::int as with_prediction_count,
      (select count(distinct x.creative_id) from ${decisions} x join ${creatives} c on c.id = x.creative_id
        where c.dataset_id = d.id and x.retracted_at is null)::int as decided_count
    from ${datasets} d join ${taxonomies} t on t.id = d.taxonomy_id
    order by d.name`);
  return rowsOf<DatasetSummaryRow>(result).map((r) => ({
    id: r.id,
    name: r.name,
    version: r.version,
    isSynthetic: r.is_synthetic,
    taxonomyId: r.taxonomy_id,
    taxonomyName: r.taxonomy_name,
    creativeCount: r.creative_count,
    withImageCount: r.with_image_count,
    withPredictionCount: r.with_prediction_count,
    decidedCount: r.decided_count,
  }));
}

/** A page of a dataset's creatives with their imported suggestions, for lists and tests. */
export async function listCreatives(db: Executor, datasetId: number, options: { limit: number; offset: number }) {
  return db
    .select()
    .from(creatives)
    .where(eq(creatives.datasetId, datasetId))
    .orderBy(asc(creatives.id))
    .limit(options.limit)
    .offset(options.offset);
}
