import "server-only";
import path from "node:path";
import { detect, detectorScore, explainCreative, type DetectorInput } from "@/lib/core/detector";
import { labelPathKey, splitLabelPath } from "@/lib/core/labelPath";
import { labelTextFor, modelVersionOf, type ModelSpec } from "@/lib/core/models/registry";
import { loadNodeEmbedder } from "@/lib/ml/embedding/nodeEnvironment";
import type { Database } from "../db";
import { listScoringCreatives, replaceNearestLabelSuggestions } from "../data/detectorInputs";
import { storeDetectorScores, type DetectorScoreRow } from "../data/detectorScores";
import { readEmbeddings } from "../data/embeddings";
import { findTaxonomyById, listLabelRefs } from "../data/taxonomies";
import { datasets } from "../db/schema";
import { eq } from "drizzle-orm";

/**
 * Runs the detector over a dataset whose texts and labels are embedded: every creative gets its
 * signals, `wrong_label`/`new_label` verdict, reasons and replacement labels, which the queue then
 * serves. Until annotators have confirmed creatives, the creatives' own predicted labels serve as
 * the kNN reference (self excluded): noisy, but most predictions are right, and confirmed
 * decisions replace them as they arrive.
 */
export async function scoreDataset(
  db: Database,
  input: { datasetId: number; model: ModelSpec },
): Promise<{ scored: number; wrongLabel: number; newLabel: number }> {
  const modelVersion = modelVersionOf(input.model);
  const key = { modelId: input.model.id, modelVersion };
  const [dataset] = await db.select().from(datasets).where(eq(datasets.id, input.datasetId));
  if (!dataset) throw new Error(`No dataset ${input.datasetId}`);
  const taxonomy = await findTaxonomyById(db, dataset.taxonomyId);
  const labelRefs = (await listLabelRefs(db, dataset.taxonomyId)).filter(
    (l) => l.status !== "rejected",
  );
  const labelVectors = new Map(
    (await readEmbeddings(db, { ...key, ownerType: "label" })).map((v) => [v.ownerId, v.vector]),
  );
  const textVectors = new Map(
    (await readEmbeddings(db, { ...key, ownerType: "creative_text" })).map((v) => [
      v.ownerId,
      v.vector,
    ]),
  );
  const labels = labelRefs.filter((l) => labelVectors.has(l.id));
  const creatives = (await listScoringCreatives(db, input.datasetId)).filter((c) =>
    textVectors.has(c.creativeId),
  );
  if (labels.length === 0 || creatives.length === 0)
    return { scored: 0, wrongLabel: 0, newLabel: 0 };
  const dim = labelVectors.values().next().value!.length;
  const labelIndex = new Map(labels.map((l, i) => [l.id, i]));
  const labelMatrix = new Float32Array(labels.length * dim);
  labels.forEach((l, i) => labelMatrix.set(labelVectors.get(l.id)!, i * dim));
  const texts = new Float32Array(creatives.length * dim);
  creatives.forEach((c, i) => texts.set(textVectors.get(c.creativeId)!, i * dim));
  const predicted = Int32Array.from(
    creatives,
    (c) => labelIndex.get(c.predictedLabelId ?? -1) ?? -1,
  );
  const generative = await embedGenerativeLabels(
    creatives,
    input.model,
    dim,
    taxonomy?.separator ?? " > ",
  );
  const withPrediction = creatives.map((_, i) => i).filter((i) => predicted[i]! >= 0);
  const detectorInput: DetectorInput = {
    dim,
    texts,
    labels: labelMatrix,
    labelPaths: labels.map((l) => l.path),
    predicted,
    predictedScores: Float32Array.from(creatives, (c) => c.predictedScore ?? Number.NaN),
    generative,
    reference: {
      embeddings: gatherRows(texts, dim, withPrediction),
      labels: Int32Array.from(withPrediction, (i) => predicted[i]!),
      rowOfCreative: (() => {
        const rows = new Int32Array(creatives.length).fill(-1);
        withPrediction.forEach((creative, row) => (rows[creative] = row));
        return rows;
      })(),
    },
  };
  const result = detect(detectorInput);
  const scores = detectorScore(result, predicted);
  const idByPath = new Map(labels.map((l) => [labelPathKey(l.path), l.id]));
  const rows: DetectorScoreRow[] = [];
  const nearest: {
    creativeId: number;
    labelId: number;
    value: string;
    score: number;
    rank: number;
  }[] = [];
  let wrongLabel = 0;
  let newLabel = 0;
  creatives.forEach((creative, i) => {
    const explanation = explainCreative(result, detectorInput, i);
    const { wrongLabel: wrong, newLabel: fresh } = explanation;
    const flag =
      wrong.flagged && fresh.flagged
        ? wrong.score - wrong.threshold >= fresh.score - fresh.threshold
          ? "wrong_label"
          : "new_label"
        : wrong.flagged
          ? "wrong_label"
          : fresh.flagged
            ? "new_label"
            : null;
    if (flag === "wrong_label") wrongLabel++;
    if (flag === "new_label") newLabel++;
    const s = result.signals;
    rows.push({
      creativeId: creative.creativeId,
      flag,
      score: scores[i]!,
      signals: {
        simPredicted: s.simPredicted[i]!,
        rankPredicted: s.rankPredicted[i]!,
        bestSim: s.bestSim[i]!,
        margin: s.margin[i]!,
        selfConfidence: s.selfConfidence[i]!,
        knnDistance: s.knnDistance[i]!,
        wrongLabelScore: wrong.score,
        newLabelScore: fresh.score,
        ...(fresh.suggestedParent.length > 0 && idByPath.has(labelPathKey(fresh.suggestedParent))
          ? { suggestedParentId: idByPath.get(labelPathKey(fresh.suggestedParent))! }
          : {}),
      },
      reasons: flag === "new_label" ? fresh.reasons : flag === "wrong_label" ? wrong.reasons : [],
    });
    explanation.suggestions.forEach((suggestion, rank) => {
      const label = labels[suggestion.label];
      if (label) {
        nearest.push({
          creativeId: creative.creativeId,
          labelId: label.id,
          value: suggestion.path,
          score: suggestion.score,
          rank: rank + 1,
        });
      }
    });
  });
  await db.transaction(async (tx) => {
    await storeDetectorScores(tx, { ...key, rows: rows.map(finiteSignals) });
    await replaceNearestLabelSuggestions(tx, { modelVersion, rows: nearest });
  });
  return { scored: rows.length, wrongLabel, newLabel };
}

