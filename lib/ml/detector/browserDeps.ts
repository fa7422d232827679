import type { ModelSpec } from "@/lib/core/models/registry";
import { embedTexts } from "../embedding/client";
import type { RuntimeOptions } from "../embedding/protocol";
import { runDetectorInWorker } from "./client";
import { storeDetectorRunResult } from "./detectorApi";
import type { DetectorRunDeps } from "./detectorRunJob";

/**
 * A detector run's browser dependencies, less where its inputs come from (the caller names the
 * space): the generative labels embedded with `model` in the embedding worker, the scoring in
 * the detector worker, the run stored through the route. Shared by the Detector page's run and
 * the training round's re-scoring.
 */
export function browserDetectorDeps(
  model: ModelSpec,
  runtime: RuntimeOptions,
): Omit<DetectorRunDeps, "fetchInputs"> {
  return {
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
  };
}
