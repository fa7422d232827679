import { clusteredVectors } from "@/lib/core/map/synthetic";
import { computeMapLayout } from "./client";
import type { MapEngine } from "./protocol";

/**
 * Browser entry of `npm run bench:map`: generates the clustered points in the page (so 150 MB of
 * vectors never cross the DevTools connection), maps them through the real worker client, and
 * hands back timings, a checksum of the input (the script regenerates the same points in Node to
 * score the layout) and the coordinates.
 */

/** What one bench run returns to the script. */
export interface BenchRun {
  n: number;
  engine: MapEngine;
  seconds: number;
  checksum: number;
  knnMethod: string;
  timings: Record<string, number>;
  layoutUpdates: number;
  coordinates: number[];
}

declare global {
  interface Window {
    runMapBench: (n: number, dim: number, seed: number, engine: MapEngine) => Promise<BenchRun>;
  }
}

window.runMapBench = async (n, dim, seed, engine) => {
  const { vectors } = clusteredVectors({ n, dim, seed });
  let checksum = 0;
  for (let i = 0; i < vectors.length; i += 97) checksum += vectors[i]!;
  let layoutUpdates = 0;
  const start = performance.now();
  const result = await computeMapLayout(
    vectors,
    dim,
    { engine },
    {
      onProgress: (progress) => {
        if (progress.kind === "layout") layoutUpdates++;
      },
    },
  );
  const seconds = (performance.now() - start) / 1000;
  return {
    n,
    engine,
    seconds,
    checksum,
    knnMethod: result.knnMethod,
    timings: result.timings,
    layoutUpdates,
    coordinates: Array.from(result.coordinates),
  };
};
