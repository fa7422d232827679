import {
  addTo,
  f32x4Add,
  f32x4Mul,
  get,
  i32,
  op,
  set,
  shuffle,
  tee,
  v128Load,
  v128Store,
  v128Zero,
  valueType,
  whileBelow,
  type WasmFunction,
} from "./wasmEncoding";

/**
 * The 128-bit SIMD similarity kernel, `similarity(a, rows, b, cols, dim, out)`, on byte offsets
 * into the module memory: `a` is `[rows, dim]` row-major, `b` is `[cols, dim]` packed in groups
 * of four rows (four dimensions of each of the four rows in turn, so one moving pointer and
 * fixed offsets reach them), `out` is `[rows, cols]` row-major, all float32; `rows` is a
 * multiple of {@link simdTileRows}, `cols` of 4 and `dim` of {@link simdDimStep} (callers pad
 * with zeros). A 2 x 4 register tile keeps eight four-lane sums, the columns run in tiles of
 * {@link simdColumnTile} rows of `b` that stay in cache while every row of `a` passes over
 * them, and each tile's lane sums are reduced with shuffles into one four-column store a row.
 * Four float32 lanes per instruction is what lets scoring approach a native GEMM where V8's
 * scalar code cannot. (Relaxed-SIMD fused multiply-adds measured no faster: the CPU has
 * separate multiply and add units, so the plain SIMD module is the only one.)
 */

/**
 * `dim` must be a multiple of this: the inner loop reads one four-lane vector per row per
 * iteration. Unrolling it (8, 16, 32) measured slower in V8, whose register allocation spills
 * the longer straight-line code.
 */
export const simdDimStep = 4;

/**
 * Rows of `a` per register tile: 2 x 4 keeps eight sums, two row vectors, one column vector
 * and a product in 12 of the 16 vector registers; measured at about 1.2x a 1 x 4 tile and
 * 1.6x 3 x 4 or 4 x 4, which spill.
 */
export const simdTileRows = 2;

/** Rows of `b` per cache tile (64 x 256-d float32 = 64 KiB). */
export const simdColumnTile = 64;

// parameters
const A = 0;
const ROWS = 1;
const B = 2;
const COLS = 3;
const DIM = 4;
const OUT = 5;
// i32 locals
const I = 6;
const J = 7;
const JT = 8;
const JEND = 9;
const RB = 10; // bytes of one padded row
const PA = 11; // first row of the current row tile
const PAEND = 12; // end of that row
const PBK = 13; // moving pointer into the packed column group
const PO = 14;
const PAK = Array.from({ length: simdTileRows }, (_, r) => 15 + r); // moving pointers, one a row
const i32Locals = 9 + simdTileRows;
const firstV128 = 6 + i32Locals;
// v128 locals
const ACC = Array.from({ length: simdTileRows }, (_, r) =>
  Array.from({ length: 4 }, (_, c) => firstV128 + r * 4 + c),
);
const XA = Array.from({ length: simdTileRows }, (_, r) => firstV128 + 4 * simdTileRows + r);
const XB = firstV128 + 5 * simdTileRows;
const S01 = XB + 1;
const S23 = XB + 2;
const v128Locals = 5 * simdTileRows + 3;

/**
 * `acc[r][c] += a_r * b_c` for four lanes of the dot products: step `u` of the unrolled inner
 * loop reads one vector from each row pointer and four packed column vectors at fixed offsets.
 */
function step(u: number): number[] {
  const code: number[] = [];
  XA.forEach((xa, r) => {
    code.push(...get(PAK[r]!), ...v128Load(u * 16), ...set(xa));
  });
  for (let c = 0; c < 4; c++) {
    code.push(...get(PBK), ...v128Load((u * 4 + c) * 16), ...set(XB));
    XA.forEach((xa, r) => {
      const acc = ACC[r]![c]!;
      code.push(...get(acc), ...get(xa), ...get(XB), ...f32x4Mul, ...f32x4Add, ...set(acc));
    });
  }
  return code;
}

