"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { modelVersionOf, type ModelSpec } from "@/lib/core/models/registry";
import { runDetectorInWorker } from "@/lib/ml/detector/client";
import { fetchDetectorRunInputs, storeDetectorRunResult } from "@/lib/ml/detector/detectorApi";
import {
  runDetectorJob,
  type DetectorJobProgress,
  type DetectorJobResult,
} from "@/lib/ml/detector/detectorRunJob";
import { embedTexts } from "@/lib/ml/embedding/client";
import type { RuntimeOptions } from "@/lib/ml/embedding/protocol";

export type DetectorJobState =
  | { status: "idle" }
  | { status: "running"; progress: DetectorJobProgress }
  | { status: "done"; result: DetectorJobResult }
  | { status: "cancelled" }
  | { status: "failed"; message: string };

/**
 * A detector run in this browser as React state: `start` scores a dataset with a model (the
 * generative labels embedded in the embedding worker, the scoring in the detector worker) and
 * stores the run; `cancel` stops it, and nothing is stored. The Data page starts it after an
 * embedding job, the Detector page from its button.
 */
export function useDetectorRunJob() {
  const [state, setState] = useState<DetectorJobState>({ status: "idle" });
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);

  const start = useCallback(async (dataset: string, model: ModelSpec, runtime: RuntimeOptions) => {
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    const { signal } = current;
    setState({ status: "running", progress: { phase: "inputs" } });
    try {
      const result = await runDetectorJob(
        model,
        {
          fetchInputs: (s) =>
            fetchDetectorRunInputs(
              { dataset, modelId: model.id, modelVersion: modelVersionOf(model) },
              s,
            ),
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
          store: (body, s) => storeDetectorRunResult(body, s),
        },
        { signal, onProgress: (progress) => setState({ status: "running", progress }) },
      );
      setState({ status: "done", result });
      return result;
    } catch (error) {
      if (signal.aborted) setState({ status: "cancelled" });
      else
        setState({
          status: "failed",
          message: error instanceof Error ? error.message : String(error),
        });
      return null;
    } finally {
      if (controller.current === current) controller.current = null;
    }
  }, []);
  const cancel = useCallback(() => controller.current?.abort(), []);
  return { state, start, cancel };
}
