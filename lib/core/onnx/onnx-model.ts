import { ProtoWriter } from "./protobuf";

/**
 * The subset of ONNX's ModelProto that our graphs need, as plain TypeScript, and its encoder.
 * Field numbers follow onnx/onnx.proto (ONNX IR version 8). Repeated scalars are written unpacked,
 * as that proto2 schema declares them.
 */

/** TensorProto.DataType values used here. */
export const OnnxDataType = { float: 1, uint8: 2, int8: 3, int32: 6, int64: 7 } as const;
export type OnnxDataTypeId = (typeof OnnxDataType)[keyof typeof OnnxDataType];

/** A constant tensor (initializer), its data already little-endian bytes. */
export interface OnnxTensor {
  name: string;
  dataType: OnnxDataTypeId;
  dims: readonly number[];
  rawData: Uint8Array;
}

/** A graph input or output: element type and shape, with symbolic names for dynamic axes. */
export interface OnnxValueInfo {
  name: string;
  elemType: OnnxDataTypeId;
  shape: readonly (number | string)[];
}

export type OnnxAttribute =
  | { name: string; kind: "int"; value: number }
  | { name: string; kind: "ints"; value: readonly number[] }
  | { name: string; kind: "float"; value: number }
  | { name: string; kind: "string"; value: string };

export interface OnnxNode {
  opType: string;
  inputs: readonly string[];
  outputs: readonly string[];
  name: string;
  attributes?: readonly OnnxAttribute[];
}

export interface OnnxGraph {
  name: string;
  nodes: readonly OnnxNode[];
  initializers: readonly OnnxTensor[];
  inputs: readonly OnnxValueInfo[];
  outputs: readonly OnnxValueInfo[];
  docString?: string;
}

export interface OnnxModel {
  irVersion: number;
  opsetVersion: number;
  producerName: string;
  producerVersion: string;
  graph: OnnxGraph;
  docString?: string;
  /** Free-form key/value metadata (ModelProto.metadata_props). */
  metadata?: Readonly<Record<string, string>>;
}

/** AttributeProto.AttributeType values. */
const attributeType = { float: 1, int: 2, string: 3, ints: 7 } as const;

function writeTensor(w: ProtoWriter, t: OnnxTensor): void {
  for (const d of t.dims) w.int(1, d);
  w.int(2, t.dataType);
  w.string(8, t.name);
  w.bytes(9, t.rawData);
}

function writeValueInfo(w: ProtoWriter, v: OnnxValueInfo): void {
  w.string(1, v.name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, v.elemType);
      tensor.message(2, (shape) => {
        for (const d of v.shape) {
          shape.message(1, (dim) => (typeof d === "number" ? dim.int(1, d) : dim.string(2, d)));
        }
      });
    }),
  );
}

function writeAttribute(w: ProtoWriter, a: OnnxAttribute): void {
  w.string(1, a.name);
  if (a.kind === "float") w.float(2, a.value);
  else if (a.kind === "int") w.int(3, a.value);
  else if (a.kind === "string") w.string(4, a.value);
  else for (const v of a.value) w.int(8, v);
  w.int(20, attributeType[a.kind]);
}

function writeNode(w: ProtoWriter, n: OnnxNode): void {
  for (const input of n.inputs) w.string(1, input);
  for (const output of n.outputs) w.string(2, output);
  w.string(3, n.name);
  w.string(4, n.opType);
  for (const a of n.attributes ?? []) w.message(5, (attr) => writeAttribute(attr, a));
}

function writeGraph(w: ProtoWriter, g: OnnxGraph): void {
  for (const n of g.nodes) w.message(1, (node) => writeNode(node, n));
  w.string(2, g.name);
  for (const t of g.initializers) w.message(5, (tensor) => writeTensor(tensor, t));
  if (g.docString) w.string(10, g.docString);
  for (const v of g.inputs) w.message(11, (info) => writeValueInfo(info, v));
  for (const v of g.outputs) w.message(12, (info) => writeValueInfo(info, v));
}

/** Serialises a model to the bytes of a `.onnx` file. Deterministic: same model, same bytes. */
export function encodeOnnxModel(model: OnnxModel): Uint8Array {
  const w = new ProtoWriter();
  w.int(1, model.irVersion);
  w.string(2, model.producerName);
  w.string(3, model.producerVersion);
  if (model.docString) w.string(6, model.docString);
  w.message(7, (graph) => writeGraph(graph, model.graph));
  w.message(8, (opset) => opset.string(1, "").int(2, model.opsetVersion));
  for (const [key, value] of Object.entries(model.metadata ?? {})) {
    w.message(14, (entry) => entry.string(1, key).string(2, value));
  }
  return w.finish();
}

/** Little-endian bytes of a Float32Array (explicit, so big-endian hosts write valid files). */
export function float32Bytes(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return bytes;
}

/** Little-endian bytes of int64 values. */
export function int64Bytes(values: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return bytes;
}
