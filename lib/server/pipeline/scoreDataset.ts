import "server-only";
import path from "node:path";
import { applyAdapter, type DenseAdapter } from "@/lib/core/adaptation/adapter";
import { runDetectorWith } from "@/lib/core/detector/run";
import { buildDetectorInput, generativeLabelText } from "@/lib/core/detector/runInput";
import { modelVersionOf, type ModelSpec } from "@/lib/core/models/registry";
import type { TopKSearch } from "@/lib/core/linalg/topkSearch";
import { loadNodeEmbedder } from "@/lib/ml/embedding/nodeEnvironment";
import type { Database } from "../db";
import { loadRunInputs } from "../data/detectorInputs";
import { runTables, storeDetectorRun } from "../data/detectorScores";
import { vacuumAfterBulkWrite } from "../data/statistics";
import { createOrtTopKSearch } from "../detector/ortTopKSearch";

/** Generative labels embedded per model call. */
const batchSize = 256;

/**
 * Runs the detector over a dataset whose texts and labels are embedded, in Node: every creative
 * gets its signals, verdict, reasons, replacement labels, queue ranks and new-label group, which
 * the queue then serves. Annotator decisions so far train the combiner, calibrate the thresholds
 * and replace predictions in the kNN reference set. The browser's detector worker runs the same
 * `runDetector` on the same inputs after a model switch or an import; Node answers the
 * detector's top-k searches with onnxruntime-node (same results, several times faster).
 */
export async function scoreDataset(
  db: Database,
  input: {
    datasetId: number;
    model: ModelSpec;
    /** A trained version of the model: its vectors' version string and its adapter. */
    version?: { modelVersion: string; adapter: DenseAdapter };
    /**
     * Answers the detector's top-k searches: onnxruntime-node on one thread unless given (a
     * server shares its cores; `npm run score` passes one on every core).
     */
    search?: TopKSearch;
  },
): Promise<{ scored: number; wrongLabel: number; newLabel: number; groups: number }> {
  const key = {
    modelId: input.model.id,
    modelVersion: input.version?.modelVersion ?? modelVersionOf(input.model),
  };
  const inputs = await loadRunInputs(db, { datasetId: input.datasetId, ...key });
  if (inputs.labels.length === 0 || inputs.creatives.length === 0) {
    return { scored: 0, wrongLabel: 0, newLabel: 0, groups: 0 };
  }
  const baseGenerative = await embedGenerativeLabels(
    inputs.creatives.map((c) => c.generativeValue),
    input.model,
    inputs.dim,
    inputs.separator,
  );
  // A version's generative labels are the base model's vectors through its adapter, as its texts.
  const generative = input.version
    ? applyAdapter(input.version.adapter, baseGenerative)
    : baseGenerative;
  const run = await runDetectorWith(
    input.search ?? createOrtTopKSearch(),
    buildDetectorInput({ ...inputs, generative }),
    {
      generativeValues: inputs.creatives.map((c) => c.generativeValue),
      creativeTexts: inputs.creatives.map((c) => c.text),
    },
  );
  const stored = await db.transaction((tx) =>
    storeDetectorRun(tx, {
      datasetId: input.datasetId,
      ...key,
      creativeIds: inputs.creatives.map((c) => c.id),
      labelIds: inputs.labels.map((l) => l.id),
      run,
    }),
  );
  if (stored.bulk) await vacuumAfterBulkWrite(db, runTables);
  return { ...run.counts, groups: stored.groups };
}

/** Embeds the generative labels in Node; a creative without one gets a zero row. */
async function embedGenerativeLabels(
  values: readonly (string | null)[],
  model: ModelSpec,
  dim: number,
  separator: string,
): Promise<Float32Array> {
  const out = new Float32Array(values.length * dim);
  const present = values.flatMap((value, i) => (value ? [{ i, value }] : []));
  if (present.length === 0) return out;
  const embedder = await loadNodeEmbedder(model, path.join(process.cwd(), "public/models"));
  try {
    for (let start = 0; start < present.length; start += batchSize) {
      const batch = present.slice(start, start + batchSize);
      const vectors = await embedder.embed(
        batch.map((c) => generativeLabelText(model, c.value, separator)),
      );
      batch.forEach((c, j) => out.set(vectors.subarray(j * dim, (j + 1) * dim), c.i * dim));
    }
  } finally {
    await embedder.dispose();
  }
  return out;
}