/** Reduces the four lane sums of tile row `r` to `[s_j .. s_j+3]` and stores it at PO. */
function reduceAndStore(r: number): number[] {
  const [v0, v1, v2, v3] = ACC[r]! as [number, number, number, number];
  const pairSum = (x: number, y: number, into: number) => [
    ...get(x),
    ...get(y),
    ...shuffle([0, 4, 1, 5]),
    ...get(x),
    ...get(y),
    ...shuffle([2, 6, 3, 7]),
    ...f32x4Add,
    ...set(into),
  ];
  return [
    ...pairSum(v0, v1, S01),
    ...pairSum(v2, v3, S23),
    ...get(PO),
    ...get(S01),
    ...get(S23),
    ...shuffle([0, 1, 4, 5]),
    ...get(S01),
    ...get(S23),
    ...shuffle([2, 3, 6, 7]),
    ...f32x4Add,
    ...v128Store,
  ];
}

/** The `similarity` export; see the file comment for its arguments. */
export function similarityFunction(): WasmFunction {
  const zeroAcc = ACC.flat().flatMap((l) => [...v128Zero, ...set(l)]);
  const unroll = simdDimStep / 4;
  const inner = [
    op.loop,
    op.void,
    ...Array.from({ length: unroll }, (_, u) => step(u)).flat(),
    ...PAK.flatMap((l) => addTo(l, unroll * 16)),
    ...addTo(PBK, unroll * 64),
    ...get(PAK[0]!),
    ...get(PAEND),
    op.i32LtU,
    op.brIf,
    0,
    op.end,
  ];
  const stores: number[] = [
    // PO = OUT + (I * COLS + J) * 4
    ...get(OUT),
    ...get(I),
    ...get(COLS),
    op.i32Mul,
    ...get(J),
    op.i32Add,
    ...i32(2),
    op.i32Shl,
    op.i32Add,
    ...set(PO),
  ];
  for (let r = 0; r < simdTileRows; r++) {
    if (r > 0) stores.push(...get(PO), ...get(COLS), ...i32(2), op.i32Shl, op.i32Add, ...set(PO));
    stores.push(...reduceAndStore(r));
  }
  const columnLoop = [
    ...get(JT),
    ...set(J),
    ...whileBelow(J, JEND, [
      ...PAK.flatMap((l, r) =>
        r === 0 ? [...get(PA), ...set(l)] : [...get(PAK[r - 1]!), ...get(RB), op.i32Add, ...set(l)],
      ),
      // PBK = B + J * RB: four packed columns take four rows' bytes
      ...get(B),
      ...get(J),
      ...get(RB),
      op.i32Mul,
      op.i32Add,
      ...set(PBK),
      ...zeroAcc,
      ...inner,
      ...stores,
      ...addTo(J, 4),
    ]),
  ];
  const rowLoop = [
    ...i32(0),
    ...set(I),
    ...whileBelow(I, ROWS, [
      ...get(A),
      ...get(I),
      ...get(RB),
      op.i32Mul,
      op.i32Add,
      ...tee(PA),
      ...get(RB),
      op.i32Add,
      ...set(PAEND),
      ...columnLoop,
      ...addTo(I, simdTileRows),
    ]),
  ];
  const code = [
    ...get(DIM),
    ...i32(2),
    op.i32Shl,
    ...set(RB),
    ...i32(0),
    ...set(JT),
    ...whileBelow(JT, COLS, [
      // JEND = min(JT + tile, COLS)
      ...get(JT),
      ...i32(simdColumnTile),
      op.i32Add,
      ...get(COLS),
      ...get(JT),
      ...i32(simdColumnTile),
      op.i32Add,
      ...get(COLS),
      op.i32LtU,
      op.select,
      ...set(JEND),
      ...rowLoop,
      ...addTo(JT, simdColumnTile),
    ]),
  ];
  return {
    name: "similarity",
    params: 6,
    locals: [
      { count: i32Locals, type: valueType.i32 },
      { count: v128Locals, type: valueType.v128 },
    ],
    code,
  };
}
