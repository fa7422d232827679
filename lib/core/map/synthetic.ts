import { normalizeRowsInPlace } from "@/lib/core/linalg/rows";
import { gaussian, randomInt, seededRandom } from "./random";

/**
 * Clustered unit vectors that look like sentence embeddings of a labelled dataset: groups of
 * sub-clusters (a label branch and its children) on the sphere, with noise. The benchmark, the
 * tests and the map page's demo mode draw from here so they all see the same shapes.
 */

/** Options of {@link clusteredVectors}. */
export interface ClusteredOptions {
  n: number;
  dim: number;
  seed: number;
  /** Top-level groups. */
  groups?: number;
  /** Sub-clusters per group. */
  subclusters?: number;
  /** Noise norm relative to the unit cluster centre. */
  noise?: number;
}

/** `n` unit vectors and the (group, sub-cluster) each was drawn from. */
export interface ClusteredVectors {
  vectors: Float32Array<ArrayBuffer>;
  group: Int32Array;
  cluster: Int32Array;
  /** `[groups * subclusters, dim]` unit centres. */
  centres: Float32Array;
}

/** Draws clustered vectors; the same options give the same vectors. */
export function clusteredVectors(options: ClusteredOptions): ClusteredVectors {
  const { n, dim } = options;
  const groups = options.groups ?? 10;
  const subclusters = options.subclusters ?? 5;
  const noise = options.noise ?? 0.9;
  const random = seededRandom(options.seed);
  const clusters = groups * subclusters;
  const centres = new Float32Array(clusters * dim);
  const scale = 1 / Math.sqrt(dim);
  for (let g = 0; g < groups; g++) {
    const groupCentre = new Float32Array(dim).map(() => gaussian(random) * scale);
    for (let s = 0; s < subclusters; s++) {
      const o = (g * subclusters + s) * dim;
      for (let c = 0; c < dim; c++) {
        centres[o + c] = groupCentre[c]! + 0.6 * gaussian(random) * scale;
      }
    }
  }
  normalizeRowsInPlace(centres, dim);
  const vectors = new Float32Array(n * dim);
  const group = new Int32Array(n);
  const cluster = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = randomInt(random, clusters);
    cluster[i] = c;
    group[i] = Math.floor(c / subclusters);
    for (let d = 0; d < dim; d++) {
      vectors[i * dim + d] = centres[c * dim + d]! + noise * gaussian(random) * scale;
    }
  }
  normalizeRowsInPlace(vectors, dim);
  return { vectors, group, cluster, centres };
}
