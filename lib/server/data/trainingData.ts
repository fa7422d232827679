import "server-only";
import { sql } from "drizzle-orm";
import {
  importedLabelWeight,
  maxImportedLabelPairs,
  type TrainingData,
} from "@/lib/core/adaptation/versions";
import type { DecodedTrainingData } from "@/lib/core/adaptation/round";
import { defaultPairTargets } from "@/lib/core/trainingPairs";
import type { Executor } from "../db";
import { readEmbeddings } from "./embeddings";
import { selectedVersionId, type BaseModelKey } from "./modelVersions";
import { standingDecision } from "./overlap";
import { latestDetectorRun } from "./queueItems";
import { rowsOf } from "./taxonomies";
import { floatsOf, storedVector } from "./vectorBytes";

/** {@link TrainingData} as the server holds it: the vectors as floats, not yet base64. */
export type StoredTrainingData = DecodedTrainingData;

type RowKind = TrainingData["rows"][number]["ownerType"];

interface PairRow {
  kind: "text_label" | "text_text" | "image_label" | "image_text";
  creative_id: number;
  other_label_id: number | null;
  other_creative_id: number | null;
  target: number;
}

/** The two rows a stored training pair joins (image_text: the creative's image and its text). */
function endsOf(pair: PairRow): [[RowKind, number], [RowKind, number]] | null {
  const other = pair.other_creative_id ?? pair.creative_id;
  switch (pair.kind) {
    case "text_label":
      return pair.other_label_id === null
        ? null
        : [
            ["creative_text", pair.creative_id],
            ["label", pair.other_label_id],
          ];
    case "text_text":
      return pair.other_creative_id === null
        ? null
        : [
            ["creative_text", pair.creative_id],
            ["creative_text", other],
          ];
    case "image_label":
      return pair.other_label_id === null
        ? null
        : [
            ["creative_image", pair.creative_id],
            ["label", pair.other_label_id],
          ];
    case "image_text":
      return [
        ["creative_image", pair.creative_id],
        ["creative_text", other],
      ];
  }
}

/**
 * What a training round over a dataset trains on, with the base model's vectors (a version is
 * always trained from the base vectors; its parent only records where the selection stood).
 * Rows: every embedded, non-rejected label of the taxonomy (the label rows, first), then every
 * creative text and image a pair names. Pairs: the standing decisions' current training pairs
 * (weight 1, grouped by creative), then the imported labels of creatives nobody decided and the
 * queue's run did not flag (target 0.9, weight `importedLabelWeight`, at most
 * `maxImportedLabelPairs`, a sample by md5 of the creative id so the same data gives the same
 * sample). A pair whose rows have no base vector is left out.
 */
