import { z } from "zod";
import { findDatasetByName } from "@/lib/server/data/creatives";
import { getDatabase } from "@/lib/server/db";
import { internalError, jsonError, parseSearchParams } from "@/lib/server/http";
import { parseJsonBody } from "@/lib/server/http-body";
import { listImagesNeedingOcr, saveOcrResults } from "@/lib/server/images/creativeImages";
import { guarded } from "@/lib/server/auth/guard";

export const dynamic = "force-dynamic";

const querySchema = z.object({
  dataset: z.string().min(1).max(100),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/** The dataset's images that have no OCR text yet, image-only creatives first. */
export const GET = guarded("curate", async (request) => {
  const query = parseSearchParams(querySchema, new URL(request.url).searchParams);
  if (!query.ok) return query.response;
  try {
    const { db } = await getDatabase();
    const dataset = await findDatasetByName(db, query.data.dataset);
    if (!dataset) return jsonError(404, `No dataset named "${query.data.dataset}"`);
    return Response.json(
      await listImagesNeedingOcr(db, { datasetId: dataset.id, limit: query.data.limit }),
    );
  } catch (error) {
    return internalError(error, "Listing images to read");
  }
});

const bodySchema = z.object({
  model: z.string().trim().min(1).max(200),
  results: z
    .array(
      z.object({
        creativeId: z.number().int().positive(),
        text: z.string().max(20_000),
      }),
    )
    .min(1)
    .max(500),
});

/** Stores text read from images in the browser (and as the text of image-only creatives). */
export const POST = guarded("curate", async (request) => {
  const body = await parseJsonBody(request, bodySchema);
  if (!body.ok) return body.response;
  try {
    const { db } = await getDatabase();
    return Response.json(await saveOcrResults(db, body.data));
  } catch (error) {
    return internalError(error, "Storing image text");
  }
});
