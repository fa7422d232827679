import { topKSimilar, type TopK } from "./topk";

/**
 * Where the detector's exact top-k searches run. The detector is pure and describes each search
 * as a {@link TopKRequest}; a {@link TopKSearch} answers it. The default is the WebAssembly SIMD
 * kernel ({@link topKSimilar}), synchronous, the same in the browser worker and in Node; Node
 * can hand in a native runtime instead (onnxruntime's GEMM, several times faster per thread on
 * CPUs with wide vectors), which can only answer asynchronously. Code that searches is written
 * as a generator of requests ({@link Searching}), so one body of code runs under both drivers:
 * {@link runSearches} (synchronous, the default kernel) and {@link runSearchesWith} (any search,
 * awaited).
 */

/** One exact top-k search: the `k` most similar `references` rows of every `queries` row. */
export interface TopKRequest {
  /** `[n, dim]` unit rows. */
  queries: Float32Array;
  /** `[m, dim]` unit rows. */
  references: Float32Array;
  dim: number;
  k: number;
  /**
   * Queries and references are the same matrix: row `i` never returns `i` (a creative is not
   * its own neighbour).
   */
  excludeSelf?: boolean;
}

/**
 * Answers {@link TopKRequest}s with {@link topKSimilar}'s contract: best first, ties by the
 * lower reference index, missing slots `-1` / `-Infinity` (when `k` exceeds the references).
 */
export interface TopKSearch {
  /** What computes the searches, for logs and benchmarks. */
  readonly name: string;
  topK(request: TopKRequest): TopK | Promise<TopK>;
}

/** Code that asks for top-k searches while it runs and finally returns a `T`. */
export type Searching<T> = Generator<TopKRequest, T, TopK>;

/** Asks the driver for one search (`const top = yield* searchTopK({...})`). */
export function* searchTopK(request: TopKRequest): Searching<TopK> {
  return yield request;
}

/** The detector's own kernel: WebAssembly SIMD where available, else TypeScript. */
export const kernelTopKSearch: TopKSearch = {
  name: "kernel",
  topK: (r) => topKSimilar(r.queries, r.references, r.dim, r.k, { excludeSelf: r.excludeSelf }),
};

/** Runs `steps` to completion on the detector's own (synchronous) kernel. */
export function runSearches<T>(steps: Searching<T>): T {
  let step = steps.next();
  while (!step.done) {
    const r = step.value;
    step = steps.next(
      topKSimilar(r.queries, r.references, r.dim, r.k, { excludeSelf: r.excludeSelf }),
    );
  }
  return step.value;
}

/** Runs `steps` to completion, each search answered (and awaited) by `search`. */
export async function runSearchesWith<T>(steps: Searching<T>, search: TopKSearch): Promise<T> {
  let step = steps.next();
  while (!step.done) step = steps.next(await search.topK(step.value));
  return step.value;
}
