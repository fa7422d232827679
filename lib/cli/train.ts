/**
 * `npm run train -- --dataset NAME [--model ID] [--objective softmax|cosine|triplet] [--no-select]`:
 * one round of the active-learning loop in Node, with the code the browser's training worker
 * runs: trains a Dense adapter from the dataset's decisions, stores it as a new model version,
 * stores its vectors and detector run, and selects it so the queue follows it (unless
 * `--no-select`). Stop the app first when it uses the embedded database (its folder is locked).
 */
import { Worker } from "node:worker_threads";
import { adapterObjectives } from "@/lib/core/adaptation/objectives";
import type { AdapterTrainResult, EpochRecord } from "@/lib/core/adaptation/trainAdapter";
import { defaultModel, findModel, modelVersionOf } from "@/lib/core/models/registry";
import { findDatasetByName } from "@/lib/server/data/creatives";
import { getTrainingSettings } from "@/lib/server/data/modelVersions";
import { openConfiguredDatabase } from "@/lib/server/db/client";
import {
  TrainRoundRejectedError,
  trainRound,
  type AdapterTrainer,
} from "@/lib/server/pipeline/trainRound";
import { parseCommandLine, runCommand } from "./args";

const usage = `Usage: npm run train -- --dataset NAME [--model ID] [--objective ${adapterObjectives.join("|")}] [--no-select]

  --dataset NAME     dataset whose decisions to train a new model version on
  --model ID         base model of the registry (default: the model of the space the dataset's
                     queue follows, else ${defaultModel().id})
  --objective NAME   the adapter's training objective (default: softmax)
  --no-select        store, embed and score the version, but leave the queue where it is`;

/** Who the version's and the selection's audit entries name. */
const actor = "cli:train";

/** What the training thread posts: one message per epoch, then the result. */
type TrainerMessage =
  | { type: "epoch"; epoch: EpochRecord; maxEpochs: number }
  | { type: "result"; result: AdapterTrainResult };

/**
 * Trains in a worker thread: `trainAdapter` is one synchronous computation, so in this thread a
 * Ctrl-C would wait for the whole training; a thread is terminated at once. The thread loads the
 * same lib/core trainer through tsx's loader (a worker does not inherit it under Node 20, hence
 * `tsImport`); its small body is the only code that is not the browser worker's.
 */
const workerThreadTrainer: AdapterTrainer = (set, options) =>
  new Promise((resolve, reject) => {
    const { signal, onEpoch, ...plain } = options;
    if (signal?.aborted) return reject(signal.reason);
    const trainer = new URL("../core/adaptation/trainAdapter.ts", import.meta.url).href;
    const body = `
      const { parentPort, workerData } = require("node:worker_threads");
      import("tsx/esm/api")
        .then(({ tsImport }) => tsImport(${JSON.stringify(trainer)}, ${JSON.stringify(trainer)}))
        .then(({ trainAdapter }) => {
          const result = trainAdapter(workerData.set, {
            ...workerData.options,
            onEpoch: (epoch, maxEpochs) => parentPort.postMessage({ type: "epoch", epoch, maxEpochs }),
          });
          parentPort.postMessage({ type: "result", result }, [result.adapter.weight.buffer]);
        });`;
    const worker = new Worker(body, { eval: true, workerData: { set, options: plain } });
    const stop = () => {
      void worker.terminate();
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", stop, { once: true });
    const done = () => signal?.removeEventListener("abort", stop);
    worker.on("message", (message: TrainerMessage) => {
      if (message.type === "epoch") {
        onEpoch?.(message.epoch, message.maxEpochs);
        return;
      }
      done();
      resolve(message.result);
      void worker.terminate();
    });
    worker.on("error", (error) => {
      done();
      reject(error);
    });
    // After a result this rejects a settled promise, which does nothing.
    worker.on("exit", (code) => {
      done();
      reject(new Error(`the training thread stopped (exit code ${code}) before it answered`));
    });
  });

const loss = (x: number | null) => (x === null ? "-" : x.toFixed(4));

async function main(): Promise<number> {
  const { values } = parseCommandLine(usage, {
    dataset: { type: "string" },
    model: { type: "string" },
    objective: { type: "string" },
    "no-select": { type: "boolean" },
  });
  if (values.help || !values.dataset) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  const objective = adapterObjectives.find((o) => o === values.objective);
  if (values.objective !== undefined && !objective) {
    console.error(`No objective "${values.objective}".\n\n${usage}`);
    return 2;
  }
  if (values.model !== undefined && !findModel(values.model)) {
    console.error(`No model "${values.model}" in the registry.\n\n${usage}`);
    return 2;
  }
  const handle = await openConfiguredDatabase();
  const controller = new AbortController();
  process.once("SIGINT", () => {
    console.error("\nCancelling the round: nothing is selected, the queue stays where it was.");
    controller.abort(new Error("cancelled"));
  });
  try {
    const dataset = await findDatasetByName(handle.db, values.dataset);
    if (!dataset) {
      console.error(`No dataset named "${values.dataset}" in the ${handle.description}.`);
      return 2;
    }
    // As the app would: the base model of the space the queue follows, when it is in the registry.
    const followed = (await getTrainingSettings(handle.db, dataset.id)).selected;
    const model =
      (values.model ? findModel(values.model) : undefined) ??
      (followed ? findModel(followed.modelId) : undefined) ??
      defaultModel();
    console.error(
      `Training a version of ${model.id} ${modelVersionOf(model)} on "${dataset.name}"`,
    );
    const result = await trainRound(handle.db, {
      datasetId: dataset.id,
      model,
      objective,
      select: !values["no-select"],
      actor,
      signal: controller.signal,
      trainer: workerThreadTrainer,
      onPhase: (phase) => {
        if (phase !== "load" && phase !== "train") console.error(`${phase}...`);
      },
      onEpoch: (epoch, maxEpochs) =>
        console.error(
          `epoch ${epoch.epoch}/${maxEpochs} train_loss=${loss(epoch.trainLoss)} validation_loss=${loss(epoch.validationLoss)} (${epoch.seconds.toFixed(1)} s)`,
        ),
    });
    const m = result.metrics;
    const c = result.counts;
    console.error(
      `Version ${result.version.id} (${result.version.modelVersion}): ${result.embeddings.stored} vectors stored, ` +
        `${c.scored} creatives scored, ${result.selected ? "selected" : "not selected (--no-select)"}.`,
    );
    console.log(
      [
        `dataset=${dataset.name}`,
        `version=${result.version.id}`,
        `objective=${m.objective}`,
        `epochs=${m.history.length}`,
        `best_epoch=${m.bestEpoch}`,
        `train_pairs=${m.trainPairs}`,
        `validation_pairs=${m.validationPairs}`,
        `initial_validation_loss=${loss(m.initialValidationLoss)}`,
        `best_validation_loss=${loss(m.bestValidationLoss)}`,
        `flagged_before=${c.flaggedBefore}`,
        `flagged_after=${c.flaggedAfter}`,
        `cleared=${c.cleared.total}`,
        `seconds=${result.seconds.total.toFixed(1)}`,
      ].join(" "),
    );
    return 0;
  } catch (error) {
    if (controller.signal.aborted) {
      console.error("Cancelled.");
      return 130;
    }
    if (error instanceof TrainRoundRejectedError) {
      console.error(`Cannot train on "${values.dataset}": ${error.message}.`);
      return 2;
    }
    throw error;
  } finally {
    await handle.close();
  }
}

runCommand(main);
