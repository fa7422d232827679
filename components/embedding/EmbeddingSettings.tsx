"use client";

import { EmbeddingJob } from "./EmbeddingJob";
import { ModelProbe } from "./ModelProbe";
import { ModelRegistryPanel } from "./ModelRegistryPanel";
import { ModelStatus } from "./ModelStatus";
import { RuntimeSettings } from "./RuntimeSettings";
import { useEmbeddingSettings } from "./useEmbeddingSettings";

/** The settings page's client part: models, runtime, the loaded model's status, a probe, the job. */
export function EmbeddingSettings({
  datasets,
}: {
  datasets: readonly { name: string; creativeCount: number; taxonomyName: string }[];
}) {
  const { settings, update, models, activeModel, runtime } = useEmbeddingSettings();
  return (
    <div className="space-y-4">
      <ModelRegistryPanel models={models} activeModelId={activeModel.id} update={update} />
      <div className="grid gap-4 md:grid-cols-2">
        <ModelStatus model={activeModel} runtime={runtime} />
        <RuntimeSettings settings={settings} update={update} />
      </div>
      <EmbeddingJob datasets={datasets} model={activeModel} runtime={runtime} />
      <ModelProbe model={activeModel} runtime={runtime} />
    </div>
  );
}
