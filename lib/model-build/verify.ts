import { env, pipeline } from "@huggingface/transformers";

/**
 * Embeds texts through transformers.js exactly as the app does (feature-extraction pipeline, mean
 * pooling, L2 normalisation) from a local model folder, with remote models switched off. Used by
 * the build's self-check and the tests that compare the exported files with the TS forward pass.
 */
export async function embedWithTransformersJs(
  modelsDir: string,
  modelId: string,
  dtype: "fp32" | "q8",
  texts: string[],
): Promise<{ data: Float32Array; dims: number[] }> {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = modelsDir.endsWith("/") ? modelsDir : `${modelsDir}/`;
  const extractor = await pipeline("feature-extraction", modelId, { dtype });
  try {
    const output = await extractor(texts, { pooling: "mean", normalize: true });
    return { data: output.data as Float32Array, dims: output.dims };
  } finally {
    await extractor.dispose();
  }
}

/** Largest absolute difference between two equally long vectors. */
export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return max;
}
