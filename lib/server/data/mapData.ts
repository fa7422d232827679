import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "../db";
import { rowsOf } from "./taxonomies";
import { floatsOf, storedVector } from "./vectorBytes";

/** A point of the map: a creative's text (or image) or a label, with what colours it. */
export interface MapDataPoint {
  kind: "text" | "image" | "label";
  ownerId: number;
  label: string;
  /** The label path that colours it by branch: the decided label, else the predicted one. */
  branch: string[];
  flag: "wrong_label" | "new_label" | null;
  decided: boolean;
  /** The creative has an image (its thumbnail shows on hover). */
  hasImage: boolean;
}

/**
 * The points of a dataset (creative texts, labels, then creative images) with their vectors
 * under one model, in one byte buffer for the map worker, and the dataset version they belong to
 * (stored maps are keyed by it); null when there is no such dataset.
 */
export async function readMapData(
  db: Executor,
  input: { dataset: string; modelId: string; modelVersion: string },
): Promise<{
  datasetId: number;
  datasetVersion: number;
  points: MapDataPoint[];
  dim: number;
  vectors: Buffer;
} | null> {
  const [dataset] = rowsOf<{ id: number; taxonomy_id: number; version: number }>(
    await db.execute(
      sql`select id, taxonomy_id, version from datasets where name = ${input.dataset}`,
    ),
  );
  if (!dataset) return null;
  const rows = rowsOf<{
    kind: "text" | "image" | "label";
    owner_id: number;
    label: string;
    branch: string[] | null;
    flag: MapDataPoint["flag"];
    decided: boolean;
    has_image: boolean;
    vector: Uint8Array;
  }>(
    await db.execute(sql`
      select * from (
        select case e.owner_type when 'creative_image' then 'image' else 'text' end as kind,
          c.id as owner_id, c.text as label, coalesce(dl.path, sl.path) as branch,
          s.flag, (d.label_id is not null) as decided, (c.image_ref is not null) as has_image,
          ${storedVector("e.vector")} as vector
        from creatives c
        join embeddings e on e.owner_type in ('creative_text', 'creative_image') and e.owner_id = c.id
          and e.model_id = ${input.modelId} and e.model_version = ${input.modelVersion}
        left join lateral (select label_id from decisions where creative_id = c.id
          and retracted_at is null and label_id is not null order by id desc limit 1) d on true
        left join labels dl on dl.id = d.label_id
        left join suggestions sg on sg.creative_id = c.id and sg.source = 'classifier' and sg.rank = 1
        left join labels sl on sl.id = sg.label_id
        left join detector_scores s on s.creative_id = c.id
          and s.model_id = ${input.modelId} and s.model_version = ${input.modelVersion}
        where c.dataset_id = ${dataset.id}
        union all
        select 'label', l.id, array_to_string(l.path, ' > '), l.path, null, false, false,
          ${storedVector("e.vector")}
        from labels l
        join embeddings e on e.owner_type = 'label' and e.owner_id = l.id
          and e.model_id = ${input.modelId} and e.model_version = ${input.modelVersion}
        where l.taxonomy_id = ${dataset.taxonomy_id} and l.status <> 'rejected'
      ) p order by kind desc, owner_id`),
  );
  const floats = rows.map((r) => floatsOf(r.vector));
  const dim = floats[0]?.length ?? 0;
  const vectors = new Float32Array(rows.length * dim);
  floats.forEach((v, i) => vectors.set(v, i * dim));
  return {
    datasetId: dataset.id,
    datasetVersion: dataset.version,
    dim,
    vectors: Buffer.from(vectors.buffer),
    points: rows.map((r) => ({
      kind: r.kind,
      ownerId: r.owner_id,
      label: r.label,
      branch: r.branch ?? [],
      flag: r.flag,
      decided: r.decided,
      hasImage: r.has_image,
    })),
  };
}

/** A model with vectors for a dataset's creatives, and how many. */
export interface MapModel {
  modelId: string;
  modelVersion: string;
  creatives: number;
}

/**
 * The models that embedded a dataset's creatives, most vectors first: the map can be drawn for
 * each, and two of them side by side (before and after fine-tuning).
 */
export async function listMapModels(db: Executor, datasetId: number): Promise<MapModel[]> {
  const rows = rowsOf<{ model_id: string; model_version: string; creatives: number }>(
    await db.execute(sql`
      select e.model_id, e.model_version, count(distinct e.owner_id)::int as creatives
      from embeddings e join creatives c on c.id = e.owner_id
      where e.owner_type in ('creative_text', 'creative_image') and c.dataset_id = ${datasetId}
      group by e.model_id, e.model_version order by creatives desc, e.model_id, e.model_version`),
  );
  return rows.map((r) => ({
    modelId: r.model_id,
    modelVersion: r.model_version,
    creatives: r.creatives,
  }));
}
