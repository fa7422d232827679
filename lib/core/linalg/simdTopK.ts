import {
  addTo,
  f32,
  f32x4FirstLane,
  f32x4Le,
  f32x4Lt,
  f32x4Max,
  f32x4Splat,
  get,
  i32,
  ifThen,
  mem,
  op,
  set,
  shuffle,
  tee,
  v128AnyTrue,
  v128Load,
  v128Not,
  v128Or,
  valueType,
  whileBelow,
  type WasmFunction,
} from "./wasmEncoding";

/**
 * The top-k selection of {@link scanRowTopK} in WebAssembly, so the fused similarity + top-k
 * never goes through a JavaScript loop per score: `selectTopK(block, rows, stride, count, k,
 * scores, indices, skipBase)` scans the first `count` scores of each of `rows` rows of `block`
 * (row `i` at float offset `i * stride`) into the sorted slots `scores` / `indices` (`[rows, k]`,
 * byte offsets, filled with `-Infinity` / `-1` or an earlier partial result). Four scores at a
 * time are compared with the current k-th best, and only a group with a better one is looked at
 * score by score; the insertion is the same as the TypeScript one (earlier column first on
 * ties), so both give identical results. Row `i` skips column `skipBase + i` unless `skipBase`
 * is negative (a creative is not its own neighbour).
 */

// parameters
const BLOCK = 0;
const ROWS = 1;
const STRIDE = 2;
const COUNT = 3;
const K = 4;
const SCORES = 5;
const INDICES = 6;
const SKIP_BASE = 7;
// i32 locals
const I = 8;
const ROW = 9;
const SB = 10; // this row's first score slot
const LAST = 11; // this row's k-th score slot
const SKIP = 12;
const J = 13;
const C4 = 14;
const P = 15;
const PM = 16;
const DELTA = 17; // indices - scores, in bytes
const END = 18;
const SEG = 19; // chunks of four scores per segment of the lower bound
const SI = 20;
const CI = 21;
const CP = 22;
// f32 locals
const FLOOR = 23;
const S = 24;
const BOUND = 25;
// v128 locals
const VMAX = 26;
const VFLOOR = 27; // FLOOR in every lane
const VBOUND = 28; // BOUND in every lane

/** Inserts score `J` of the row if it beats the k-th best (and is not the skipped column). */
const candidate = [
  ...get(ROW),
  ...get(J),
  ...i32(2),
  op.i32Shl,
  op.i32Add,
  ...mem(op.f32Load),
  ...tee(S),
  ...get(FLOOR),
  op.f32Le,
  ...get(S),
  ...get(BOUND),
  op.f32Lt,
  op.i32Or,
  op.i32Eqz,
  ...get(J),
  ...get(SKIP),
  op.i32Ne,
  op.i32And,
  ...ifThen([
    ...get(LAST),
    ...set(P),
    op.block,
    op.void,
    op.loop,
    op.void,
    // while (p > first slot && scores[p - 1] < s) shift slot p - 1 down
    ...get(P),
    ...get(SB),
    op.i32GtU,
    op.i32Eqz,
    op.brIf,
    1,
    ...get(P),
    ...i32(4),
    op.i32Sub,
    ...tee(PM),
    ...mem(op.f32Load),
    ...get(S),
    op.f32Lt,
    op.i32Eqz,
    op.brIf,
    1,
    ...get(P),
    ...get(PM),
    ...mem(op.f32Load),
    ...mem(op.f32Store),
    ...get(P),
    ...get(DELTA),
    op.i32Add,
    ...get(PM),
    ...get(DELTA),
    op.i32Add,
    ...mem(op.i32Load),
    ...mem(op.i32Store),
    ...get(PM),
    ...set(P),
    op.br,
    0,
    op.end,
    op.end,
    ...get(P),
    ...get(S),
    ...mem(op.f32Store),
    ...get(P),
    ...get(DELTA),
    op.i32Add,
    ...get(J),
    ...mem(op.i32Store),
    ...get(LAST),
    ...mem(op.f32Load),
    ...tee(FLOOR),
    ...f32x4Splat,
    ...set(VFLOOR),
  ]),
];

/**
 * BOUND = the smallest of the maxima of `k` equal segments of the row: those `k` maxima are
 * `k` different scores at least BOUND, so the k-th best is too and any score below BOUND can
 * be passed over. Starting from it rather than from `-Infinity` saves most of the insertions a
 * sequential scan makes before its k-th best settles. Not used when a column is skipped (the
 * skipped score may be a segment's maximum) or when the row has fewer than `k` groups of four.
 */
