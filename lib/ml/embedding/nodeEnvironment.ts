import { env } from "@huggingface/transformers";
import type { ModelSpec } from "@/lib/core/models/registry";
import { loadImageEmbedder, type ImageEmbedder } from "./embedImages";
import { loadTextEmbedder, type TextEmbedder } from "./embedTexts";

/**
 * The Node side of embedding (CLI, benchmark, tests): the same `loadTextEmbedder` the browser
 * worker uses, with transformers.js' Node build on onnxruntime-node and model folders read from
 * disk (`public/models`, the folder the app serves) instead of fetched.
 */

/** Sets transformers.js' global `env` to load `model` from `modelsDir` (hub only when asked). */
export function configureNodeEnvironment(model: ModelSpec, modelsDir: string): void {
  env.allowLocalModels = model.source !== "hub";
  env.localModelPath = modelsDir.endsWith("/") ? modelsDir : `${modelsDir}/`;
  env.allowRemoteModels = model.source === "hub";
}

/** Loads `model` on the CPU through onnxruntime-node. */
export async function loadNodeEmbedder(model: ModelSpec, modelsDir: string): Promise<TextEmbedder> {
  configureNodeEnvironment(model, modelsDir);
  return loadTextEmbedder(model, { device: "cpu" });
}

/** Loads a multimodal `model`'s vision tower on the CPU (images are then read from disk). */
export async function loadNodeImageEmbedder(
  model: ModelSpec,
  modelsDir: string,
): Promise<ImageEmbedder> {
  configureNodeEnvironment(model, modelsDir);
  return loadImageEmbedder(model, { device: "cpu" });
}