/** JSON has no NaN: signals a creative lacks are left out. */
function finiteSignals(row: DetectorScoreRow): DetectorScoreRow {
  return {
    ...row,
    score: Number.isFinite(row.score) ? row.score : 0,
    signals: Object.fromEntries(Object.entries(row.signals).filter(([, v]) => Number.isFinite(v))),
  };
}

function gatherRows(matrix: Float32Array, dim: number, rows: readonly number[]): Float32Array {
  const out = new Float32Array(rows.length * dim);
  rows.forEach((row, i) => out.set(matrix.subarray(row * dim, (row + 1) * dim), i * dim));
  return out;
}

/**
 * Generative labels are label-like strings (`Auto Service/Honda Repair`), so they are embedded
 * through the model's label template, like taxonomy labels; a creative without one gets a zero row.
 */
async function embedGenerativeLabels(
  creatives: { generativeValue: string | null }[],
  model: ModelSpec,
  dim: number,
  separator: string,
): Promise<Float32Array> {
  const out = new Float32Array(creatives.length * dim);
  const withValue = creatives
    .map((c, i) => ({ i, value: c.generativeValue }))
    .filter((c) => c.value);
  if (withValue.length === 0) return out;
  const embedder = await loadNodeEmbedder(model, path.join(process.cwd(), "public/models"));
  try {
    for (let start = 0; start < withValue.length; start += 256) {
      const batch = withValue.slice(start, start + 256);
      const vectors = await embedder.embed(
        batch.map((c) => {
          const value = c.value ?? "";
          const segments = splitLabelPath(
            value,
            value.includes(">") ? " > " : value.includes("/") ? "/" : separator,
          );
          return labelTextFor(model, segments.length > 0 ? segments : [value]);
        }),
      );
      batch.forEach((c, j) => out.set(vectors.subarray(j * dim, (j + 1) * dim), c.i * dim));
    }
  } finally {
    await embedder.dispose();
  }
  return out;
}
