import "server-only";
import { encodeAdapter, type DenseAdapter } from "@/lib/core/adaptation/adapter";
import type { AdapterObjective } from "@/lib/core/adaptation/objectives";
import { trainingSetOf, versionMetricsOf } from "@/lib/core/adaptation/round";
import {
  defaultAdapterTrainOptions,
  trainAdapter,
  type AdapterTrainingSet,
  type AdapterTrainOptions,
  type AdapterTrainResult,
  type EpochRecord,
} from "@/lib/core/adaptation/trainAdapter";
import {
  adaptedModelVersion,
  type ClearedFlagCounts,
  type MaterializedEmbeddings,
  type ModelVersionSummary,
  type SelectedSpace,
  type VersionMetrics,
} from "@/lib/core/adaptation/versions";
import { modelVersionOf, type ModelSpec } from "@/lib/core/models/registry";
import type { Database } from "../db";
import { createModelVersion, selectModelVersion } from "../data/modelVersions";
import { loadTrainingData } from "../data/trainingData";
import { materializeVersionEmbeddings } from "../data/versionEmbeddings";
import { countClearedFlags, detectorPrecisionByVersion } from "../data/versionRuns";
import { scoreDataset } from "./scoreDataset";

/**
 * One round of the active-learning loop in Node, with the code the browser's training worker
 * runs: the server's training data, `trainingSetOf`, `trainAdapter` and `versionMetricsOf` from
 * lib/core, so a version trained by `npm run train` records the same figures and bytes as one
 * trained in a tab. Then what the browser asks the server for: store the version, its vectors,
 * its detector run, and (unless told not to) select it so the queue follows it.
 */

/** A round that cannot start on this dataset's data; the message says what is missing. */
export class TrainRoundRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TrainRoundRejectedError";
  }
}

/**
 * Runs `trainAdapter` somewhere: in this thread (the default), or in a worker thread so that a
 * Ctrl-C can stop the synchronous training at once. It receives the options with `signal` and
 * `onEpoch`, and must honour both.
 */
export type AdapterTrainer = (
  set: AdapterTrainingSet,
  options: AdapterTrainOptions,
) => Promise<AdapterTrainResult>;

/**
 * `trainAdapter` in this thread. The signal is checked before every batch, so an abort from an
 * `onEpoch` callback or before the call stops it; an abort from an event (a signal handler)
 * waits until training returns, because training never yields to the event loop.
 */
export const inThreadTrainer: AdapterTrainer = async (set, options) => trainAdapter(set, options);

/** The steps of a round, in order, as `onPhase` reports them. */
export const roundPhases = ["load", "train", "store", "embed", "score", "select"] as const;
export type RoundPhase = (typeof roundPhases)[number];

export interface TrainRoundInput {
  datasetId: number;
  /** The frozen base model: its vectors are trained on and adapted; it embeds generative labels. */
  model: ModelSpec;
  objective?: AdapterObjective;
  /** Other training options over `defaultAdapterTrainOptions` (tests shorten the round). */
  options?: Partial<Omit<AdapterTrainOptions, "signal" | "onEpoch">>;
  /** Select the new version, so the queue follows its run (default true). */
  select?: boolean;
  /** Who the version's and the selection's audit entries name. */
  actor: string;
  /** Stops the round between steps, and training between batches; nothing is selected then. */
  signal?: AbortSignal;
  onEpoch?: (epoch: EpochRecord, maxEpochs: number) => void;
  onPhase?: (phase: RoundPhase) => void;
  trainer?: AdapterTrainer;
}

export interface TrainRoundResult {
  version: ModelVersionSummary;
  adapter: DenseAdapter;
  metrics: VersionMetrics;
  /** The space the queue follows after the round; null when the round did not select. */
  selected: SelectedSpace | null;
  embeddings: MaterializedEmbeddings;
  counts: {
    /** Standing non-skip decisions the data held. */
    decisions: number;
    decisionPairs: number;
    importedPairs: number;
    trainPairs: number;
    validationPairs: number;
    scored: number;
    /** Creatives the parent space's run flagged (what the new run is compared with). */
    flaggedBefore: number;
    /** Creatives the new version's run flagged. */
    flaggedAfter: number;
    /** Of those the parent space's run flagged, the ones the new run no longer flags. */
    cleared: ClearedFlagCounts;
    groups: number;
  };
  /** Wall seconds of each step, and of the whole round. */
  seconds: Record<RoundPhase | "total", number>;
}

/**
 * Trains, stores, embeds, scores and (by default) selects one version of `model` on a dataset.
 * The version is created only after training succeeded, and selected only after its vectors and
 * run are stored, so a cancel or failure never leaves the queue following a half-made version
 * (at worst an unselected version stays, which Settings lists and a later select can use).
 */
