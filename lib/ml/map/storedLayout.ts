/**
 * Matching a stored map to the points loaded now, by owner (a creative's text or image, or a
 * label): positions of points it holds are taken as stored, points added since are listed so the
 * page can place them into the map, and stored points no longer loaded drop out. Pure, so the
 * page and the tests share it.
 */

/** The map's point kinds and how the embeddings table names their owners. */
export const ownerTypes = {
  text: "creative_text",
  image: "creative_image",
  label: "label",
} as const;
export type MapPointKind = keyof typeof ownerTypes;

/** A point of a stored map. */
export interface StoredPoint {
  ownerType: (typeof ownerTypes)[MapPointKind];
  ownerId: number;
}

/** The stored form of points, in their order. */
export function storedPointsOf(
  points: readonly { kind: MapPointKind; ownerId: number }[],
): StoredPoint[] {
  return points.map((p) => ({ ownerType: ownerTypes[p.kind], ownerId: p.ownerId }));
}

/** Where a stored map's coordinates land among the loaded points. */
export interface StoredMatch {
  /** `[points.length, 2]`; NaN where the stored map has no such point. */
  coordinates: Float32Array<ArrayBuffer>;
  /** Indices of loaded points the stored map holds, in order. */
  kept: number[];
  /** Indices of loaded points added since: they must be placed into the map. */
  missing: number[];
}

/** Matches a stored map (`[n, 2]` coordinates in its point order) to the loaded points. */
export function matchStoredLayout(
  points: readonly { kind: MapPointKind; ownerId: number }[],
  stored: { points: readonly StoredPoint[]; coordinates: Float32Array },
): StoredMatch {
  const at = new Map<string, number>();
  stored.points.forEach((p, i) => at.set(`${p.ownerType}:${p.ownerId}`, i));
  const coordinates = new Float32Array(points.length * 2).fill(Number.NaN);
  const kept: number[] = [];
  const missing: number[] = [];
  points.forEach((p, i) => {
    const j = at.get(`${ownerTypes[p.kind]}:${p.ownerId}`);
    if (j === undefined) {
      missing.push(i);
      return;
    }
    coordinates[2 * i] = stored.coordinates[2 * j]!;
    coordinates[2 * i + 1] = stored.coordinates[2 * j + 1]!;
    kept.push(i);
  });
  return { coordinates, kept, missing };
}

/** The rows `indices` of `[n, dim]` vectors, as a new array (the worker takes its buffer). */
export function rowsAt(
  vectors: Float32Array,
  dim: number,
  indices: readonly number[],
): Float32Array<ArrayBuffer> {
  const out = new Float32Array(indices.length * dim);
  indices.forEach((row, i) => out.set(vectors.subarray(row * dim, row * dim + dim), i * dim));
  return out;
}
