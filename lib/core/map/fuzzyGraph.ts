import type { KnnGraph } from "./knnGraph";

/**
 * UMAP's fuzzy simplicial set on typed arrays: each point's neighbour distances become
 * memberships `exp(-(d - rho) / sigma)` (rho: distance to the nearest neighbour, sigma: chosen
 * so memberships sum to log2(nNeighbors)), and the directed graph is symmetrised by the fuzzy
 * union `a + b - ab`. Same maths as umap-js (`smoothKNNDistance`, `computeMembershipStrengths`,
 * `fuzzySimplicialSet`), but umap-js keeps the graph in Maps keyed by "row:col" strings, which
 * took 42 s for 20k points here; this takes well under a second.
 */

const smoothKTolerance = 1e-5;
const minKDistScale = 1e-3;

/** Symmetric weighted edges, each undirected edge listed in both directions (as UMAP samples). */
export interface FuzzyEdges {
  n: number;
  count: number;
  head: Int32Array;
  tail: Int32Array;
  weight: Float32Array;
}

/** Per-point `rho` and `sigma` of the membership function. */
export function smoothKnnDistances(graph: KnnGraph): { sigmas: Float64Array; rhos: Float64Array } {
  const { n, k, distances } = graph;
  // nNeighbors in UMAP's sense counts the point itself.
  const target = Math.log2(k + 1);
  const sigmas = new Float64Array(n);
  const rhos = new Float64Array(n);
  let meanAll = 0;
  for (let p = 0; p < n * k; p++) meanAll += Number.isFinite(distances[p]!) ? distances[p]! : 0;
  meanAll /= n * k;
  for (let i = 0; i < n; i++) {
    const base = i * k;
    let rho = 0;
    let mean = 0;
    for (let p = base; p < base + k; p++) {
      const d = distances[p]!;
      if (!Number.isFinite(d)) continue;
      mean += d;
      if (rho === 0 && d > 0) rho = d;
    }
    mean /= k;
    // Solve sum(exp(-(d - rho) / sigma)) = target for sigma. The sum grows with sigma, so a
    // bracket [lo, hi] is kept and Newton steps are taken inside it (bisection when a step would
    // leave it): about 5 rounds instead of bisection's ~25, each costing k calls to Math.exp,
    // which V8 evaluates in software (1.7 s of 2.2 s at 100,000 points before).
    let lo = 0;
    let hi = Infinity;
    let mid = 1;
    for (let it = 0; it < 64; it++) {
      let psum = 0;
      let slope = 0;
      for (let p = base; p < base + k; p++) {
        const d = distances[p]!;
        if (!Number.isFinite(d)) continue;
        const t = d - rho;
        if (t > 0) {
          const w = Math.exp(-t / mid);
          psum += w;
          slope += w * t;
        } else psum += 1;
      }
      slope /= mid * mid;
      if (Math.abs(psum - target) < smoothKTolerance) break;
      if (psum > target) hi = mid;
      else lo = mid;
      const newton = slope > 0 ? mid - (psum - target) / slope : NaN;
      if (newton > lo && newton < hi) mid = newton;
      else mid = hi === Infinity ? mid * 2 : (lo + hi) / 2;
    }
    const floor = minKDistScale * (rho > 0 ? mean : meanAll);
    sigmas[i] = Math.max(mid, floor);
    rhos[i] = rho;
  }
  return { sigmas, rhos };
}

/** Directed memberships `[n * k]`, aligned with `graph.indices` (0 for empty slots). */
export function memberships(graph: KnnGraph): Float32Array {
  const { n, k, indices, distances } = graph;
  const { sigmas, rhos } = smoothKnnDistances(graph);
  const out = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let p = i * k; p < i * k + k; p++) {
      if (indices[p]! < 0) continue;
      const t = distances[p]! - rhos[i]!;
      out[p] = t <= 0 ? 1 : Math.exp(-t / sigmas[i]!);
    }
  }
  return out;
}

/** The symmetrised fuzzy graph, without edges too weak to be sampled in `nEpochs`. */
export function fuzzyEdges(graph: KnnGraph, nEpochs: number): FuzzyEdges {
  const { n, k, indices } = graph;
  const w = memberships(graph);
  const head = new Int32Array(2 * n * k);
  const tail = new Int32Array(2 * n * k);
  const weight = new Float32Array(2 * n * k);
  let count = 0;
  let max = 0;
  for (let i = 0; i < n; i++) {
    for (let p = i * k; p < i * k + k; p++) {
      const j = indices[p]!;
      if (j < 0) continue;
      // Look for the reverse edge j -> i; when it exists, the smaller index emits the pair.
      let reverse = 0;
      let found = false;
      for (let q = j * k; q < j * k + k; q++) {
        if (indices[q] === i) {
          reverse = w[q]!;
          found = true;
          break;
        }
      }
      if (found && j < i) continue;
      const a = w[p]!;
      const value = a + reverse - a * reverse;
      if (value <= 0) continue;
      head[count] = i;
      tail[count] = j;
      weight[count++] = value;
      head[count] = j;
      tail[count] = i;
      weight[count++] = value;
      if (value > max) max = value;
    }
  }
  // Edges below max / nEpochs would never be sampled (UMAP drops them too).
  let kept = 0;
  for (let e = 0; e < count; e++) {
    if (weight[e]! < max / nEpochs) continue;
    head[kept] = head[e]!;
    tail[kept] = tail[e]!;
    weight[kept++] = weight[e]!;
  }
  return {
    n,
    count: kept,
    head: head.slice(0, kept),
    tail: tail.slice(0, kept),
    weight: weight.slice(0, kept),
  };
}
