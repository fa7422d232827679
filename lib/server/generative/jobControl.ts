import "server-only";
import { labelPromptVersion } from "@/lib/core/generative/prompt";
import { readServerConfig } from "../config";
import type { Database } from "../db";
import {
  claimInterruptedGenerativeJob,
  createGenerativeJob,
  finishGenerativeJob,
  type GenerativeJobScope,
} from "../data/generativeJobs";
import { getGenerativeSettings } from "../data/generativeSettings";
import { openAiCompatibleProvider } from "./provider";
import { runGenerativeJob } from "./runLabelJob";
import { log } from "@/lib/server/log";

/**
 * The generative jobs this server process runs, so a cancel from another request reaches the
 * running requests at once. Progress and outcomes live in the database, not here: a restarted
 * server finds its unfinished jobs there and offers to resume them.
 */
const store = globalThis as unknown as {
  creativeTriageGenerativeJobs?: Map<number, AbortController>;
};
const live = (store.creativeTriageGenerativeJobs ??= new Map());

export class GenerativeNotConfiguredError extends Error {
  constructor() {
    super(
      "No generative provider is configured: an admin sets its base URL and model on Settings.",
    );
    this.name = "GenerativeNotConfiguredError";
  }
}

/** Runs a job in the background of this process; its outcome is read from the database. */
function launch(database: Database, jobId: number): void {
  const controller = new AbortController();
  live.set(jobId, controller);
  runGenerativeJob(database, {
    jobId,
    apiKey: readServerConfig().generativeApiKey,
    signal: controller.signal,
  })
    .catch((error: unknown) => log.error({ err: error, jobId }, "Generative job stopped"))
    .finally(() => live.delete(jobId));
}

/** Starts labelling a dataset with the configured provider; answers the new job's id. */
export async function startGenerativeJob(
  database: Database,
  input: { datasetId: number; scope: GenerativeJobScope; createdBy: string },
): Promise<number> {
  const settings = await getGenerativeSettings(database);
  if (!settings) throw new GenerativeNotConfiguredError();
  const jobId = await createGenerativeJob(database, {
    ...input,
    ...settings,
    provider: openAiCompatibleProvider,
    promptVersion: labelPromptVersion,
  });
  launch(database, jobId);
  return jobId;
}

/** Resumes an interrupted job in this process; false when it is finished or running elsewhere. */
export async function resumeGenerativeJob(database: Database, jobId: number): Promise<boolean> {
  if (live.has(jobId) || !(await claimInterruptedGenerativeJob(database, jobId))) return false;
  launch(database, jobId);
  return true;
}

/**
 * Cancels a job wherever it runs: the stored status stops any process's runner at its next
 * heartbeat, and one in this process is aborted at once. Outcomes stored so far are kept.
 */
export async function cancelGenerativeJob(database: Database, jobId: number): Promise<boolean> {
  const cancelled = await finishGenerativeJob(database, jobId, "cancelled");
  live.get(jobId)?.abort(new Error("The job was cancelled"));
  return cancelled;
}
