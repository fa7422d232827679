"use client";

import { useCallback } from "react";
import { useCancellableJob, type JobState } from "@/components/jobs/useCancellableJob";
import { modelVersionOf, type ModelSpec } from "@/lib/core/models/registry";
import { browserDetectorDeps } from "@/lib/ml/detector/browserDeps";
import { fetchDetectorRunInputs } from "@/lib/ml/detector/detectorApi";
import {
  runDetectorJob,
  type DetectorJobProgress,
  type DetectorJobResult,
} from "@/lib/ml/detector/detectorRunJob";
import type { RuntimeOptions } from "@/lib/ml/embedding/protocol";

export type DetectorJobState = JobState<DetectorJobProgress, DetectorJobResult>;

/**
 * A detector run in this browser as React state: `start` scores a dataset with a model (the
 * generative labels embedded in the embedding worker, the scoring in the detector worker) and
 * stores the run; `cancel` stops it, and nothing is stored. The Data page starts it after an
 * embedding job, the Detector page from its button.
 */
export function useDetectorRunJob() {
  const { state, run, cancel } = useCancellableJob<DetectorJobProgress, DetectorJobResult>();
  const start = useCallback(
    (dataset: string, model: ModelSpec, runtime: RuntimeOptions) =>
      run({ phase: "inputs" }, (signal, onProgress) =>
        runDetectorJob(
          model,
          {
            ...browserDetectorDeps(model, runtime),
            fetchInputs: (s) =>
              fetchDetectorRunInputs(
                { dataset, modelId: model.id, modelVersion: modelVersionOf(model) },
                s,
              ),
          },
          { signal, onProgress },
        ),
      ),
    [run],
  );
  return { state, start, cancel };
}
