import { simdDimStep, simdTileRows, similarityFunction } from "./simdSimilarity";
import { selectTopKFunction } from "./simdTopK";
import { wasmModule } from "./wasmEncoding";

/**
 * Runs the WebAssembly SIMD similarity kernel over Float32Array matrices: copies the reference
 * matrix once into a zero-padded layout in the module's memory, then one block of query rows at
 * a time. Where WebAssembly SIMD is missing (or the matrices do not fit in its memory) callers
 * get `undefined` and use the TypeScript kernel, so scoring still works everywhere.
 */

/** WebAssembly memory is allocated in pages of 64 KiB. */
const pageBytes = 65536;

/** Largest memory asked of the engine: above it the TypeScript kernel runs instead. */
const maxMemoryBytes = 2 ** 31;

type SimilarityExport = (
  a: number,
  rows: number,
  b: number,
  cols: number,
  dim: number,
  out: number,
) => void;

type SelectTopKExport = (
  block: number,
  rows: number,
  stride: number,
  count: number,
  k: number,
  scores: number,
  indices: number,
  skipBase: number,
) => void;

/** A product against one prepared reference matrix; see {@link prepareSimdSimilarity}. */
export interface SimdSimilarity {
  /**
   * The `[rows, bCount]` similarities of rows `start..start+rows` of `a`, in a view that the
   * next call overwrites.
   */
  block(a: Float32Array, start: number, rows: number): Float32Array;
  /**
   * The top `k` (as given to {@link prepareSimdSimilarity}) of the same rows, best first, into
   * `scores` / `indices` from slot `start * k`, never materialising the rows' scores in
   * JavaScript; with `excludeSelf` row `start + i` skips column `start + i`.
   */
  topK(
    a: Float32Array,
    start: number,
    rows: number,
    scores: Float32Array,
    indices: Int32Array,
    excludeSelf: boolean,
  ): void;
}

let compiled: WebAssembly.Module | null | undefined;

/** The compiled module, or `null` where the engine lacks WebAssembly or its SIMD proposal. */
function simdModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    const bytes = wasmModule([similarityFunction(), selectTopKFunction()]);
    compiled =
      typeof WebAssembly === "object" && WebAssembly.validate(bytes)
        ? new WebAssembly.Module(bytes)
        : null;
  } catch {
    compiled = null; // no WebAssembly here: the TypeScript kernel runs
  }
  return compiled;
}

/** Whether this engine runs the SIMD kernel (false means the TypeScript kernel is used). */
export function simdAvailable(): boolean {
  return simdModule() !== null;
}

/** Names of the similarity kernels, as a run reports which one scored it. */
export const similarityKernels = ["wasm-simd", "typescript"] as const;
export type SimilarityKernelName = (typeof similarityKernels)[number];

/** The kernel `forEachSimilarityBlock` and `topKSimilar` use in this engine. */
export function similarityKernelName(): SimilarityKernelName {
  return simdAvailable() ? "wasm-simd" : "typescript";
}

const roundUp = (value: number, step: number) => Math.ceil(value / step) * step;

/**
 * Prepares products against the reference matrix `b` (`[bCount, dim]`) for blocks of at most
 * `maxRows` query rows, with room for a top-`k` selection. `undefined` when SIMD is unavailable
 * or the buffers would not fit, so the caller runs the TypeScript kernel instead.
 */
