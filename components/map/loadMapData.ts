import { z } from "zod";
import { mapPointSchema, type MapData } from "./mapData";
import { syntheticMapData } from "./syntheticMapData";

/**
 * The one place the map page gets its data. `source: "demo"` draws a seeded synthetic dataset
 * in the browser (works with no server data); otherwise the server's `GET /api/map-data`
 * answers with the points of a dataset under one model and their vectors as base64 float32.
 */

/** Which map to load. */
export type MapQuery =
  | { source: "demo"; points?: number }
  | { source: "server"; dataset: string; modelId: string; modelVersion: string };

const responseSchema = z.object({
  datasetVersion: z.number().int().positive(),
  points: z.array(mapPointSchema),
  dim: z.number().int().positive(),
  vectors: z.string(),
});

/** A load failure with a message an analyst can read. */
export class MapDataError extends Error {
  override name = "MapDataError";
}

function decodeVectors(base64: string): Float32Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  if (bytes.length % 4 !== 0) throw new MapDataError("the vectors are not whole float32 values");
  return new Float32Array(bytes.buffer);
}

/** Loads the points and vectors of a map. */
export async function loadMapData(query: MapQuery, signal?: AbortSignal): Promise<MapData> {
  if (query.source === "demo") return syntheticMapData({ creatives: query.points ?? 1500 });
  const params = new URLSearchParams({
    dataset: query.dataset,
    modelId: query.modelId,
    modelVersion: query.modelVersion,
  });
  const response = await fetch(`/api/map-data?${params}`, { signal });
  const isJson = response.headers.get("content-type")?.includes("application/json") ?? false;
  if (response.status === 404 && !isJson) {
    // No route at all (an HTML not-found page), as opposed to a JSON "no such dataset".
    throw new MapDataError(
      "This server does not provide map data yet (GET /api/map-data); open the demo map instead.",
    );
  }
  const body: unknown = isJson ? await response.json() : null;
  if (!response.ok) {
    const message =
      typeof body === "object" && body !== null && "error" in body ? errorMessage(body.error) : "";
    throw new MapDataError(`Loading the map data failed (${response.status}) ${message}`.trim());
  }
  const parsed = responseSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MapDataError(`Unreadable map data: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  const { points, dim } = parsed.data;
  const vectors = decodeVectors(parsed.data.vectors);
  if (vectors.length !== points.length * dim) {
    throw new MapDataError(`${points.length} points but ${vectors.length / dim} vectors`);
  }
  return {
    points,
    dim,
    vectors,
    source: `${query.dataset} · ${query.modelId}@${query.modelVersion}`,
    datasetVersion: parsed.data.datasetVersion,
  };
}

/** The message of the server's `{ error: { message } }` answer. */
function errorMessage(error: unknown): string {
  if (typeof error === "object" && error !== null && "message" in error) {
    return String(error.message);
  }
  return String(error);
}
