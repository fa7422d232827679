import { z } from "zod";
import { detectorRunUploadSchema, maxBrowserRunCreatives } from "@/lib/core/detector/runPayload";
import { float32ToBase64 } from "@/lib/ml/embedding/vectorCodec";
import { findDatasetByName } from "@/lib/server/data/creatives";
import { loadRunInputs } from "@/lib/server/data/detectorInputs";
import { DetectorRunRejectedError, storeDetectorRun } from "@/lib/server/data/detectorScores";
import { getDatabase } from "@/lib/server/db";
import { internalError, jsonError, parseSearchParams } from "@/lib/server/http";
import { parseJsonBody } from "@/lib/server/http-body";
import { guarded } from "@/lib/server/auth/guard";

export const dynamic = "force-dynamic";

const querySchema = z.object({
  dataset: z.string().min(1).max(100),
  modelId: z.string().min(1).max(200),
  modelVersion: z.string().min(1).max(200),
});

/**
 * The inputs of a detector run over a dataset with one model version, for the browser's
 * detector worker: embedded creatives with their labels and decisions, embedded labels, vectors.
 */
export const GET = guarded("compute", async (request) => {
  const query = parseSearchParams(querySchema, new URL(request.url).searchParams);
  if (!query.ok) return query.response;
  try {
    const { db } = await getDatabase();
    const dataset = await findDatasetByName(db, query.data.dataset);
    if (!dataset) return jsonError(404, `No dataset named "${query.data.dataset}"`);
    const inputs = await loadRunInputs(db, {
      datasetId: dataset.id,
      modelId: query.data.modelId,
      modelVersion: query.data.modelVersion,
    });
    if (inputs.creatives.length > maxBrowserRunCreatives) {
      return jsonError(
        413,
        `Dataset "${dataset.name}" has ${inputs.creatives.length} embedded creatives; a browser run takes at most ${maxBrowserRunCreatives}. Run \`npm run score\` instead.`,
      );
    }
    return Response.json({
      datasetId: inputs.datasetId,
      modelId: query.data.modelId,
      modelVersion: query.data.modelVersion,
      separator: inputs.separator,
      dim: inputs.dim,
      creatives: inputs.creatives,
      labels: inputs.labels,
      texts: float32ToBase64(inputs.texts),
      labelVectors: float32ToBase64(inputs.labelVectors),
      ...(inputs.images ? { images: float32ToBase64(inputs.images) } : {}),
    });
  } catch (error) {
    return internalError(error, "Reading the detector's inputs");
  }
});

/** Stores a detector run computed in the browser: verdicts, queue ranks, groups, nearest labels. */
export const POST = guarded("compute", async (request) => {
  const body = await parseJsonBody(request, detectorRunUploadSchema);
  if (!body.ok) return body.response;
  const { datasetId, modelId, modelVersion, creativeIds, labelIds, rows, groups } = body.data;
  try {
    const { db } = await getDatabase();
    const stored = await db.transaction((tx) =>
      storeDetectorRun(tx, {
        datasetId,
        modelId,
        modelVersion,
        creativeIds,
        labelIds,
        run: { rows, groups },
      }),
    );
    return Response.json(stored);
  } catch (error) {
    if (error instanceof DetectorRunRejectedError) return jsonError(400, error.message);
    return internalError(error, "Storing the detector run");
  }
});
