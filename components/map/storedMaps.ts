import { z } from "zod";
import { storedPointsOf, type StoredPoint } from "@/lib/ml/map/storedLayout";
import type { MapPoint } from "./mapData";

/**
 * Stored maps as the page uses them: which points a map holds (`pointsKey`) and the calls to
 * `GET`/`PUT /api/maps` (matching a stored map to the loaded points is in
 * `lib/ml/map/storedLayout.ts`).
 */

/** Which points of a dataset a map holds: all of them (texts, images, labels) by default. */
export const allPointsKey = "text+image+label";

/** The points both models embedded, for a side-by-side comparison with `other`. */
export function commonPointsKey(other: { modelId: string; modelVersion: string }): string {
  return `common-with:${other.modelId}@${other.modelVersion}`;
}

const storedPointSchema = z.object({
  ownerType: z.enum(["creative_text", "creative_image", "label"]),
  ownerId: z.number().int(),
});

/** A stored map as the page holds it. */
export interface StoredLayout {
  points: StoredPoint[];
  /** `[points.length, 2]`. */
  coordinates: Float32Array;
  datasetVersion: number;
  createdBy: string;
  createdAt: string;
}

/** What identifies a stored map on the server. */
export interface StoredMapAddress {
  dataset: string;
  modelId: string;
  modelVersion: string;
  pointsKey: string;
  datasetVersion: number;
}

const findResponseSchema = z.object({
  map: z
    .object({
      datasetVersion: z.number().int(),
      points: z.array(storedPointSchema),
      coordinates: z.string(),
      createdBy: z.string(),
      createdAt: z.string(),
    })
    .nullable(),
});

/** The stored map for an address, or null when none was stored. */
export async function fetchStoredLayout(
  address: StoredMapAddress,
  signal?: AbortSignal,
): Promise<StoredLayout | null> {
  const params = new URLSearchParams({
    dataset: address.dataset,
    modelId: address.modelId,
    modelVersion: address.modelVersion,
    pointsKey: address.pointsKey,
    datasetVersion: String(address.datasetVersion),
  });
  const response = await fetch(`/api/maps?${params}`, { signal });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new Error(`Reading the stored map failed (${response.status})`);
  const parsed = findResponseSchema.safeParse(body);
  if (!parsed.success) throw new Error("The stored map was not understood");
  const map = parsed.data.map;
  if (!map) return null;
  const coordinates = floatsOf(map.coordinates);
  if (coordinates.length !== map.points.length * 2) return null;
  return { ...map, coordinates };
}

/** Stores a map computed (or completed) in this browser. */
export async function saveStoredLayout(
  address: StoredMapAddress,
  points: readonly MapPoint[],
  coordinates: Float32Array,
  params: Record<string, unknown>,
): Promise<void> {
  const response = await fetch("/api/maps", {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      ...address,
      points: storedPointsOf(points),
      coordinates: base64Of(coordinates),
      params,
    }),
  });
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    const message = z.object({ error: z.object({ message: z.string() }) }).safeParse(body);
    throw new Error(message.success ? message.data.error.message : `status ${response.status}`);
  }
}

function floatsOf(base64: string): Float32Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Float32Array(bytes.buffer, 0, Math.floor(bytes.length / 4));
}

function base64Of(values: Float32Array): string {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
