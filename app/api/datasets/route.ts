import { listDatasets } from "@/lib/server/data/creatives";
import { getDatabase } from "@/lib/server/db";
import { internalError } from "@/lib/server/http";
import { guarded } from "@/lib/server/auth/guard";

export const dynamic = "force-dynamic";

/** Every dataset with its counts. */
export const GET = guarded("read", async () => {
  try {
    const { db } = await getDatabase();
    return Response.json({ datasets: await listDatasets(db) });
  } catch (error) {
    return internalError(error, "Listing datasets");
  }
});