export async function loadTrainingData(
  db: Executor,
  input: BaseModelKey & { datasetId: number },
): Promise<StoredTrainingData> {
  const key = { modelId: input.baseModelId, modelVersion: input.baseModelVersion };
  const [dataset] = rowsOf<{ taxonomy_id: number }>(
    await db.execute(sql`select taxonomy_id from datasets where id = ${input.datasetId}`),
  );
  if (!dataset) throw new Error(`There is no dataset ${input.datasetId}`);
  const labelVectors = rowsOf<{ id: number; vector: Uint8Array }>(
    await db.execute(sql`
      select l.id, ${storedVector("e.vector")} as vector from labels l
      join embeddings e on e.owner_type = 'label' and e.owner_id = l.id
        and e.model_id = ${key.modelId} and e.model_version = ${key.modelVersion}
      where l.taxonomy_id = ${dataset.taxonomy_id} and l.status <> 'rejected'
      order by l.id`),
  ).map((r) => ({ id: r.id, vector: floatsOf(r.vector) }));

  const decisionPairs = rowsOf<PairRow>(
    await db.execute(sql`
      select p.kind, p.creative_id, p.other_label_id, p.other_creative_id, p.target
      from training_pairs p
      join decisions d on d.id = p.decision_id
      join creatives c on c.id = p.creative_id
      where c.dataset_id = ${input.datasetId} and p.retracted_at is null and ${standingDecision}
      order by p.id`),
  );
  const run = await latestDetectorRun(db, input.datasetId);
  const notFlagged = run
    ? sql`and not exists (select 1 from detector_scores s where s.creative_id = c.id
        and s.model_id = ${run.modelId} and s.model_version = ${run.modelVersion} and s.flag is not null)`
    : sql``;
  const imported = rowsOf<{ creative_id: number; label_id: number }>(
    await db.execute(sql`
      select c.id as creative_id, p.label_id
      from creatives c
      join lateral (
        select s.label_id from suggestions s where s.creative_id = c.id and s.source = 'classifier'
        order by s.rank, s.id desc limit 1) p on p.label_id is not null
      join labels l on l.id = p.label_id and l.status <> 'rejected'
      where c.dataset_id = ${input.datasetId}
        and exists (select 1 from embeddings e where e.owner_type = 'label' and e.owner_id = p.label_id
          and e.model_id = ${key.modelId} and e.model_version = ${key.modelVersion})
        and exists (select 1 from embeddings e where e.owner_type = 'creative_text' and e.owner_id = c.id
          and e.model_id = ${key.modelId} and e.model_version = ${key.modelVersion})
        and not exists (select 1 from decisions d where d.creative_id = c.id and ${standingDecision})
        ${notFlagged}
      order by md5(c.id::text), c.id
      limit ${maxImportedLabelPairs}`),
  );

  const textIds = new Set<number>(imported.map((r) => r.creative_id));
  const imageIds = new Set<number>();
  for (const pair of decisionPairs) {
    for (const [kind, id] of endsOf(pair) ?? []) {
      if (kind === "creative_text") textIds.add(id);
      if (kind === "creative_image") imageIds.add(id);
    }
  }
  const dim = labelVectors[0]?.vector.length ?? 0;
  const creativeVectors = new Map<string, Float32Array>();
  for (const [ownerType, ids] of [
    ["creative_text", textIds],
    ["creative_image", imageIds],
  ] as const) {
    if (ids.size === 0) continue;
    for (const v of await readEmbeddings(db, { ...key, ownerType, ownerIds: [...ids] })) {
      creativeVectors.set(`${ownerType}:${v.ownerId}`, v.vector);
    }
  }

  const rows: TrainingData["rows"] = [];
  const vectors: Float32Array[] = [];
  const rowOf = new Map<string, number>();
  const addRow = (ownerType: RowKind, ownerId: number, vector: Float32Array) => {
    rowOf.set(`${ownerType}:${ownerId}`, rows.length);
    rows.push({ ownerType, ownerId });
    vectors.push(vector);
  };
  for (const label of labelVectors) {
    if (label.vector.length === dim) addRow("label", label.id, label.vector);
  }
  const labelRows = rows.map((_, i) => i);
  /** The row of an owner, or its base vector when it has no row yet; null without a usable one. */
  const resolve = ([ownerType, ownerId]: [RowKind, number]): number | Float32Array | null => {
    const name = `${ownerType}:${ownerId}`;
    const known = rowOf.get(name);
    if (known !== undefined) return known;
    if (ownerType === "label") return null;
    const vector = creativeVectors.get(name);
    return vector && vector.length === dim ? vector : null;
  };
  const rowFor = ([ownerType, ownerId]: [RowKind, number]): number => {
    const found = resolve([ownerType, ownerId]);
    if (typeof found === "number") return found;
    addRow(ownerType, ownerId, found!);
    return rows.length - 1;
  };

  const pairs: TrainingData["pairs"] = { left: [], right: [], target: [], weight: [], group: [] };
  /** Adds a pair (and rows for its creatives) when both ends have a base vector. */
  const addPair = (
    ends: [[RowKind, number], [RowKind, number]],
    target: number,
    weight: number,
    group: number,
  ): boolean => {
    if (resolve(ends[0]) === null || resolve(ends[1]) === null) return false;
    pairs.left.push(rowFor(ends[0]));
    pairs.right.push(rowFor(ends[1]));
    pairs.target.push(target);
    pairs.weight.push(weight);
    pairs.group.push(group);
    return true;
  };
  let decisionPairCount = 0;
  for (const pair of decisionPairs) {
    const ends = endsOf(pair);
    if (ends && addPair(ends, pair.target, 1, pair.creative_id)) decisionPairCount++;
  }
  let importedPairCount = 0;
  for (const r of imported) {
    const ends: [[RowKind, number], [RowKind, number]] = [
      ["creative_text", r.creative_id],
      ["label", r.label_id],
    ];
    if (addPair(ends, defaultPairTargets.positive, importedLabelWeight, r.creative_id)) {
      importedPairCount++;
    }
  }

  const [decisions] = rowsOf<{ last_id: number; standing: number }>(
    await db.execute(sql`
      select coalesce(max(d.id), 0)::int as last_id,
        (count(*) filter (where d.action <> 'skip'))::int as standing
      from decisions d join creatives c on c.id = d.creative_id
      where c.dataset_id = ${input.datasetId} and ${standingDecision}`),
  );
  const matrix = new Float32Array(rows.length * dim);
  vectors.forEach((v, i) => matrix.set(v, i * dim));
  return {
    dim,
    vectors: matrix,
    rows,
    labelRows,
    pairs,
    decisionPairs: decisionPairCount,
    importedPairs: importedPairCount,
    lastDecisionId: decisions?.last_id ?? 0,
    decisionCount: decisions?.standing ?? 0,
    parentId: await selectedVersionId(db, input),
  };
}
