import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "../db";
import { followedRunQuery } from "./followedRun";
import { getGroupsOf, type QueueGroup } from "./newLabelGroups";
import type { QueueScope } from "./queue";
import { rowsOf } from "./taxonomies";

/** A label as the workbench shows it: id, path, and a similarity or score when there is one. */
export interface LabelChoice {
  labelId: number;
  path: string[];
  score: number | null;
}

/** Everything the workbench shows for one creative. */
export interface QueueItem {
  creativeId: number;
  externalId: string;
  text: string;
  /** Where the text came from: the imported row, or OCR of the image (an image-only creative). */
  textSource: "imported" | "ocr";
  imageRef: string | null;
  predicted: LabelChoice | null;
  generative: { value: string; label: LabelChoice | null } | null;
  nearest: LabelChoice[];
  flag: "wrong_label" | "new_label" | null;
  detectorScore: number | null;
  reasons: string[];
  suggestedParent: LabelChoice | null;
  /** The new-label group the creative belongs to, with its other undecided members. */
  group: QueueGroup | null;
}

/**
 * The detector run a dataset's queue is drawn from: the selected space's run when the dataset
 * selected one (a base model or a trained version) and it has scores, else the most recently
 * computed run.
 */
export async function latestDetectorRun(
  db: Executor,
  datasetId: number,
): Promise<Pick<QueueScope, "modelId" | "modelVersion"> | null> {
  const [row] = rowsOf<{ model_id: string; model_version: string }>(
    await db.execute(followedRunQuery(datasetId)),
  );
  return row ? { modelId: row.model_id, modelVersion: row.model_version } : null;
}

/**
 * When the run the queue follows ({@link latestDetectorRun}) was computed, and how many decisions
 * came after it.
 */
export async function describeLatestDetectorRun(
  db: Executor,
  datasetId: number,
): Promise<{
  modelId: string;
  modelVersion: string;
  computedAt: string;
  decisionsSince: number;
} | null> {
  const [row] = rowsOf<{
    model_id: string;
    model_version: string;
    computed_at: string | Date;
    decisions_since: number;
  }>(
    await db.execute(sql`
      with run as (${followedRunQuery(datasetId)})
      select run.model_id, run.model_version, run.computed_at,
        (select count(*) from decisions d join creatives c on c.id = d.creative_id
          where c.dataset_id = ${datasetId} and d.retracted_at is null and d.action <> 'skip'
            and d.created_at > run.computed_at)::int as decisions_since
      from run`),
  );
  if (!row) return null;
  return {
    modelId: row.model_id,
    modelVersion: row.model_version,
    computedAt: new Date(row.computed_at).toISOString(),
    decisionsSince: row.decisions_since,
  };
}

/**
 * Loads the workbench view of creatives, in the order given: text, image, the classifier's and
 * the generative model's labels, the nearest labels from the detector run, the flag and its
 * reasons. One query per kind of record, not one per creative, so prefetching is cheap.
 */
export async function getQueueItems(
  db: Executor,
  input: Pick<QueueScope, "modelId" | "modelVersion"> & { creativeIds: number[] },
): Promise<QueueItem[]> {
  if (input.creativeIds.length === 0) return [];
  const ids = sql.param(input.creativeIds);
  // The three reads are independent: on a server they go out at once, on separate connections.
  const [baseResult, suggestionResult, groups] = await Promise.all([
    db.execute(sql`
      select c.id, c.external_id, c.text, c.text_source, c.image_ref, s.flag, s.score, s.reasons, s.signals,
        (select t.value from detector_thresholds t where t.dataset_id = c.dataset_id and t.model_id = s.model_id
           and t.model_version = s.model_version and t.kind = 'similarity') as similarity_threshold,
        parent.path as parent_path
      from creatives c
      left join detector_scores s on s.creative_id = c.id and s.model_id = ${input.modelId}
        and s.model_version = ${input.modelVersion}
      left join labels parent on parent.id = (s.signals->>'suggestedParentId')::int
      where c.id = any(${ids}::int[])`),
    db.execute(sql`
      select s.creative_id, s.source, s.value, s.label_id, l.path, s.score, s.rank
      from suggestions s left join labels l on l.id = s.label_id
      where s.creative_id = any(${ids}::int[])
        and (s.source in ('classifier', 'generative') or (s.source = 'nearest_label' and s.model_version = ${input.modelVersion}))
      order by s.creative_id, s.source, s.rank`),
    getGroupsOf(db, input),
  ]);
  const base = rowsOf<{
    id: number;
    external_id: string;
    text: string;
    text_source: QueueItem["textSource"];
    image_ref: string | null;
    flag: QueueItem["flag"];
    score: number | null;
    reasons: string[] | null;
    signals: Record<string, number> | null;
    similarity_threshold: number | null;
    parent_path: string[] | null;
  }>(baseResult);
  const suggestionRows = rowsOf<{
    creative_id: number;
    source: string;
    value: string;
    label_id: number | null;
    path: string[] | null;
    score: number | null;
    rank: number;
  }>(suggestionResult);
  const byCreative = new Map<number, typeof suggestionRows>();
  for (const row of suggestionRows) {
    const list = byCreative.get(row.creative_id) ?? [];
    list.push(row);
    byCreative.set(row.creative_id, list);
  }
  const byId = new Map(base.map((b) => [b.id, b]));
  return input.creativeIds.flatMap((id) => {
    const b = byId.get(id);
    if (!b) return [];
    const rows = byCreative.get(id) ?? [];
    const choice = (r: (typeof rows)[number]): LabelChoice | null =>
      r.label_id !== null && r.path ? { labelId: r.label_id, path: r.path, score: r.score } : null;
    const classifier = rows.find((r) => r.source === "classifier");
    const generative = rows.find((r) => r.source === "generative");
    const parentId = b.signals?.suggestedParentId;
    const parentPath = b.parent_path;
    return [
      {
        creativeId: b.id,
        externalId: b.external_id,
        text: b.text,
        textSource: b.text_source,
        imageRef: b.image_ref,
        predicted: classifier ? choice(classifier) : null,
        generative: generative ? { value: generative.value, label: choice(generative) } : null,
        nearest: rows
          .filter((r) => r.source === "nearest_label")
          .map(choice)
          .filter((c): c is LabelChoice => c !== null),
        ...flagOf(b),
        suggestedParent:
          typeof parentId === "number" && parentPath
            ? { labelId: parentId, path: parentPath, score: null }
            : null,
        group: groups.get(id) ?? null,
      },
    ];
  });
}

/**
 * The flag and reasons to show: the detector's own, or, for a creative in the queue only because
 * of the analyst's similarity threshold, that reason in words.
 */
function flagOf(b: {
  flag: QueueItem["flag"];
  score: number | null;
  reasons: string[] | null;
  signals: Record<string, number> | null;
  similarity_threshold: number | null;
}): Pick<QueueItem, "flag" | "detectorScore" | "reasons"> {
  const similarity = b.signals?.simPredicted;
  if (
    b.flag === null &&
    b.similarity_threshold !== null &&
    typeof similarity === "number" &&
    similarity < b.similarity_threshold
  ) {
    return {
      flag: "wrong_label",
      detectorScore: b.score,
      reasons: [
        `the text's similarity to the predicted label (${similarity.toFixed(2)}) is below the threshold ${b.similarity_threshold.toFixed(2)}`,
      ],
    };
  }
  return { flag: b.flag, detectorScore: b.score, reasons: b.reasons ?? [] };
}
