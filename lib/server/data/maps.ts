import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "../db";
import { embeddingOwners } from "../db/schema";
import { rowsOf } from "./taxonomies";

/** Which map: a dataset under one model, and which of its points (`pointsKey`). */
export interface StoredMapKey {
  datasetId: number;
  modelId: string;
  modelVersion: string;
  pointsKey: string;
}

/** A point of a stored map, as the embeddings table names its owner. */
export interface StoredMapPoint {
  ownerType: (typeof embeddingOwners)[number];
  ownerId: number;
}

export interface StoredMap extends StoredMapKey {
  id: number;
  datasetVersion: number;
  points: StoredMapPoint[];
  /** Little-endian float32 x,y pairs in point order. */
  coordinates: Buffer;
  params: Record<string, unknown>;
  state: Record<string, unknown>;
  createdBy: string;
  createdAt: string;
}

/** Thrown when a map to store does not hold together; the message says how. */
export class StoredMapRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StoredMapRejectedError";
  }
}

/**
 * The newest stored map for a key at or before a dataset version: a map of an older version is
 * still the right start after an import, since the page places the points added since into it.
 */
export async function findStoredMap(
  db: Executor,
  input: StoredMapKey & { atVersion: number },
): Promise<StoredMap | null> {
  const [row] = rowsOf<{
    id: number;
    dataset_id: number;
    dataset_version: number;
    model_id: string;
    model_version: string;
    points_key: string;
    points: StoredMapPoint[];
    coordinates: Uint8Array;
    params: Record<string, unknown>;
    state: Record<string, unknown>;
    created_by: string;
    created_at: Date | string;
  }>(
    await db.execute(sql`
      select * from maps where dataset_id = ${input.datasetId} and model_id = ${input.modelId}
        and model_version = ${input.modelVersion} and points_key = ${input.pointsKey}
        and dataset_version <= ${input.atVersion}
      order by dataset_version desc limit 1`),
  );
  if (!row) return null;
  return {
    id: row.id,
    datasetId: row.dataset_id,
    datasetVersion: row.dataset_version,
    modelId: row.model_id,
    modelVersion: row.model_version,
    pointsKey: row.points_key,
    points: row.points,
    coordinates: Buffer.from(row.coordinates),
    params: row.params,
    state: row.state,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/**
 * Stores a computed map under its key and dataset version, replacing the one stored there (a
 * recomputed map wins). Coordinates must be finite x,y pairs, one per point.
 */
export async function saveStoredMap(
  db: Executor,
  input: StoredMapKey & {
    datasetVersion: number;
    points: StoredMapPoint[];
    coordinates: Buffer;
    params: Record<string, unknown>;
    state?: Record<string, unknown>;
    createdBy: string;
  },
): Promise<{ id: number }> {
  if (input.coordinates.byteLength !== input.points.length * 8) {
    throw new StoredMapRejectedError(
      `${input.points.length} points need ${input.points.length * 8} bytes of coordinates, got ${input.coordinates.byteLength}`,
    );
  }
  const view = new DataView(
    input.coordinates.buffer,
    input.coordinates.byteOffset,
    input.coordinates.byteLength,
  );
  for (let offset = 0; offset < view.byteLength; offset += 4) {
    if (!Number.isFinite(view.getFloat32(offset, true))) {
      throw new StoredMapRejectedError(`point ${Math.floor(offset / 8)} has no finite position`);
    }
  }
  const [version] = rowsOf<{ version: number }>(
    await db.execute(sql`select version from datasets where id = ${input.datasetId}`),
  );
  if (!version) throw new StoredMapRejectedError(`No dataset ${input.datasetId}`);
  if (input.datasetVersion > version.version) {
    throw new StoredMapRejectedError(
      `Dataset version ${input.datasetVersion} does not exist yet (it is at ${version.version})`,
    );
  }
  const [row] = rowsOf<{ id: number }>(
    await db.execute(sql`
      insert into maps (dataset_id, dataset_version, model_id, model_version, points_key, points,
        coordinates, params, state, created_by)
      values (${input.datasetId}, ${input.datasetVersion}, ${input.modelId}, ${input.modelVersion},
        ${input.pointsKey}, ${JSON.stringify(input.points)}::jsonb, decode(${input.coordinates.toString("base64")}, 'base64'),
        ${JSON.stringify(input.params)}::jsonb, ${JSON.stringify(input.state ?? {})}::jsonb,
        ${input.createdBy})
      on conflict (dataset_id, dataset_version, model_id, model_version, points_key) do update set
        points = excluded.points, coordinates = excluded.coordinates, params = excluded.params,
        state = excluded.state, created_by = excluded.created_by, created_at = now()
      returning id`),
  );
  if (!row) throw new Error("The map was not stored");
  return row;
}
