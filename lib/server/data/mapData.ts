import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "../db";
import { rowsOf } from "./taxonomies";

/** A point of the map: a creative's text (or image) or a label, with what colours it. */
export interface MapDataPoint {
  kind: "text" | "image" | "label";
  ownerId: number;
  label: string;
  /** The label path that colours it by branch: the decided label, else the predicted one. */
  branch: string[];
  flag: "wrong_label" | "new_label" | null;
  decided: boolean;
}

/**
 * The points of a dataset (creative texts, then labels) with their vectors under one model, in
 * one byte buffer for the map worker; null when there is no such dataset.
 */
export async function readMapData(
  db: Executor,
  input: { dataset: string; modelId: string; modelVersion: string },
): Promise<{ points: MapDataPoint[]; dim: number; vectors: Buffer } | null> {
  const [dataset] = rowsOf<{ id: number; taxonomy_id: number }>(
    await db.execute(sql`select id, taxonomy_id from datasets where name = ${input.dataset}`),
  );
  if (!dataset) return null;
  const rows = rowsOf<{
    kind: "text" | "label";
    owner_id: number;
    label: string;
    branch: string[] | null;
    flag: MapDataPoint["flag"];
    decided: boolean;
    vector: Uint8Array;
  }>(
    await db.execute(sql`
      select * from (
        select 'text' as kind, c.id as owner_id, c.text as label, coalesce(dl.path, sl.path) as branch,
          s.flag, (d.label_id is not null) as decided, e.vector
        from creatives c
        join embeddings e on e.owner_type = 'creative_text' and e.owner_id = c.id
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
        select 'label', l.id, array_to_string(l.path, ' > '), l.path, null, false, e.vector
        from labels l
        join embeddings e on e.owner_type = 'label' and e.owner_id = l.id
          and e.model_id = ${input.modelId} and e.model_version = ${input.modelVersion}
        where l.taxonomy_id = ${dataset.taxonomy_id} and l.status <> 'rejected'
      ) p order by kind desc, owner_id`),
  );
  const dim = rows[0] ? rows[0].vector.byteLength / 4 : 0;
  return {
    dim,
    vectors: Buffer.concat(rows.map((r) => Buffer.from(r.vector))),
    points: rows.map((r) => ({
      kind: r.kind,
      ownerId: r.owner_id,
      label: r.label,
      branch: r.branch ?? [],
      flag: r.flag,
      decided: r.decided,
    })),
  };
}
