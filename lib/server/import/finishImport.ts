import "server-only";
import type { Database } from "../db";
import { recordImport, type ImportRecord } from "../data/imports";
import type { ImportReport } from "./importCreatives";

/**
 * Stores the record of an import, outside its (possibly rolled-back) transaction, and turns it
 * into the report the Data page and the command line show. Every import ends here.
 */
export async function finishImport(
  db: Database,
  record: ImportRecord & { message: string },
): Promise<ImportReport> {
  const { message, ...stored } = record;
  const importId = await recordImport(db, stored);
  return {
    importId,
    status: record.status,
    message,
    rowsRead: record.rowsRead,
    rowsWritten: record.rowsWritten,
    rowsUnchanged: record.rowsUnchanged,
    rowsRejected: record.rowsRejected,
    issues: record.issues,
  };
}
