import { z } from "zod";

/**
 * What the map shows: one point per creative text, creative image and label, with what colouring,
 * hover and selection need, and the vectors in the same order. The server endpoint and the demo
 * generator both produce this shape.
 */

export const pointKinds = ["text", "image", "label"] as const;
export type PointKind = (typeof pointKinds)[number];

export const mapPointSchema = z.object({
  kind: z.enum(pointKinds),
  /** Creative id for text and image points, label id for label points. */
  ownerId: z.number().int(),
  /** Hover text: the creative's text, or the label's path joined with " > ". */
  label: z.string(),
  /** The creative's current label path (predicted or decided), or the label's own path. */
  branch: z.array(z.string()),
  flag: z.enum(["wrong_label", "new_label"]).nullable(),
  decided: z.boolean(),
  /** The creative has an image: its thumbnail shows on hover. */
  hasImage: z.boolean().optional(),
});
export type MapPoint = z.infer<typeof mapPointSchema>;

/** The points with their `[points.length, dim]` vectors. */
export interface MapData {
  points: MapPoint[];
  dim: number;
  vectors: Float32Array<ArrayBuffer>;
  /** Where the data came from, for the page's caption. */
  source: string;
  /** The dataset version the points belong to (server data only): stored maps are keyed by it. */
  datasetVersion?: number;
}

/** Counts of points per kind. */
export function countKinds(points: readonly MapPoint[]): Record<PointKind, number> {
  const counts: Record<PointKind, number> = { text: 0, image: 0, label: 0 };
  for (const p of points) counts[p.kind]++;
  return counts;
}
