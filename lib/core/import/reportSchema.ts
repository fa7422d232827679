import { z } from "zod";

/**
 * The JSON the import endpoints answer with, validated in the browser so a proxy's HTML error
 * page or a changed server shows a clear message instead of `undefined` in the UI.
 */
export const importIssueSchema = z.object({
  file: z.string().optional(),
  line: z.number(),
  field: z.string().optional(),
  message: z.string(),
});

export const importReportSchema = z.object({
  importId: z.number(),
  status: z.enum(["done", "failed", "cancelled"]),
  message: z.string(),
  rowsRead: z.number(),
  rowsWritten: z.number(),
  rowsUnchanged: z.number(),
  rowsRejected: z.number(),
  issues: z.array(importIssueSchema),
});
export type ImportReportBody = z.infer<typeof importReportSchema>;

export const importProgressSchema = z.object({
  phase: z.enum(["reading", "writing", "finishing"]),
  bytesRead: z.number(),
  totalBytes: z.number().optional(),
  rowsRead: z.number(),
  rowsWritten: z.number(),
  rowsRejected: z.number(),
});
export type ImportProgressBody = z.infer<typeof importProgressSchema>;

export const importJobStatusSchema = z.object({
  fileName: z.string(),
  progress: importProgressSchema.nullable(),
  report: importReportSchema.nullable(),
  error: z.string().nullable(),
  finished: z.boolean(),
});

export const errorBodySchema = z.object({
  error: z.object({ message: z.string(), issues: z.array(importIssueSchema).optional() }),
});
