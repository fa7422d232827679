import "server-only";
import { and, desc, eq, gte, lte, sql, type SQL } from "drizzle-orm";
import type { Executor } from "../db";
import { auditEvents } from "../db/schema";

/** One change as the audit log keeps it. */
export interface AuditEntry {
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/**
 * Appends to the audit log; pass the transaction of the change itself so the entry exists exactly
 * when the change does.
 */
export async function recordAudit(executor: Executor, entry: AuditEntry): Promise<void> {
  await executor.insert(auditEvents).values(entry);
}

/** Several entries in one statement (bulk decisions). */
export async function recordAudits(executor: Executor, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await executor.insert(auditEvents).values(entries);
}

export interface AuditFilter {
  actor?: string;
  entityType?: string;
  since?: Date;
  until?: Date;
  /** Entries with a smaller id than this (the next page). */
  before?: number;
  limit: number;
}

export interface AuditRow extends AuditEntry {
  id: number;
  createdAt: Date;
}

/** The newest entries matching the filter, newest first. */
export async function listAudit(executor: Executor, filter: AuditFilter): Promise<AuditRow[]> {
  const conditions: SQL[] = [];
  if (filter.actor) conditions.push(eq(auditEvents.actor, filter.actor));
  if (filter.entityType) conditions.push(eq(auditEvents.entityType, filter.entityType));
  if (filter.since) conditions.push(gte(auditEvents.createdAt, filter.since));
  if (filter.until) conditions.push(lte(auditEvents.createdAt, filter.until));
  if (filter.before) conditions.push(sql`${auditEvents.id} < ${filter.before}`);
  const rows = await executor
    .select()
    .from(auditEvents)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditEvents.id))
    .limit(filter.limit);
  return rows.map((r) => ({
    ...r,
    before: (r.before as Record<string, unknown> | null) ?? null,
    after: (r.after as Record<string, unknown> | null) ?? null,
  }));
}
