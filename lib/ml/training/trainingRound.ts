import { applyAdapter, decodeAdapter } from "@/lib/core/adaptation/adapter";
import type { AdapterObjective } from "@/lib/core/adaptation/objectives";
import { trainingSetOf, versionMetricsOf } from "@/lib/core/adaptation/round";
import {
  defaultAdapterTrainOptions,
  type AdapterTrainResult,
  type EpochRecord,
} from "@/lib/core/adaptation/trainAdapter";
import {
  adaptedModelVersion,
  type CreateVersionBody,
  type MaterializedEmbeddings,
  type ModelVersionSummary,
  type SelectedSpace,
  type TrainingData,
  type VersionMetrics,
} from "@/lib/core/adaptation/versions";
import type { DetectorRunInputsPayload } from "@/lib/core/detector/runPayload";
import { modelVersionOf, type ModelSpec } from "@/lib/core/models/registry";
import {
  runDetectorJob,
  type DetectorJobProgress,
  type DetectorJobResult,
  type DetectorRunDeps,
} from "../detector/detectorRunJob";
import { base64ToFloat32, float32ToBase64 } from "../embedding/vectorCodec";
import {
  trainOptionsOf,
  type TrainOptions,
  type TrainProgress,
  type TrainResult,
} from "./protocol";
import type { TrainBody } from "./trainRequest";
import type { SelectVersionBody, TrainingDataQuery } from "./trainingApi";

/**
 * One round of the active-learning loop in the browser: read the dataset's training data for the
 * base model, train a Dense adapter in the training worker with live curves, store it as a new
 * version, have the server write the version's vectors, run the detector in the version's space
 * and, last, select the version so the queue follows it. Dependencies are passed in (HTTP, the
 * worker, the embedder), so the loop is tested in Node with the real trainer and detector.
 *
 * Cancelling is honoured between every step and inside the long ones (training, the detector's
 * embedding and scoring). Before the version is stored, a cancel leaves nothing behind. After it
 * is stored, the version stays stored (it is a complete, valid version, listed on Settings and
 * selectable by hand) but is NOT selected: the queue keeps following the space it followed, since
 * selecting a version whose run was never finished would leave the queue without its detector
 * run. Only the last step selects, and it is skipped once the signal has aborted; once its
 * request is sent the round finishes (a cancel then would report "cancelled" for a version the
 * server may already have selected).
 */

/** The steps of a round, in order. */
export const trainingRoundPhases = [
  "data",
  "training",
  "storing",
  "embedding",
  "scoring",
  "selecting",
] as const;
export type TrainingRoundPhase = (typeof trainingRoundPhases)[number];

/** Where a round is; `scoring` carries the detector run's own progress. */
export type TrainingRoundProgress =
  | { phase: "data" }
  | {
      phase: "training";
      /** The last finished epoch (0 before the first). */
      epoch: number;
      history: EpochRecord[];
      maxEpochs: number;
      /**
       * Mean epoch time x epochs left; an upper bound, as early stopping may end sooner. Null
       * until an epoch has finished.
       */
      secondsLeft: number | null;
    }
  | { phase: "storing" }
  | { phase: "embedding"; versionId: number }
  | { phase: "scoring"; versionId: number; detector: DetectorJobProgress }
  | { phase: "selecting"; versionId: number };

/** What a finished round made, with the time of each step (`phaseSeconds`, wall clock). */
export interface TrainingRoundResult {
  /** The stored version, as the server answered it before it was selected. */
  version: ModelVersionSummary;
  metrics: VersionMetrics;
  materialized: MaterializedEmbeddings;
  detector: DetectorJobResult;
  seconds: number;
  phaseSeconds: Record<TrainingRoundPhase, number>;
}

/** What the user chose: the dataset, the base model and the objective. */
export interface TrainingRoundInput {
  dataset: string;
  /** The base model: the round trains over its stored vectors, never changes it. */
  model: ModelSpec;
  objective: AdapterObjective;
  /** Overrides of `defaultAdapterTrainOptions` beyond the objective (tests, benchmarks). */
  options?: Partial<TrainOptions>;
}

/** The detector run's dependencies, with inputs fetched for the space the round names. */
export type TrainingRoundDetectorDeps = Omit<DetectorRunDeps, "fetchInputs"> & {
  fetchInputs(query: TrainingDataQuery, signal: AbortSignal): Promise<DetectorRunInputsPayload>;
};

/** What a round calls out to: the routes, the trainer (the worker in the browser), the detector. */
export interface TrainingRoundDeps {
  fetchTrainingData(query: TrainingDataQuery, signal: AbortSignal): Promise<TrainingData>;
  train(
    body: TrainBody,
    options: { signal: AbortSignal; onProgress: (progress: EpochProgress) => void },
  ): Promise<TrainResult>;
  /** What the version records as where it was trained, e.g. `worker-js`. */
  device: string;
  storeVersion(body: CreateVersionBody, signal: AbortSignal): Promise<ModelVersionSummary>;
  embedVersion(versionId: number, signal: AbortSignal): Promise<MaterializedEmbeddings>;
  detector: TrainingRoundDetectorDeps;
  /** Takes no signal: once sent, a selection cannot be called back (see `runTrainingRound`). */
  selectVersion(body: SelectVersionBody): Promise<SelectedSpace>;
}

