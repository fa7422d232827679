import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "../db";
import { outcomeOf, type RunCreative, type RunInputs } from "@/lib/core/detector/runInput";
import { readEmbeddings } from "./embeddings";
import { listLabelRefs, rowsOf } from "./taxonomies";

/** The vectors and creatives of one detector run, as read from the database. */
export interface StoredRunInputs extends RunInputs {
  datasetId: number;
  /** How the taxonomy writes paths, for reading generative labels written the same way. */
  separator: string;
}

/**
 * Everything a detector run over a dataset needs: its embedded creatives (text, classifier and
 * generative labels, latest standing decision), its taxonomy's embedded labels (rejected ones
 * left out), and both sets of vectors from one model version. Creatives or labels without a
 * vector from that version are left out: embed them first.
 */
export async function loadRunInputs(
  db: Executor,
  input: { datasetId: number; modelId: string; modelVersion: string },
): Promise<StoredRunInputs> {
  const key = { modelId: input.modelId, modelVersion: input.modelVersion };
  const [dataset] = rowsOf<{ taxonomy_id: number; separator: string }>(
    await db.execute(sql`
      select d.taxonomy_id, t.separator from datasets d join taxonomies t on t.id = d.taxonomy_id
      where d.id = ${input.datasetId}`),
  );
  if (!dataset) throw new Error(`There is no dataset ${input.datasetId}`);
  const labelRefs = (await listLabelRefs(db, dataset.taxonomy_id)).filter(
    (l) => l.status !== "rejected",
  );
  const proposed = new Set(labelRefs.filter((l) => l.status === "proposed").map((l) => l.id));
  const labelVectors = new Map(
    (await readEmbeddings(db, { ...key, ownerType: "label" })).map((v) => [v.ownerId, v.vector]),
  );
  const textVectors = new Map(
    (await readEmbeddings(db, { ...key, ownerType: "creative_text" })).map((v) => [
      v.ownerId,
      v.vector,
    ]),
  );
  const imageVectors = new Map(
    (await readEmbeddings(db, { ...key, ownerType: "creative_image" })).map((v) => [
      v.ownerId,
      v.vector,
    ]),
  );
  const labels = labelRefs
    .filter((l) => labelVectors.has(l.id))
    .sort((a, b) => a.id - b.id)
    .map((l) => ({ id: l.id, path: l.path }));
  const rows = rowsOf<{
    id: number;
    text: string;
    predicted_label_id: number | null;
    predicted_score: number | null;
    generative_value: string | null;
    decision_action: string | null;
    decision_label_id: number | null;
  }>(
    await db.execute(sql`
      select c.id, c.text, p.label_id as predicted_label_id, p.score as predicted_score,
        g.value as generative_value, d.action as decision_action, d.label_id as decision_label_id
      from creatives c
      left join suggestions p on p.creative_id = c.id and p.source = 'classifier' and p.rank = 1
      left join suggestions g on g.creative_id = c.id and g.source = 'generative' and g.rank = 1
      left join lateral (
        select action, label_id from decisions
        where creative_id = c.id and retracted_at is null and action <> 'skip'
        order by id desc limit 1) d on true
      where c.dataset_id = ${input.datasetId} and length(c.text) > 0
      order by c.id`),
  );
  const creatives: RunCreative[] = rows
    .filter((r) => textVectors.has(r.id))
    .map((r) => {
      const outcome = r.decision_action
        ? outcomeOf(
            { action: r.decision_action, labelId: r.decision_label_id },
            r.predicted_label_id,
            proposed,
          )
        : null;
      return {
        id: r.id,
        text: r.text,
        predictedLabelId: r.predicted_label_id,
        predictedScore: r.predicted_score,
        generativeValue: r.generative_value,
        decision: outcome ? { outcome, labelId: r.decision_label_id } : null,
      };
    });
  const dim =
    labelVectors.values().next().value?.length ?? textVectors.values().next().value?.length ?? 0;
  const texts = new Float32Array(creatives.length * dim);
  creatives.forEach((c, i) => texts.set(textVectors.get(c.id)!, i * dim));
  const matrix = new Float32Array(labels.length * dim);
  labels.forEach((l, i) => matrix.set(labelVectors.get(l.id)!, i * dim));
  let images: Float32Array | undefined;
  if (creatives.some((c) => imageVectors.has(c.id))) {
    images = new Float32Array(creatives.length * dim);
    creatives.forEach((c, i) => {
      const vector = imageVectors.get(c.id);
      if (vector && vector.length === dim) images!.set(vector, i * dim);
    });
  }
  return {
    datasetId: input.datasetId,
    separator: dataset.separator,
    dim,
    creatives,
    labels,
    texts,
    labelVectors: matrix,
    ...(images ? { images } : {}),
  };
}

/** Replaces a model version's nearest-label suggestions for the given creatives. */
export async function replaceNearestLabelSuggestions(
  db: Executor,
  input: {
    modelVersion: string;
    rows: { creativeId: number; labelId: number; value: string; score: number; rank: number }[];
  },
): Promise<void> {
  const creativeIds = [...new Set(input.rows.map((r) => r.creativeId))];
  for (let start = 0; start < creativeIds.length; start += 1000) {
    await db.execute(sql`
      delete from suggestions where source = 'nearest_label' and model_version = ${input.modelVersion}
        and creative_id = any(${sql.param(creativeIds.slice(start, start + 1000))}::int[])`);
  }
  for (let start = 0; start < input.rows.length; start += 2000) {
    const batch = input.rows.slice(start, start + 2000);
    await db.execute(sql`
      insert into suggestions (creative_id, source, value, label_id, score, rank, model_version)
      select r.creative_id, 'nearest_label', r.value, r.label_id, r.score, r.rank, ${input.modelVersion}
      from unnest(
        ${sql.param(batch.map((r) => r.creativeId))}::int[],
        ${sql.param(batch.map((r) => r.value))}::text[],
        ${sql.param(batch.map((r) => r.labelId))}::int[],
        ${sql.param(batch.map((r) => r.score))}::float8[],
        ${sql.param(batch.map((r) => r.rank))}::int[]
      ) as r(creative_id, value, label_id, score, rank)`);
  }
}
