import { prepareSimdSimilarity } from "./simd";

/**
 * The TypeScript similarity kernel, the fallback where WebAssembly SIMD (./simd.ts) is missing:
 * dot products between rows of two unit-row matrices, computed in tiles. V8 does not vectorise,
 * so speed comes from register blocking: a 4x4 micro-kernel keeps sixteen running sums in
 * locals and loads 8 values per 16 multiply-adds, and tiles of both matrices are sized to stay
 * in the L2 cache. No function call or allocation happens per pair. The kernel
 * reads Float64Array copies (one of the label matrix, one scratch block of creatives): V8 then
 * skips a float32-to-float64 conversion per load, measured at about 1.4x the speed of reading
 * the Float32Arrays directly, and the copies cost one pass over the data.
 */

/** Rows of the second matrix per cache tile: 64 x 256-d doubles = 128 KiB. */
const tileRows = 64;

/**
 * Writes `a[i] . b[j]` for `i < aRows`, every row `j` of `b`, into `out[i * bCount + j]`
 * (`bCount = b.length / dim`). `out` must hold `aRows * bCount` floats. Monomorphic on purpose
 * (always Float64Array inputs) so V8 keeps one optimised version.
 */
// The micro-kernel is laid out as the 4x4 grid it computes, so formatting is left alone.
// prettier-ignore
export function similarityKernel(
  a: Float64Array,
  aRows: number,
  b: Float64Array,
  dim: number,
  out: Float32Array,
): void {
  const bCount = b.length / dim;
  for (let j0 = 0; j0 < bCount; j0 += tileRows) {
    const j1 = Math.min(bCount, j0 + tileRows);
    const j4 = j0 + ((j1 - j0) & ~3);
    let i = 0;
    for (; i + 4 <= aRows; i += 4) {
      const r0 = i * dim;
      const r1 = r0 + dim;
      const r2 = r1 + dim;
      const r3 = r2 + dim;
      const o0 = i * bCount;
      const o1 = o0 + bCount;
      const o2 = o1 + bCount;
      const o3 = o2 + bCount;
      let j = j0;
      for (; j < j4; j += 4) {
        const c0 = j * dim;
        const c1 = c0 + dim;
        const c2 = c1 + dim;
        const c3 = c2 + dim;
        let s00 = 0, s01 = 0, s02 = 0, s03 = 0;
        let s10 = 0, s11 = 0, s12 = 0, s13 = 0;
        let s20 = 0, s21 = 0, s22 = 0, s23 = 0;
        let s30 = 0, s31 = 0, s32 = 0, s33 = 0;
        for (let k = 0; k < dim; k++) {
          const x0 = a[r0 + k]!, x1 = a[r1 + k]!, x2 = a[r2 + k]!, x3 = a[r3 + k]!;
          const y0 = b[c0 + k]!, y1 = b[c1 + k]!, y2 = b[c2 + k]!, y3 = b[c3 + k]!;
          s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
          s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
          s20 += x2 * y0; s21 += x2 * y1; s22 += x2 * y2; s23 += x2 * y3;
          s30 += x3 * y0; s31 += x3 * y1; s32 += x3 * y2; s33 += x3 * y3;
        }
        out[o0 + j] = s00; out[o0 + j + 1] = s01; out[o0 + j + 2] = s02; out[o0 + j + 3] = s03;
        out[o1 + j] = s10; out[o1 + j + 1] = s11; out[o1 + j + 2] = s12; out[o1 + j + 3] = s13;
        out[o2 + j] = s20; out[o2 + j + 1] = s21; out[o2 + j + 2] = s22; out[o2 + j + 3] = s23;
        out[o3 + j] = s30; out[o3 + j + 1] = s31; out[o3 + j + 2] = s32; out[o3 + j + 3] = s33;
      }
      for (; j < j1; j++) {
        const c = j * dim;
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (let k = 0; k < dim; k++) {
          const y = b[c + k]!;
          s0 += a[r0 + k]! * y; s1 += a[r1 + k]! * y; s2 += a[r2 + k]! * y; s3 += a[r3 + k]! * y;
        }
        out[o0 + j] = s0; out[o1 + j] = s1; out[o2 + j] = s2; out[o3 + j] = s3;
      }
    }
    for (; i < aRows; i++) {
      const r = i * dim;
      const o = i * bCount;
      for (let j = j0; j < j1; j++) {
        const c = j * dim;
        let s = 0;
        for (let k = 0; k < dim; k++) s += a[r + k]! * b[c + k]!;
        out[o + j] = s;
      }
    }
  }
}

/** Options of {@link forEachSimilarityBlock}. */
export interface SimilarityBlockOptions {
  /** Rows of `a` per block (memory is `blockRows x bRows` floats); 64 by default. */
  blockRows?: number;
  /** `"typescript"` forces the scalar kernel (tests compare the two); `"auto"` by default. */
  kernel?: "auto" | "typescript";
}

/**
 * Visits the similarity matrix `a x b^T` one block of `blockRows` rows at a time, reusing one
 * buffer: `visit(start, rows, block)` sees `block[i * bCount + j] = a[start + i] . b[j]`, valid
 * only during the call. Memory stays at one block however many rows `a` has, so scoring 100k
 * creatives never holds the whole 100k x L matrix. The WebAssembly SIMD kernel computes the
 * blocks where the engine has it (Node, every current browser), about eight times the scalar
 * TypeScript kernel, which remains the fallback.
 */
export function forEachSimilarityBlock(
  a: Float32Array,
  b: Float32Array,
  dim: number,
  visit: (start: number, rows: number, block: Float32Array) => void,
  options: SimilarityBlockOptions | number = {},
): void {
  const { blockRows = 64, kernel = "auto" } =
    typeof options === "number" ? { blockRows: options } : options;
  const aCount = a.length / dim;
  const bCount = b.length / dim;
  const rowsPerBlock = Math.max(1, Math.min(blockRows, aCount));
  const simd =
    kernel === "auto" && aCount > 0 && bCount > 0
      ? prepareSimdSimilarity(b, dim, rowsPerBlock)
      : undefined;
  if (simd) {
    for (let start = 0; start < aCount; start += rowsPerBlock) {
      const rows = Math.min(rowsPerBlock, aCount - start);
      visit(start, rows, simd.block(a, start, rows));
    }
    return;
  }
  const b64 = Float64Array.from(b);
  const a64 = new Float64Array(rowsPerBlock * dim);
  const block = new Float32Array(rowsPerBlock * bCount);
  for (let start = 0; start < aCount; start += rowsPerBlock) {
    const rows = Math.min(rowsPerBlock, aCount - start);
    a64.set(a.subarray(start * dim, (start + rows) * dim));
    similarityKernel(a64, rows, b64, dim, block);
    visit(start, rows, block);
  }
}

/** The whole similarity matrix `a x b^T` (`[aRows, bRows]`): for small inputs and tests. */
export function similarityMatrix(
  a: Float32Array,
  b: Float32Array,
  dim: number,
  options: SimilarityBlockOptions = {},
): Float32Array {
  const bCount = b.length / dim;
  const out = new Float32Array((a.length / dim) * bCount);
  forEachSimilarityBlock(
    a,
    b,
    dim,
    (start, rows, block) => {
      out.set(block.subarray(0, rows * bCount), start * bCount);
    },
    options,
  );
  return out;
}
