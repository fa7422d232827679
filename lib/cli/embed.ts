/**
 * `npm run embed -- --dataset NAME [--model ID]`: embeds a dataset's creative texts and labels in
 * Node with the same transformers.js code path as the browser worker (onnxruntime-node instead of
 * onnxruntime-web) and stores the vectors in the configured database, so large batches need no
 * open browser tab. Resumable: only what the database still lacks for this model version is
 * embedded. Stop the app first when it uses the embedded database (its folder is locked).
 */
import os from "node:os";
import { findModel, defaultModel, modelVersionOf } from "@/lib/core/models/registry";
import { findDatasetByName } from "@/lib/server/data/creatives";
import { openConfiguredDatabase } from "@/lib/server/db/client";
import { embedDataset } from "@/lib/server/pipeline/embedDataset";
import { parseCommandLine } from "./args";

const usage = `Usage: npm run embed -- --dataset NAME [--model ID] [--threads N]

  --dataset NAME   dataset whose creative texts and taxonomy labels to embed
  --model ID       a model of the registry (default: ${defaultModel().id}); hub models need a network
  --threads N      worker threads embedding (default: every core, ${os.availableParallelism()} here)`;

async function main(): Promise<number> {
  const { values } = parseCommandLine(usage, {
    dataset: { type: "string" },
    model: { type: "string" },
    threads: { type: "string" },
  });
  if (values.help || !values.dataset) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  const threads = Number(values.threads ?? os.availableParallelism());
  if (!Number.isInteger(threads) || threads < 1) {
    console.error(`--threads must be a positive whole number, not "${values.threads}"\n\n${usage}`);
    return 2;
  }
  const model = values.model ? findModel(values.model) : defaultModel();
  if (!model) {
    console.error(`No model "${values.model}" in the registry.\n\n${usage}`);
    return 2;
  }
  const handle = await openConfiguredDatabase();
  const controller = new AbortController();
  process.once("SIGINT", () => {
    console.error("\nStopping after the current batch: stored vectors are kept.");
    controller.abort();
  });
  try {
    const dataset = await findDatasetByName(handle.db, values.dataset);
    if (!dataset) {
      console.error(`No dataset named "${values.dataset}" in the ${handle.description}.`);
      return 2;
    }
    const started = performance.now();
    const result = await embedDataset(handle.db, {
      datasetId: dataset.id,
      model,
      threads,
      signal: controller.signal,
      onProgress: (p) =>
        process.stderr.write(
          `\r${p.done}/${p.total} embedded and stored on ${p.threads} worker thread${p.threads === 1 ? "" : "s"}   `,
        ),
    });
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write("\n");
    console.log(
      `dataset=${values.dataset} model=${model.id} model_version=${modelVersionOf(model)} ` +
        `embedded=${result.embedded} dim=${result.dim} threads=${result.threads} seconds=${seconds.toFixed(1)}`,
    );
    return 0;
  } finally {
    await handle.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
