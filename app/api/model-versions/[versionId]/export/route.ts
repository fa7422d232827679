import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import {
  exportFormats,
  exportStoredVersion,
  ModelExportRefusedError,
} from "@/lib/core/adaptation/export/modelExport";
import { zipFolder } from "@/lib/core/adaptation/export/zip";
import { bundledModelId } from "@/lib/core/models/registry";
import { guarded } from "@/lib/server/auth/guard";
import { getModelVersion } from "@/lib/server/data/modelVersions";
import { getDatabase } from "@/lib/server/db";
import { internalError, jsonError, parseSearchParams } from "@/lib/server/http";

export const dynamic = "force-dynamic";

const querySchema = z.object({ format: z.enum(exportFormats) });

/** The bundled model's folder as the app serves it: what a bundled-model version is folded into. */
const readBundledFile = (file: string) =>
  readFile(path.join(process.cwd(), "public/models", bundledModelId, file));

/**
 * Downloads a version as a zipped model folder, `?format=transformers-js|sentence-transformers`
 * (see `exportVersionFolder` for what each holds). Reading only: anyone who may analyse may take
 * the model out.
 */
export const GET = guarded<{ versionId: string }>("analyze", async (request, { params }) => {
  const versionId = z.coerce.number().int().positive().safeParse(params.versionId);
  if (!versionId.success) return jsonError(400, `Invalid version id "${params.versionId}"`);
  const query = parseSearchParams(querySchema, new URL(request.url).searchParams);
  if (!query.ok) return query.response;
  try {
    const { db } = await getDatabase();
    const stored = await getModelVersion(db, versionId.data);
    if (!stored) return jsonError(404, `No model version ${versionId.data}`);
    const { name, files } = await exportStoredVersion(stored, query.data.format, readBundledFile);
    const zip = zipFolder(files);
    return new Response(new Blob([new Uint8Array(zip)]), {
      headers: {
        "content-type": "application/zip",
        "content-disposition": `attachment; filename="${name}.zip"`,
        "content-length": String(zip.byteLength),
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    if (error instanceof ModelExportRefusedError) return jsonError(422, error.message);
    return internalError(error, "Exporting the model version");
  }
});
