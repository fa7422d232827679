"use client";

import { EmbeddingJob } from "./EmbeddingJob";
import { useEmbeddingSettings } from "./useEmbeddingSettings";

/** The embedding job with the model and runtime chosen in Settings, for pages outside Settings. */
export function ActiveModelEmbeddingJob({
  datasets,
}: {
  datasets: readonly { name: string; creativeCount: number; taxonomyName: string }[];
}) {
  const { activeModel, runtime } = useEmbeddingSettings();
  return <EmbeddingJob datasets={datasets} model={activeModel} runtime={runtime} />;
}
