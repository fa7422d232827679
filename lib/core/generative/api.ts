/**
 * The shapes the generative routes answer and the Settings page reads, shared so the server's
 * data access and the browser agree on one definition.
 */
export type GenerativeJobScope = "missing" | "all";
export type GenerativeJobStatus = "running" | "done" | "cancelled" | "failed";

/** What a job's creatives came to so far; `pending` ones a resumed job still asks for. */
export interface GenerativeJobCounts {
  total: number;
  pending: number;
  labelled: number;
  /** Answers taken from the cache (no request was made); counted in their outcome too. */
  cached: number;
  empty: number;
  refused: number;
  malformed: number;
  tooLong: number;
  failed: number;
  promptTokens: number;
  completionTokens: number;
}

/** A job as Settings and the command line show it. */
export interface GenerativeJobView extends GenerativeJobCounts {
  id: number;
  datasetId: number;
  scope: GenerativeJobScope;
  status: GenerativeJobStatus;
  provider: string;
  model: string;
  promptVersion: string;
  /** Estimated from the token counts and the prices the job started with. */
  cost: number;
  error: string | null;
  createdBy: string;
  startedAt: string;
  finishedAt: string | null;
  /** Running, but no process has touched it lately (the server restarted): it can be resumed. */
  interrupted: boolean;
}

/** The provider settings as the Settings form edits them. */
export interface GenerativeSettingsBody {
  baseUrl: string;
  model: string;
  promptCostPer1k: number;
  completionCostPer1k: number;
  concurrency: number;
  requestsPerMinute: number;
  timeoutSeconds: number;
  updatedBy?: string;
  updatedAt?: string;
}

/** What "Test connection" answers. */
export interface ConnectionTestBody {
  ok: boolean;
  message: string;
  latencyMs: number;
  promptTokens: number;
  completionTokens: number;
}
