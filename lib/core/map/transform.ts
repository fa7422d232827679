import { exactKnn } from "./exactKnn";
import { memberships } from "./fuzzyGraph";
import { defaultCurve } from "./layout";
import { projectRows } from "./pca";
import type { FittedMap } from "./pipeline";
import { randomInt, seededRandom } from "./random";

/**
 * Places points added after a map was computed (UMAP's `transform`): each new point starts at the
 * membership-weighted mean of its nearest fitted points and is then pulled toward them and pushed
 * from random fitted points for a few epochs while the fitted map stays still. The existing map
 * does not move, so an analyst's picture stays recognisable.
 */
export async function placeNewPoints(
  fitted: FittedMap,
  vectors: Float32Array,
  dim: number,
  options: { seed?: number; nEpochs?: number } = {},
): Promise<Float32Array<ArrayBuffer>> {
  const { pca, projected, coordinates, options: mapOptions } = fitted;
  if (dim !== pca.dim) throw new Error(`new points have ${dim} dimensions, the map ${pca.dim}`);
  const m = vectors.length / dim;
  const queries = projectRows(pca, vectors, { unitRows: true });
  const k = Math.min(mapOptions.nNeighbors - 1, coordinates.length / 2);
  const graph = await exactKnn(queries, projected, pca.components, k, { sameSet: false });
  const w = memberships(graph);
  const out = new Float32Array(m * 2);
  for (let i = 0; i < m; i++) {
    let sum = 0;
    for (let p = i * k; p < i * k + k; p++) sum += w[p]!;
    for (let p = i * k; p < i * k + k; p++) {
      const j = graph.indices[p]!;
      const share = sum > 0 ? w[p]! / sum : 1 / k;
      out[2 * i]! += share * coordinates[2 * j]!;
      out[2 * i + 1]! += share * coordinates[2 * j + 1]!;
    }
  }
  const random = seededRandom(options.seed ?? mapOptions.seed);
  const nEpochs = options.nEpochs ?? 30;
  const { a, b } = defaultCurve;
  const fittedCount = coordinates.length / 2;
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    const alpha = 1 - epoch / nEpochs;
    for (let i = 0; i < m; i++) {
      for (let p = i * k; p < i * k + k; p++) {
        if (random() > w[p]!) continue; // sample edges in proportion to membership
        const j = graph.indices[p]!;
        const dx = out[2 * i]! - coordinates[2 * j]!;
        const dy = out[2 * i + 1]! - coordinates[2 * j + 1]!;
        const d2 = dx * dx + dy * dy;
        if (d2 > 0) {
          const pb = Math.exp(b * Math.log(d2));
          const coeff = (-2 * a * b * (pb / d2)) / (a * pb + 1);
          out[2 * i]! += Math.max(-4, Math.min(4, coeff * dx)) * alpha;
          out[2 * i + 1]! += Math.max(-4, Math.min(4, coeff * dy)) * alpha;
        }
        for (let s = 0; s < 5; s++) {
          const o = randomInt(random, fittedCount);
          const ex = out[2 * i]! - coordinates[2 * o]!;
          const ey = out[2 * i + 1]! - coordinates[2 * o + 1]!;
          const e2 = ex * ex + ey * ey;
          if (e2 <= 0) continue;
          const coeff = (2 * b) / ((0.001 + e2) * (a * Math.exp(b * Math.log(e2)) + 1));
          out[2 * i]! += Math.max(-4, Math.min(4, coeff * ex)) * alpha;
          out[2 * i + 1]! += Math.max(-4, Math.min(4, coeff * ey)) * alpha;
        }
      }
    }
  }
  return out;
}
