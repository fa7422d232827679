import { normalizedRows } from "@/lib/core/linalg/rows";
import { emptyKnnGraph } from "@/lib/core/map/knnGraph";
import { fitPca, projectRows } from "@/lib/core/map/pca";
import { defaultMapOptions, type FittedMap } from "@/lib/core/map/pipeline";

/**
 * A stored map made fit for `transform` again: the PCA is fitted the way the pipeline fits it
 * (same options, same seed) and the stored coordinates are taken as they are. The neighbour graph
 * is not rebuilt: placing new points searches the fitted points afresh.
 */
export function restoreFittedMap(
  vectors: Float32Array,
  dim: number,
  coordinates: Float32Array,
  options: { seed: number; nNeighbors: number },
): FittedMap {
  const mapOptions = { ...defaultMapOptions, ...options };
  const unit = normalizedRows(vectors, dim);
  const pca = fitPca(unit, dim, { components: mapOptions.components, seed: options.seed });
  return {
    coordinates,
    pca,
    projected: projectRows(pca, unit),
    graph: emptyKnnGraph(0, options.nNeighbors - 1),
    options: mapOptions,
    nEpochs: 0,
    knnMethod: "exact",
    timings: { pcaMs: 0, neighboursMs: 0, graphMs: 0, epochsMs: 0 },
  };
}
