import { z } from "zod";
import { metricsCsv } from "@/lib/core/agreement/csv";
import { guarded } from "@/lib/server/auth/guard";
import { getAgreementMetrics } from "@/lib/server/data/agreement";
import { findDatasetByName } from "@/lib/server/data/creatives";
import { getDatabase } from "@/lib/server/db";
import { internalError, jsonError, parseSearchParams } from "@/lib/server/http";

export const dynamic = "force-dynamic";

const querySchema = z.object({
  dataset: z.string().min(1).max(100),
  format: z.enum(["json", "csv"], { error: "must be json or csv" }).default("json"),
});

/** A file name part safe in a Content-Disposition header, whatever the dataset is called. */
const fileSafe = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 80) || "dataset";

/** The Metrics page's figures (agreement, review counts, model accuracy) as JSON or CSV. */
export const GET = guarded("analyze", async (request) => {
  const query = parseSearchParams(querySchema, new URL(request.url).searchParams);
  if (!query.ok) return query.response;
  try {
    const { db } = await getDatabase();
    const dataset = await findDatasetByName(db, query.data.dataset);
    if (!dataset) return jsonError(404, `No dataset named "${query.data.dataset}"`);
    const metrics = await getAgreementMetrics(db, dataset);
    if (query.data.format === "json") {
      return Response.json(
        { dataset: dataset.name, ...metrics },
        {
          headers: {
            "content-disposition": `inline; filename="metrics-${fileSafe(dataset.name)}.json"`,
          },
        },
      );
    }
    const { counts, report } = metrics;
    return new Response(metricsCsv(report, { ...counts }), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="metrics-${fileSafe(dataset.name)}.csv"`,
      },
    });
  } catch (error) {
    return internalError(error, "Computing the metrics");
  }
});