export async function trainRound(db: Database, input: TrainRoundInput): Promise<TrainRoundResult> {
  const started = performance.now();
  const seconds: TrainRoundResult["seconds"] = {
    load: 0,
    train: 0,
    store: 0,
    embed: 0,
    score: 0,
    select: 0,
    total: 0,
  };
  /** Runs one step, timed, after checking the round was not cancelled. */
  const step = async <T>(phase: RoundPhase, run: () => Promise<T>): Promise<T> => {
    input.signal?.throwIfAborted();
    input.onPhase?.(phase);
    const at = performance.now();
    try {
      return await run();
    } finally {
      seconds[phase] = (performance.now() - at) / 1000;
    }
  };
  const base = { baseModelId: input.model.id, baseModelVersion: modelVersionOf(input.model) };

  const data = await step("load", () =>
    loadTrainingData(db, { datasetId: input.datasetId, ...base }),
  );
  const what = `${base.baseModelId} ${base.baseModelVersion}`;
  if (data.labelRows.length === 0) {
    throw new TrainRoundRejectedError(
      `no label vectors from ${what}: embed the dataset with this model first`,
    );
  }
  if (data.decisionCount === 0) {
    throw new TrainRoundRejectedError(
      "no decisions yet: a round trains on annotators' decisions; decide some queue items first",
    );
  }
  if (data.decisionPairs === 0) {
    throw new TrainRoundRejectedError(
      `${data.decisionCount} decisions, but none of their training pairs has vectors from ${what}: embed the dataset with this model first`,
    );
  }

  const options: AdapterTrainOptions = {
    ...defaultAdapterTrainOptions,
    ...input.options,
    ...(input.objective ? { objective: input.objective } : {}),
    signal: input.signal,
    onEpoch: input.onEpoch,
  };
  const result = await step("train", () =>
    (input.trainer ?? inThreadTrainer)(trainingSetOf(data), options),
  );
  // The browser's worker refuses a diverged round the same way; the version could not be stored.
  const diverged = result.history.find(
    (h) =>
      !Number.isFinite(h.trainLoss) ||
      (h.validationLoss !== null && !Number.isFinite(h.validationLoss)),
  );
  if (diverged) {
    throw new TrainRoundRejectedError(
      `training diverged: epoch ${diverged.epoch}'s loss is not finite; try a lower learning rate`,
    );
  }
  const metrics = versionMetricsOf({
    result,
    options,
    data,
    seconds: seconds.train,
    device: "node",
  });

  const version = await step("store", () =>
    createModelVersion(db, {
      datasetId: input.datasetId,
      ...base,
      parentId: data.parentId,
      dim: data.dim,
      weights: encodeAdapter(result.adapter),
      lastDecisionId: data.lastDecisionId,
      decisionCount: data.decisionCount,
      metrics,
      createdBy: input.actor,
    }),
  );
  const embeddings = await step("embed", () => materializeVersionEmbeddings(db, version.id));
  const modelVersion = adaptedModelVersion(base.baseModelVersion, version.id);
  const scored = await step("score", () =>
    scoreDataset(db, {
      datasetId: input.datasetId,
      model: input.model,
      version: { modelVersion, adapter: result.adapter },
    }),
  );
  const selected =
    input.select === false
      ? null
      : await step("select", () =>
          selectModelVersion(db, {
            datasetId: input.datasetId,
            ...base,
            versionId: version.id,
            actor: input.actor,
          }),
        );

  // The parent space's run: a version's run is compared with it (see versionRuns.ts).
  const parentSpace =
    data.parentId === null
      ? base.baseModelVersion
      : adaptedModelVersion(base.baseModelVersion, data.parentId);
  const runs = await detectorPrecisionByVersion(db, input.datasetId);
  const parentRun = runs.find(
    (r) => r.modelId === base.baseModelId && r.modelVersion === parentSpace,
  );
  const cleared = await countClearedFlags(db, {
    datasetId: input.datasetId,
    modelId: base.baseModelId,
    modelVersion,
  });
  seconds.total = (performance.now() - started) / 1000;
  return {
    version: { ...version, selected: selected !== null },
    adapter: result.adapter,
    metrics,
    selected,
    embeddings,
    counts: {
      decisions: data.decisionCount,
      decisionPairs: data.decisionPairs,
      importedPairs: data.importedPairs,
      trainPairs: result.trainPairs,
      validationPairs: result.validationPairs,
      scored: scored.scored,
      flaggedBefore: parentRun?.flagged ?? 0,
      flaggedAfter: scored.wrongLabel + scored.newLabel,
      cleared,
      groups: scored.groups,
    },
    seconds,
  };
}
