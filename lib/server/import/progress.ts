/** How far an import has come, reported while it runs. */
export interface ImportProgress {
  phase: "reading" | "writing" | "finishing";
  bytesRead: number;
  totalBytes?: number;
  rowsRead: number;
  rowsWritten: number;
  rowsRejected: number;
}

export type ProgressListener = (progress: ImportProgress) => void;
