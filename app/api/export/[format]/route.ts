import { findDatasetByName } from "@/lib/server/data/creatives";
import { getDatabase } from "@/lib/server/db";
import { exportFilterOf, exportQuerySchema } from "@/lib/server/export/exportQuery";
import { exportLines } from "@/lib/server/export/formats";
import { internalError, jsonError } from "@/lib/server/http";
import { guarded } from "@/lib/server/auth/guard";

export const dynamic = "force-dynamic";

/**
 * Streams an export (training pairs, triplets, classification data, image-text pairs, decisions,
 * or the taxonomy) as a download, filtered by time, annotator and branch.
 */
export const GET = guarded<{ format: string }>("analyze", async (request, { params }) => {
  const raw = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = exportQuerySchema.safeParse({ ...raw, format: params.format });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return jsonError(
      400,
      `Invalid ${String(issue?.path[0] ?? "parameter")}: ${issue?.message ?? "invalid"}`,
    );
  }
  const query = parsed.data;
  try {
    const { db } = await getDatabase();
    const dataset = await findDatasetByName(db, query.dataset);
    if (!dataset) return jsonError(404, `No dataset named "${query.dataset}"`);
    const lines = exportLines(db, query.format, exportFilterOf(query, dataset));
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const next = await lines.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        } catch (error) {
          controller.error(error);
        }
      },
      async cancel() {
        await lines.return(undefined);
      },
    });
    const type = query.format.endsWith(".csv")
      ? "text/csv"
      : query.format.endsWith(".jsonl")
        ? "application/x-ndjson"
        : "text/plain";
    return new Response(body, {
      headers: {
        "content-type": `${type}; charset=utf-8`,
        "content-disposition": `attachment; filename="${query.dataset.replace(/[^\w.-]/g, "_")}-${query.format}"`,
      },
    });
  } catch (error) {
    return internalError(error, "The export");
  }
});
