/**
 * `npm run label:generative -- --dataset NAME [--all] [--resume]`: asks the generative provider
 * configured on Settings for the label of each creative of a dataset that has none (or of all of
 * them), as the Settings job does, and prints progress and a final `key=value` line. An
 * interrupted job of the dataset (a stopped server or command) is resumed where it stopped. The
 * API key comes from CREATIVE_TRIAGE_GENERATIVE_API_KEY. Stop the app first when it uses the
 * embedded database (its folder is locked).
 */
import { labelPromptVersion } from "@/lib/core/generative/prompt";
import { readServerConfig } from "@/lib/server/config";
import { findDatasetByName } from "@/lib/server/data/creatives";
import {
  claimInterruptedGenerativeJob,
  createGenerativeJob,
  latestGenerativeJob,
  type GenerativeJobView,
} from "@/lib/server/data/generativeJobs";
import { getGenerativeSettings } from "@/lib/server/data/generativeSettings";
import { configuredDatabaseTarget, openDatabase } from "@/lib/server/db/client";
import { openAiCompatibleProvider } from "@/lib/server/generative/provider";
import { runGenerativeJob } from "@/lib/server/generative/runLabelJob";
import { parseCommandLine, runCommand } from "./args";

const usage = `Usage: npm run label:generative -- --dataset NAME [--all]

  --dataset NAME   dataset whose creatives to label
  --all            ask for every creative, not only those without a generative label
                   (answers seen before come from the cache)

An interrupted job of the dataset is resumed instead of starting a new one.`;

function line(job: GenerativeJobView): string {
  const failed = job.empty + job.refused + job.malformed + job.tooLong + job.failed;
  return (
    `job=${job.id} status=${job.status} total=${job.total} labelled=${job.labelled} ` +
    `cached=${job.cached} failed=${failed} empty=${job.empty} refused=${job.refused} ` +
    `malformed=${job.malformed} too_long=${job.tooLong} request_failed=${job.failed} ` +
    `pending=${job.pending} prompt_tokens=${job.promptTokens} ` +
    `completion_tokens=${job.completionTokens} cost=${job.cost.toFixed(6)} model=${job.model}`
  );
}

async function main(): Promise<number> {
  const { values } = parseCommandLine(usage, {
    dataset: { type: "string" },
    all: { type: "boolean" },
  });
  if (values.help || !values.dataset) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  const config = readServerConfig();
  const handle = await openDatabase(configuredDatabaseTarget(config));
  const controller = new AbortController();
  process.once("SIGINT", () => {
    console.error("\nCancelling: answers stored so far are kept.");
    controller.abort(new Error("Cancelled from the command line"));
  });
  try {
    const dataset = await findDatasetByName(handle.db, values.dataset);
    if (!dataset) {
      console.error(`No dataset named "${values.dataset}" in the ${handle.description}.`);
      return 2;
    }
    const settings = await getGenerativeSettings(handle.db);
    if (!settings) {
      console.error("No generative provider is configured: an admin sets it on Settings.");
      return 2;
    }
    const latest = await latestGenerativeJob(handle.db, dataset.id);
    let jobId: number;
    if (latest?.interrupted && (await claimInterruptedGenerativeJob(handle.db, latest.id))) {
      jobId = latest.id;
      console.error(`Resuming interrupted job ${jobId} (${latest.pending} creatives left).`);
    } else {
      jobId = await createGenerativeJob(handle.db, {
        ...settings,
        datasetId: dataset.id,
        scope: values.all ? "all" : "missing",
        provider: openAiCompatibleProvider,
        promptVersion: labelPromptVersion,
        createdBy: "system:cli",
      });
    }
    const job = await runGenerativeJob(handle.db, {
      jobId,
      apiKey: config.generativeApiKey,
      signal: controller.signal,
      onProgress: (p) =>
        process.stderr.write(
          `\r${p.total - p.pending}/${p.total} answered, ${p.labelled} labelled, ${p.cached} cached   `,
        ),
      onRetry: (r) =>
        process.stderr.write(`\nRetrying in ${(r.delayMs / 1000).toFixed(1)} s: ${r.reason}\n`),
    });
    process.stderr.write("\n");
    if (job.error) console.error(`The job failed: ${job.error}`);
    console.log(line(job));
    return job.status === "done" ? 0 : 1;
  } finally {
    await handle.close();
  }
}

runCommand(main);
