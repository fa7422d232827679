import { auditQuerySchema } from "@/lib/core/auth/auditApi";
import { guarded } from "@/lib/server/auth/guard";
import { listAudit } from "@/lib/server/data/audit";
import { getDatabase } from "@/lib/server/db";
import { internalError, parseSearchParams } from "@/lib/server/http";

export const dynamic = "force-dynamic";

/** A CSV field: quoted, quotes doubled, and a leading formula character defused for spreadsheets. */
function csvField(value: unknown): string {
  const text =
    value === null || value === undefined
      ? ""
      : typeof value === "string"
        ? value
        : JSON.stringify(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** The audit log as JSON lines or CSV, filtered by actor, entity type and time. */
export const GET = guarded("audit", async (request) => {
  const query = parseSearchParams(auditQuerySchema, new URL(request.url).searchParams);
  if (!query.ok) return query.response;
  try {
    const { db } = await getDatabase();
    const rows = await listAudit(db, query.data);
    const columns = [
      "id",
      "createdAt",
      "actor",
      "action",
      "entityType",
      "entityId",
      "before",
      "after",
    ] as const;
    const body =
      query.data.format === "csv"
        ? [
            columns.join(","),
            ...rows.map((r) =>
              columns
                .map((c) => csvField(r[c] instanceof Date ? (r[c] as Date).toISOString() : r[c]))
                .join(","),
            ),
          ].join("\n") + "\n"
        : rows.map((r) => JSON.stringify(r)).join("\n") + (rows.length ? "\n" : "");
    return new Response(body, {
      headers: {
        "content-type":
          query.data.format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson",
        "content-disposition": `attachment; filename="audit.${query.data.format}"`,
      },
    });
  } catch (error) {
    return internalError(error, "Exporting the audit log");
  }
});
