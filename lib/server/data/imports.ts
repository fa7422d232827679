import "server-only";
import { desc } from "drizzle-orm";
import type { ImportIssue } from "@/lib/core/import/issues";
import type { Executor } from "../db";
import { imports } from "../db/schema";

/** What one import did, as stored and as shown on the Data page. */
export interface ImportRecord {
  kind: "taxonomy" | "creatives";
  fileName: string;
  fileSha256: string;
  target: string;
  status: "done" | "failed" | "cancelled";
  rowsRead: number;
  rowsWritten: number;
  rowsUnchanged: number;
  rowsRejected: number;
  issues: ImportIssue[];
  startedAt: Date;
}

/** Keeps the record of an import, outside its transaction so a rolled-back import is still reported. */
export async function recordImport(db: Executor, record: ImportRecord): Promise<number> {
  const [row] = await db
    .insert(imports)
    .values({
      kind: record.kind,
      fileName: record.fileName,
      fileSha256: record.fileSha256,
      target: record.target,
      status: record.status,
      rowsRead: record.rowsRead,
      rowsWritten: record.rowsWritten,
      rowsUnchanged: record.rowsUnchanged,
      rowsRejected: record.rowsRejected,
      errors: record.issues.map(({ line, field, message }) => ({ line, field, message })),
      startedAt: record.startedAt,
    })
    .returning({ id: imports.id });
  if (!row) throw new Error("The import record could not be written");
  return row.id;
}

/** The latest imports, newest first. */
export async function listImports(db: Executor, limit: number) {
  return db.select().from(imports).orderBy(desc(imports.id)).limit(limit);
}