const lowerBound = [
  ...f32(-Infinity),
  ...set(BOUND),
  ...get(C4),
  ...i32(2),
  op.i32ShrU,
  ...get(K),
  op.i32DivU,
  ...tee(SEG),
  op.i32Eqz,
  ...get(SKIP),
  ...i32(0),
  op.i32GeS,
  op.i32Or,
  op.i32Eqz,
  ...ifThen([
    ...f32(Infinity),
    ...set(BOUND),
    ...get(ROW),
    ...set(CP),
    ...i32(0),
    ...set(SI),
    ...whileBelow(SI, K, [
      ...get(CP),
      ...v128Load(0),
      ...set(VMAX),
      ...i32(1),
      ...set(CI),
      ...whileBelow(CI, SEG, [
        ...addTo(CP, 16),
        ...get(VMAX),
        ...get(CP),
        ...v128Load(0),
        ...f32x4Max,
        ...set(VMAX),
        ...addTo(CI, 1),
      ]),
      ...addTo(CP, 16),
      // horizontal maximum of the four lanes
      ...get(VMAX),
      ...get(VMAX),
      ...get(VMAX),
      ...shuffle([2, 3, 0, 1]),
      ...f32x4Max,
      ...tee(VMAX),
      ...get(VMAX),
      ...get(VMAX),
      ...shuffle([1, 0, 3, 2]),
      ...f32x4Max,
      ...f32x4FirstLane,
      ...get(BOUND),
      op.f32Min,
      ...set(BOUND),
      ...addTo(SI, 1),
    ]),
  ]),
];

const oneByOne = whileBelow(J, END, [...candidate, ...addTo(J, 1)]);

const row = [
  ...get(BLOCK),
  ...get(I),
  ...get(STRIDE),
  op.i32Mul,
  ...i32(2),
  op.i32Shl,
  op.i32Add,
  ...set(ROW),
  ...get(SCORES),
  ...get(I),
  ...get(K),
  op.i32Mul,
  ...i32(2),
  op.i32Shl,
  op.i32Add,
  ...tee(SB),
  ...get(K),
  ...i32(1),
  op.i32Sub,
  ...i32(2),
  op.i32Shl,
  op.i32Add,
  ...tee(LAST),
  ...mem(op.f32Load),
  ...set(FLOOR),
  // SKIP = skipBase < 0 ? -1 : skipBase + i
  ...i32(-1),
  ...get(SKIP_BASE),
  ...get(I),
  op.i32Add,
  ...get(SKIP_BASE),
  ...i32(0),
  op.i32LtS,
  op.select,
  ...set(SKIP),
  ...get(COUNT),
  ...i32(-4),
  op.i32And,
  ...set(C4),
  ...lowerBound,
  ...get(FLOOR),
  ...f32x4Splat,
  ...set(VFLOOR),
  ...get(BOUND),
  ...f32x4Splat,
  ...set(VBOUND),
  ...i32(0),
  ...set(J),
  ...whileBelow(J, C4, [
    ...get(J),
    ...i32(4),
    op.i32Add,
    ...set(END),
    // any of the four scores not <= the k-th best?
    ...get(ROW),
    ...get(J),
    ...i32(2),
    op.i32Shl,
    op.i32Add,
    ...v128Load(0),
    ...tee(VMAX),
    ...get(VFLOOR),
    ...f32x4Le,
    ...get(VMAX),
    ...get(VBOUND),
    ...f32x4Lt,
    ...v128Or,
    ...v128Not,
    ...v128AnyTrue,
    ...ifThen(oneByOne),
    ...get(END),
    ...set(J),
  ]),
  ...get(COUNT),
  ...set(END),
  ...oneByOne,
];

/** The `selectTopK` export; see the file comment for its arguments. */
export function selectTopKFunction(): WasmFunction {
  return {
    name: "selectTopK",
    params: 8,
    locals: [
      { count: 15, type: valueType.i32 },
      { count: 3, type: valueType.f32 },
      { count: 3, type: valueType.v128 },
    ],
    code: [
      ...get(INDICES),
      ...get(SCORES),
      op.i32Sub,
      ...set(DELTA),
      ...i32(0),
      ...set(I),
      ...whileBelow(I, ROWS, [...row, ...addTo(I, 1)]),
    ],
  };
}
