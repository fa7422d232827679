/**
 * Just enough of the WebAssembly binary format to write the SIMD kernels as bytes in
 * TypeScript: opcodes, LEB128 integers, and a module of functions over one imported memory.
 * Writing the bytes here rather than shipping a toolchain's output keeps lib/core plain
 * TypeScript that compiles its kernels synchronously, with no fetch, in Node and in workers.
 */

/** Core opcodes used by the kernels (SIMD ones go through {@link simd}). */
export const op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  select: 0x1b,
  get: 0x20,
  set: 0x21,
  tee: 0x22,
  i32Load: 0x28,
  f32Load: 0x2a,
  i32Store: 0x36,
  f32Store: 0x38,
  i32Const: 0x41,
  i32Eqz: 0x45,
  i32Ne: 0x47,
  i32LtS: 0x48,
  i32LtU: 0x49,
  i32GtU: 0x4b,
  i32GeS: 0x4e,
  i32GeU: 0x4f,
  f32Lt: 0x5d,
  f32Le: 0x5f,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32And: 0x71,
  i32Or: 0x72,
  i32ShrU: 0x76,
  i32DivU: 0x6e,
  f32Const: 0x43,
  f32Min: 0x96,
  i32Shl: 0x74,
  void: 0x40,
} as const;

/** Value types of locals and parameters. */
export const valueType = { i32: 0x7f, f32: 0x7d, v128: 0x7b } as const;

/** Unsigned LEB128, the integer encoding of the WebAssembly binary format. */
export function uleb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

/** Signed LEB128, for `i32.const`. */
export function sleb(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** A SIMD instruction: the 0xfd prefix, its LEB128 opcode, then its immediates. */
export function simd(code: number, ...immediates: number[]): number[] {
  return [0xfd, ...uleb(code), ...immediates];
}

export const v128Load = (offset: number) => simd(0x00, 4, ...uleb(offset));
export const v128Store = simd(0x0b, 4, 0);
export const v128Zero = simd(0x0c, ...new Array<number>(16).fill(0));
export const v128Not = simd(0x4d);
export const v128AnyTrue = simd(0x53);
export const f32x4Splat = simd(0x13);
export const f32x4Le = simd(0x45);
export const f32x4Lt = simd(0x43);
export const f32x4Max = simd(0xeb); // f32x4.pmax: one maxps, no NaN fix-ups
export const f32x4FirstLane = simd(0x1f, 0);
export const v128Or = simd(0x50);
export const f32x4Add = simd(0xe4);
export const f32x4Mul = simd(0xe6);

/** `i8x16.shuffle` picking the four float32 lanes `lanes` (0-3 first operand, 4-7 second). */
export function shuffle(lanes: [number, number, number, number]): number[] {
  return simd(0x0d, ...lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3]));
}

/** A scalar memory access (`op.f32Load` etc.) with 4-byte alignment and a byte offset. */
export const mem = (code: number, offset = 0) => [code, 2, ...uleb(offset)];

export const get = (l: number) => [op.get, l];
export const set = (l: number) => [op.set, l];
export const tee = (l: number) => [op.tee, l];
export const i32 = (v: number) => [op.i32Const, ...sleb(v)];
export const f32 = (v: number) => [op.f32Const, ...new Uint8Array(Float32Array.of(v).buffer)];
export const addTo = (l: number, v: number) => [...get(l), ...i32(v), op.i32Add, ...set(l)];

/** `while (get(l) < get(bound)) { body }` (unsigned) as block/loop/br_if. */
export function whileBelow(l: number, bound: number, body: number[]): number[] {
  return [
    op.block,
    op.void,
    op.loop,
    op.void,
    ...get(l),
    ...get(bound),
    op.i32GeU,
    op.brIf,
    1,
    ...body,
    op.br,
    0,
    op.end,
    op.end,
  ];
}

/** `if (condition on the stack) { body }`. */
export function ifThen(body: number[]): number[] {
  return [op.if, op.void, ...body, op.end];
}

/** One exported function: i32 parameters, no result, locals grouped by type. */
export interface WasmFunction {
  name: string;
  params: number;
  locals: { count: number; type: number }[];
  code: number[];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function vector(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function name(text: string): number[] {
  const bytes = Array.from(text, (c) => c.charCodeAt(0));
  return [...uleb(bytes.length), ...bytes];
}

/** A module importing `env.memory` and exporting `functions` by name, each with its own type. */
export function wasmModule(functions: WasmFunction[]): Uint8Array<ArrayBuffer> {
  const types = functions.map((f) => [
    0x60,
    ...uleb(f.params),
    ...new Array<number>(f.params).fill(valueType.i32),
    0x00,
  ]);
  const bodies = functions.map((f) => {
    const body = [...vector(f.locals.map((l) => [...uleb(l.count), l.type])), ...f.code, op.end];
    return [...uleb(body.length), ...body];
  });
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector(types)),
    ...section(2, vector([[...name("env"), ...name("memory"), 0x02, 0x00, 0x01]])),
    ...section(3, vector(functions.map((_, i) => uleb(i)))),
    ...section(7, vector(functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vector(bodies)),
  ];
  return Uint8Array.from(bytes);
}
