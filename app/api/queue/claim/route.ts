import { claimRequestSchema } from "@/lib/core/workbenchApi";
import { findDatasetQueue } from "@/lib/server/data/datasetQueue";
import { claimQueueItems } from "@/lib/server/data/queue";
import { getQueueItems } from "@/lib/server/data/queueItems";
import { getDatabase } from "@/lib/server/db";
import { internalError, jsonError } from "@/lib/server/http";
import { parseJsonBody } from "@/lib/server/http-body";
import { guarded } from "@/lib/server/auth/guard";

export const dynamic = "force-dynamic";

/** How long an annotator holds an item before it returns to the queue. */
const leaseSeconds = 15 * 60;

/** Leases the next flagged creatives to an annotator and returns them ready to show. */
export const POST = guarded("annotate", async (request, { actor }) => {
  const body = await parseJsonBody(request, claimRequestSchema);
  if (!body.ok) return body.response;
  try {
    const { db } = await getDatabase();
    const dataset = await findDatasetQueue(db, body.data.dataset);
    if (!dataset) return jsonError(404, `No dataset named "${body.data.dataset}"`);
    const { run } = dataset;
    if (!run) return Response.json({ items: [], run: null });
    const claimed = await claimQueueItems(db, {
      datasetId: dataset.datasetId,
      ...run,
      overlap: dataset.overlap,
      ...body.data,
      annotator: actor.username,
      leaseSeconds,
    });
    const first = body.data.first;
    const ids = first === undefined ? claimed : [first, ...claimed.filter((id) => id !== first)];
    // The progress counts are asked for on their own (GET /api/queue/counts): the next items do
    // not wait for them.
    const items = await getQueueItems(db, { ...run, creativeIds: ids });
    return Response.json({ items, run, taxonomyId: dataset.taxonomyId });
  } catch (error) {
    return internalError(error, "Fetching the queue");
  }
});