export function prepareSimdSimilarity(
  b: Float32Array,
  dim: number,
  maxRows: number,
  k = 0,
): SimdSimilarity | undefined {
  const compiledModule = simdModule();
  if (!compiledModule) return undefined;
  const bCount = b.length / dim;
  const dimP = roundUp(dim, simdDimStep);
  const cols = roundUp(bCount, 4);
  const rowsP = roundUp(maxRows, simdTileRows);
  const bBytes = cols * dimP * 4;
  const aBytes = rowsP * dimP * 4;
  const outBytes = rowsP * cols * 4;
  const topBytes = roundUp(rowsP * k * 4, 16);
  const total = bBytes + aBytes + outBytes + 2 * topBytes;
  if (total > maxMemoryBytes) return undefined;
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(total / pageBytes)) });
  } catch {
    return undefined; // the engine refused the allocation: fall back rather than fail
  }
  const instance = new WebAssembly.Instance(compiledModule, { env: { memory } });
  const similarity = instance.exports.similarity as SimilarityExport;
  const selectTopK = instance.exports.selectTopK as SelectTopKExport;
  const heap = new Float32Array(memory.buffer);
  const heapIndices = new Int32Array(memory.buffer);
  const aAt = bBytes;
  const outAt = aAt + aBytes;
  const scoresAt = outAt + outBytes;
  const indicesAt = scoresAt + topBytes;
  pack(heap, 0, b, 0, bCount, cols, dim, dimP, 4);
  const out = new Float32Array(memory.buffer, outAt, rowsP * cols);
  const compact = cols === bCount ? null : new Float32Array(maxRows * bCount);
  const multiply = (a: Float32Array, start: number, rows: number) => {
    const tiledRows = roundUp(rows, simdTileRows);
    pack(heap, aAt / 4, a, start, rows, tiledRows, dim, dimP, 1);
    similarity(aAt, tiledRows, 0, cols, dimP, outAt);
  };
  return {
    block(a, start, rows) {
      multiply(a, start, rows);
      if (!compact) return out.subarray(0, rows * bCount);
      for (let i = 0; i < rows; i++) {
        compact.set(out.subarray(i * cols, i * cols + bCount), i * bCount);
      }
      return compact.subarray(0, rows * bCount);
    },
    topK(a, start, rows, scores, indices, excludeSelf) {
      if (k === 0) return;
      multiply(a, start, rows);
      const slots = rows * k;
      heap.fill(-Infinity, scoresAt / 4, scoresAt / 4 + slots);
      heapIndices.fill(-1, indicesAt / 4, indicesAt / 4 + slots);
      selectTopK(outAt, rows, cols, bCount, k, scoresAt, indicesAt, excludeSelf ? start : -1);
      scores.set(heap.subarray(scoresAt / 4, scoresAt / 4 + slots), start * k);
      indices.set(heapIndices.subarray(indicesAt / 4, indicesAt / 4 + slots), start * k);
    },
  };
}

/**
 * Copies rows `start..start+rows` of `src` to `heap` at float offset `at` in the kernel's packed
 * layout: rows in groups of `group`, and within a group four dimensions of each row in turn, so
 * the kernel reads every vector at a fixed offset from one moving pointer. Rows from `rows` to
 * `paddedRows` are zero; padded dimensions are never written and stay zero.
 */
function pack(
  heap: Float32Array,
  at: number,
  src: Float32Array,
  start: number,
  rows: number,
  paddedRows: number,
  dim: number,
  dimP: number,
  group: number,
): void {
  if (group === 1) {
    // row-major with padded rows: whole-row copies (one copy of the block when nothing is padded)
    if (dimP === dim) heap.set(src.subarray(start * dim, (start + rows) * dim), at);
    else
      for (let t = 0; t < rows; t++)
        heap.set(src.subarray((start + t) * dim, (start + t + 1) * dim), at + t * dimP);
    heap.fill(0, at + rows * dimP, at + paddedRows * dimP);
    return;
  }
  const stride = 4 * group;
  for (let t = 0; t < paddedRows; t++) {
    const base = at + Math.floor(t / group) * group * dimP + (t % group) * 4;
    if (t >= rows) {
      for (let d = 0; d < dim; d++) heap[base + (d >> 2) * stride + (d & 3)] = 0;
      continue;
    }
    const from = (start + t) * dim;
    let d = 0;
    for (; d + 4 <= dim; d += 4) {
      const o = base + (d >> 2) * stride;
      heap[o] = src[from + d]!;
      heap[o + 1] = src[from + d + 1]!;
      heap[o + 2] = src[from + d + 2]!;
      heap[o + 3] = src[from + d + 3]!;
    }
    for (; d < dim; d++) heap[base + (d >> 2) * stride + (d & 3)] = src[from + d]!;
  }
}
