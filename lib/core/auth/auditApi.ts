import { z } from "zod";

/** Filters of the audit log, shared by the Audit page and its export. */
export const auditQuerySchema = z.object({
  actor: z.string().trim().max(100).optional(),
  entityType: z.string().trim().max(100).optional(),
  since: z.coerce.date().optional(),
  until: z.coerce.date().optional(),
  format: z.enum(["jsonl", "csv"]).default("jsonl"),
  limit: z.coerce.number().int().min(1).max(100_000).default(100_000),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;
