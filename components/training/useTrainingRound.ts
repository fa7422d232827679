"use client";

import { useCallback } from "react";
import { useCancellableJob, type JobState } from "@/components/jobs/useCancellableJob";
import type { AdapterObjective } from "@/lib/core/adaptation/objectives";
import type { ModelSpec } from "@/lib/core/models/registry";
import { browserDetectorDeps } from "@/lib/ml/detector/browserDeps";
import { fetchDetectorRunInputs } from "@/lib/ml/detector/detectorApi";
import type { RuntimeOptions } from "@/lib/ml/embedding/protocol";
import { trainAdapterInWorker, workerTrainingDevice } from "@/lib/ml/training/client";
import {
  embedModelVersion,
  fetchTrainingData,
  selectTrainedVersion,
  storeModelVersion,
} from "@/lib/ml/training/trainingApi";
import {
  runTrainingRound,
  type TrainingRoundDeps,
  type TrainingRoundProgress,
  type TrainingRoundResult,
} from "@/lib/ml/training/trainingRound";

export type TrainingRoundState = JobState<TrainingRoundProgress, TrainingRoundResult>;

/** What a round is started with: the dataset, the base model and where it runs, the objective. */
export interface TrainingRoundStart {
  dataset: string;
  model: ModelSpec;
  runtime: RuntimeOptions;
  objective: AdapterObjective;
}

/** The round's real dependencies: the routes, the training and detector workers, the embedder. */
function browserDeps(model: ModelSpec, runtime: RuntimeOptions): TrainingRoundDeps {
  return {
    fetchTrainingData: (query, signal) => fetchTrainingData(query, signal),
    train: (body, { signal, onProgress }) =>
      trainAdapterInWorker(body, {
        signal,
        onProgress: (p) => onProgress({ epoch: p.epoch, maxEpochs: p.maxEpochs }),
      }),
    device: workerTrainingDevice,
    storeVersion: (body, signal) => storeModelVersion(body, signal),
    embedVersion: (versionId, signal) => embedModelVersion(versionId, signal),
    detector: {
      // The generative labels are embedded with the base model; the round adapts them.
      ...browserDetectorDeps(model, runtime),
      fetchInputs: (query, signal) => fetchDetectorRunInputs(query, signal),
    },
    selectVersion: (body) => selectTrainedVersion(body),
  };
}

/**
 * A training round in this browser as React state: `start` trains a version of the model from
 * the dataset's decisions (in the training worker), stores it, writes its vectors, re-runs the
 * detector in its space and selects it; `cancel` stops it. A round cancelled before its version
 * was stored leaves nothing; one cancelled later leaves the version stored but not selected.
 * Starting a new round cancels the one running.
 */
export function useTrainingRound(): {
  state: TrainingRoundState;
  start(input: TrainingRoundStart): Promise<TrainingRoundResult | null>;
  cancel(): void;
} {
  const { state, run, cancel } = useCancellableJob<TrainingRoundProgress, TrainingRoundResult>();
  const start = useCallback(
    (input: TrainingRoundStart) =>
      run({ phase: "data" }, (signal, onProgress) =>
        runTrainingRound(
          { dataset: input.dataset, model: input.model, objective: input.objective },
          browserDeps(input.model, input.runtime),
          { signal, onProgress },
        ),
      ),
    [run],
  );
  return { state, start, cancel };
}
