import "server-only";
import type { ImportReport } from "./importCreatives";
import type { ImportProgress } from "./progress";

/** A running or recently finished import, as the Data page polls it. */
export interface ImportJob {
  id: string;
  fileName: string;
  progress?: ImportProgress;
  report?: ImportReport;
  error?: string;
  controller: AbortController;
  finishedAt?: number;
}

/** Finished jobs stay visible this long, so a page that polls late still sees the outcome. */
const keepFinishedMs = 10 * 60 * 1000;
const store = globalThis as unknown as { creativeTriageImportJobs?: Map<string, ImportJob> };
const jobs = (store.creativeTriageImportJobs ??= new Map());

/**
 * Registers an import so its progress can be read and it can be cancelled from another request.
 * The registry is per process: progress is live state, not data, and the import's outcome is
 * stored in the database anyway.
 */
export function beginImportJob(id: string, fileName: string): ImportJob {
  for (const [key, job] of jobs) {
    if (job.finishedAt && Date.now() - job.finishedAt > keepFinishedMs) jobs.delete(key);
  }
  if (jobs.has(id)) throw new Error(`An import with id ${id} is already running`);
  const job: ImportJob = { id, fileName, controller: new AbortController() };
  jobs.set(id, job);
  return job;
}

export function finishImportJob(
  job: ImportJob,
  outcome: { report?: ImportReport; error?: string },
): void {
  job.report = outcome.report;
  job.error = outcome.error;
  job.finishedAt = Date.now();
}

export function findImportJob(id: string): ImportJob | undefined {
  return jobs.get(id);
}

/** Cancels a running import; its transaction rolls back. Returns false when there is none. */
export function cancelImportJob(id: string): boolean {
  const job = jobs.get(id);
  if (!job || job.finishedAt) return false;
  job.controller.abort();
  return true;
}
