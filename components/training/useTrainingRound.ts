"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { AdapterObjective } from "@/lib/core/adaptation/objectives";
import type { ModelSpec } from "@/lib/core/models/registry";
import { runDetectorInWorker } from "@/lib/ml/detector/client";
import { fetchDetectorRunInputs, storeDetectorRunResult } from "@/lib/ml/detector/detectorApi";
import { embedTexts } from "@/lib/ml/embedding/client";
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

export type TrainingRoundState =
  | { status: "idle" }
  | { status: "running"; progress: TrainingRoundProgress }
  | { status: "done"; result: TrainingRoundResult }
  | { status: "cancelled" }
  | { status: "failed"; message: string };

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
      fetchInputs: (query, signal) => fetchDetectorRunInputs(query, signal),
      // The generative labels are embedded with the base model; the round adapts them.
      embed: async (texts, options) => {
        const r = await embedTexts(model, texts, {
          runtime,
          batchSize: 64,
          signal: options.signal,
          onProgress: (p) => {
            if (p.kind === "embed") options.onProgress(p.done, p.total);
          },
        });
        return { vectors: r.vectors, dim: r.dim };
      },
      score: (body, options) => runDetectorInWorker(body, options),
      store: (body, signal) => storeDetectorRunResult(body, signal),
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
  start(input: {
    dataset: string;
    model: ModelSpec;
    runtime: RuntimeOptions;
    objective: AdapterObjective;
  }): Promise<TrainingRoundResult | null>;
  cancel(): void;
} {
  const [state, setState] = useState<TrainingRoundState>({ status: "idle" });
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);

  const start = useCallback(
    async (input: {
      dataset: string;
      model: ModelSpec;
      runtime: RuntimeOptions;
      objective: AdapterObjective;
    }) => {
      controller.current?.abort();
      const current = new AbortController();
      controller.current = current;
      const { signal } = current;
      // A superseded round's late progress must not overwrite the new round's state.
      const update = (next: TrainingRoundState) => {
        if (controller.current === current) setState(next);
      };
      update({ status: "running", progress: { phase: "data" } });
      try {
        const result = await runTrainingRound(
          { dataset: input.dataset, model: input.model, objective: input.objective },
          browserDeps(input.model, input.runtime),
          { signal, onProgress: (progress) => update({ status: "running", progress }) },
        );
        update({ status: "done", result });
        return result;
      } catch (error) {
        if (signal.aborted) update({ status: "cancelled" });
        else
          update({
            status: "failed",
            message: error instanceof Error ? error.message : String(error),
          });
        return null;
      } finally {
        if (controller.current === current) controller.current = null;
      }
    },
    [],
  );
  const cancel = useCallback(() => controller.current?.abort(), []);
  return { state, start, cancel };
}
