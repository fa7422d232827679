/**
 * Vector kernels over row-major Float32Array matrices of unit rows: the blocked similarity
 * product, fused top-k, exact k-nearest neighbours. Pure TypeScript for workers and Node alike.
 */
export { forEachSimilarityBlock, similarityKernel, similarityMatrix } from "./gemm";
export type { SimilarityBlockOptions } from "./gemm";
export { simdAvailable, similarityKernelName, similarityKernels } from "./simd";
export type { SimilarityKernelName } from "./simd";
export {
  gatherRows,
  meanDirection,
  normalizedRows,
  normalizeRowsInPlace,
  randomUnitRows,
  rowCount,
  rowDot,
} from "./rows";
export { emptyTopK, scanRowTopK, topKSimilar } from "./topk";
export type { TopK, TopKOptions } from "./topk";