/** One finished epoch, as `train` reports it (the worker's progress message without its tag). */
export type EpochProgress = Omit<TrainProgress, "type">;

/** Seconds left at `epoch` of `maxEpochs`, from the mean time of the epochs so far. */
export function secondsLeftOf(epoch: EpochRecord, maxEpochs: number): number {
  return (epoch.seconds / epoch.epoch) * Math.max(0, maxEpochs - epoch.epoch);
}

/**
 * Runs one round; rejects with the signal's reason once cancelled (see the module comment for
 * what a cancel leaves behind), or with an error naming the step that failed.
 */
export async function runTrainingRound(
  input: TrainingRoundInput,
  deps: TrainingRoundDeps,
  options: { signal: AbortSignal; onProgress: (progress: TrainingRoundProgress) => void },
): Promise<TrainingRoundResult> {
  const { signal, onProgress } = options;
  const { dataset, model } = input;
  const baseModelVersion = modelVersionOf(model);
  const started = performance.now();
  const phaseSeconds = Object.fromEntries(trainingRoundPhases.map((p) => [p, 0])) as Record<
    TrainingRoundPhase,
    number
  >;
  /** Runs one step, timing it and checking the signal once it settles. */
  const step = async <T>(phase: TrainingRoundPhase, run: () => Promise<T>): Promise<T> => {
    signal.throwIfAborted();
    const at = performance.now();
    try {
      return await run();
    } finally {
      phaseSeconds[phase] += (performance.now() - at) / 1000;
      signal.throwIfAborted();
    }
  };

  onProgress({ phase: "data" });
  const data = await step("data", () =>
    deps.fetchTrainingData({ dataset, modelId: model.id, modelVersion: baseModelVersion }, signal),
  );
  const set = trainingSetOf({ ...data, vectors: base64ToFloat32(data.vectors) });
  if (set.pairs.left.length === 0) {
    throw new Error(
      `nothing to train on: dataset "${dataset}" has no decisions or imported labels with vectors from ${model.id}`,
    );
  }

  const trainOptions: TrainOptions = {
    ...trainOptionsOf(defaultAdapterTrainOptions),
    ...input.options,
    objective: input.objective,
  };
  const history: EpochRecord[] = [];
  onProgress({
    phase: "training",
    epoch: 0,
    history: [],
    maxEpochs: trainOptions.maxEpochs,
    secondsLeft: null,
  });
  const trained = await step("training", () =>
    deps.train(
      { ...set, options: trainOptions },
      {
        signal,
        onProgress: ({ epoch, maxEpochs }) => {
          history.push(epoch);
          onProgress({
            phase: "training",
            epoch: epoch.epoch,
            history: [...history],
            maxEpochs,
            secondsLeft: secondsLeftOf(epoch, maxEpochs),
          });
        },
      },
    ),
  );
  const adapter = decodeAdapter(trained.weights, set.dim);
  const result: AdapterTrainResult = { ...trained, adapter };
  const metrics = versionMetricsOf({
    result,
    options: trainOptions,
    data,
    seconds: phaseSeconds.training,
    device: deps.device,
  });

  onProgress({ phase: "storing" });
  const version = await step("storing", () =>
    deps.storeVersion(
      {
        dataset,
        baseModelId: model.id,
        baseModelVersion,
        parentId: data.parentId,
        dim: set.dim,
        weights: float32ToBase64(adapter.weight),
        lastDecisionId: data.lastDecisionId,
        decisionCount: data.decisionCount,
        metrics,
      },
      signal,
    ),
  );
  // From here on a cancel leaves the version stored and unselected (see the module comment).
  const modelVersion = adaptedModelVersion(baseModelVersion, version.id);
  if (version.modelVersion !== modelVersion) {
    throw new Error(
      `the server stored version ${version.id} as ${version.modelVersion}, not ${modelVersion}`,
    );
  }

  onProgress({ phase: "embedding", versionId: version.id });
  const materialized = await step("embedding", () => deps.embedVersion(version.id, signal));

  const detector = await step("scoring", () =>
    runDetectorJob(
      model,
      {
        ...deps.detector,
        fetchInputs: (s) =>
          deps.detector.fetchInputs({ dataset, modelId: model.id, modelVersion }, s),
      },
      {
        signal,
        onProgress: (p) => onProgress({ phase: "scoring", versionId: version.id, detector: p }),
        space: {
          modelVersion,
          adapt: (vectors, dim) => {
            if (dim !== adapter.dim) {
              throw new Error(`version ${version.id} adapts ${adapter.dim}-d vectors, not ${dim}`);
            }
            return applyAdapter(adapter, vectors);
          },
        },
      },
    ),
  );

  signal.throwIfAborted();
  onProgress({ phase: "selecting", versionId: version.id });
  const selectingAt = performance.now();
  await deps.selectVersion({
    dataset,
    baseModelId: model.id,
    baseModelVersion,
    versionId: version.id,
  });
  phaseSeconds.selecting = (performance.now() - selectingAt) / 1000;
  return {
    version,
    metrics,
    materialized,
    detector,
    seconds: (performance.now() - started) / 1000,
    phaseSeconds,
  };
}
