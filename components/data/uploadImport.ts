import {
  errorBodySchema,
  importJobStatusSchema,
  importReportSchema,
  type ImportProgressBody,
  type ImportReportBody,
} from "@/lib/core/import/reportSchema";

export interface UploadOptions {
  file: File;
  kind: "auto" | "taxonomy" | "creatives";
  dataset?: string;
  taxonomy?: string;
  separator?: string;
  skipBadRows: boolean;
  onUpload: (sentBytes: number, totalBytes: number) => void;
  onProgress: (progress: ImportProgressBody) => void;
}

export interface RunningUpload {
  jobId: string;
  done: Promise<{ report?: ImportReportBody; error?: string }>;
  cancel: () => Promise<void>;
}

/**
 * Sends a file to the import endpoint as the raw request body (XMLHttpRequest, because fetch has
 * no upload progress) and polls the job for rows read and written until the answer arrives.
 */
export function uploadImport(options: UploadOptions): RunningUpload {
  const jobId = crypto.randomUUID();
  const params = new URLSearchParams({
    jobId,
    fileName: options.file.name,
    kind: options.kind,
    skipBadRows: options.skipBadRows ? "1" : "0",
  });
  if (options.dataset) params.set("dataset", options.dataset);
  if (options.taxonomy) params.set("taxonomy", options.taxonomy);
  if (options.separator) params.set("separator", options.separator);
  const xhr = new XMLHttpRequest();
  const poll = setInterval(async () => {
    const response = await fetch(`/api/imports/${jobId}`).catch(() => undefined);
    if (!response?.ok) return;
    const status = importJobStatusSchema.safeParse(await response.json());
    if (status.success && status.data.progress) options.onProgress(status.data.progress);
  }, 400);
  const done = new Promise<{ report?: ImportReportBody; error?: string }>((resolve) => {
    xhr.upload.onprogress = (e) => options.onUpload(e.loaded, e.total || options.file.size);
    xhr.onerror = () =>
      resolve({ error: "The server could not be reached; nothing was imported." });
    xhr.onabort = () => resolve({ error: "The upload was cancelled; nothing was imported." });
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        resolve({ error: `The server answered ${xhr.status} without a readable report.` });
        return;
      }
      const report = importReportSchema.safeParse((body as { report?: unknown }).report);
      if (report.success) return resolve({ report: report.data });
      const error = errorBodySchema.safeParse(body);
      resolve({
        error: error.success
          ? error.data.error.message
          : `Unexpected answer from the server (${xhr.status}).`,
      });
    };
    xhr.open("POST", `/api/imports?${params.toString()}`);
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.send(options.file);
  }).finally(() => clearInterval(poll));
  return {
    jobId,
    done,
    cancel: async () => {
      const response = await fetch(`/api/imports/${jobId}`, { method: "DELETE" }).catch(
        () => undefined,
      );
      if (!response?.ok) xhr.abort();
    },
  };
}
