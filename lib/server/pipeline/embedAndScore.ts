import "server-only";
import type { TopKSearch } from "@/lib/core/linalg/topkSearch";
import { defaultModel, type ModelSpec } from "@/lib/core/models/registry";
import type { Database } from "../db";
import { embedDataset } from "./embedDataset";
import { scoreDataset } from "./scoreDataset";

/**
 * Embeds a dataset's missing texts and labels and reruns the detector: what the demo does on
 * first start and `npm run score` does after an import. The browser worker runs the same steps.
 */
export async function embedAndScoreDataset(
  db: Database,
  input: {
    datasetId: number;
    model?: ModelSpec;
    log?: (line: string) => void;
    signal?: AbortSignal;
    /** Answers the detector's top-k searches (see `scoreDataset`). */
    search?: TopKSearch;
  },
) {
  const model = input.model ?? defaultModel();
  const log = input.log ?? (() => {});
  let lastLog = 0;
  const startedAt = performance.now();
  const embedded = await embedDataset(db, {
    datasetId: input.datasetId,
    model,
    signal: input.signal,
    onProgress: ({ done, total }) => {
      if (performance.now() - lastLog < 2000 && done < total) return;
      lastLog = performance.now();
      log(`Embedding with ${model.id}: ${done}/${total}`);
    },
  });
  log(
    `Embedded ${embedded.embedded} texts and labels in ${((performance.now() - startedAt) / 1000).toFixed(1)} s.`,
  );
  return scoreDataset(db, { datasetId: input.datasetId, model, search: input.search });
}
