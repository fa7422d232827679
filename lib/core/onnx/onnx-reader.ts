import type { OnnxDataTypeId } from "./onnx-model";

/**
 * Reads the initializers (constant tensors) out of an ONNX model file, with no schema: just enough
 * protobuf decoding to walk ModelProto.graph (7) -> GraphProto.initializer (5) -> TensorProto
 * dims (1, unpacked as proto2 writes them), data_type (2), name (8), raw_data (9). It lets a worker take the embedding table out of
 * the bundled model's `model.onnx` (to run the TS forward pass or train on top of it) and lets
 * tests compare the shipped file with the TS model.
 */
export interface OnnxInitializer {
  name: string;
  dataType: OnnxDataTypeId;
  dims: number[];
  /** A view into the file's bytes (not a copy). */
  rawData: Uint8Array;
}

interface Field {
  field: number;
  wireType: number;
  value: number;
  bytes?: Uint8Array;
}

function* fields(buf: Uint8Array): Generator<Field> {
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    let scale = 1;
    for (;;) {
      const b = buf[pos++];
      if (b === undefined) throw new Error("truncated protobuf varint");
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 128;
    }
  };
  while (pos < buf.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wireType = key & 7;
    if (wireType === 0) yield { field, wireType, value: varint() };
    else if (wireType === 2) {
      const length = varint();
      if (pos + length > buf.length) throw new Error("truncated protobuf field");
      yield { field, wireType, value: length, bytes: buf.subarray(pos, pos + length) };
      pos += length;
    } else if (wireType === 5) pos += 4;
    else if (wireType === 1) pos += 8;
    else throw new Error(`unsupported protobuf wire type ${wireType}`);
  }
}

const textDecoder = new TextDecoder();

function readTensor(buf: Uint8Array): OnnxInitializer {
  const tensor: OnnxInitializer = { name: "", dataType: 1, dims: [], rawData: new Uint8Array() };
  for (const f of fields(buf)) {
    if (f.field === 1 && f.wireType === 0) tensor.dims.push(f.value);
    else if (f.field === 2) tensor.dataType = f.value as OnnxDataTypeId;
    else if (f.field === 8 && f.bytes) tensor.name = textDecoder.decode(f.bytes);
    else if (f.field === 9 && f.bytes) tensor.rawData = f.bytes;
  }
  return tensor;
}

/** All initializers of the model's main graph, by name. */
export function readOnnxInitializers(model: Uint8Array): Map<string, OnnxInitializer> {
  const result = new Map<string, OnnxInitializer>();
  for (const f of fields(model)) {
    if (f.field !== 7 || !f.bytes) continue;
    for (const g of fields(f.bytes)) {
      if (g.field === 5 && g.bytes) {
        const tensor = readTensor(g.bytes);
        result.set(tensor.name, tensor);
      }
    }
  }
  return result;
}

/** A float initializer's values (little-endian raw data) as a Float32Array. */
export function float32Values(tensor: OnnxInitializer): Float32Array {
  if (tensor.dataType !== 1) throw new Error(`${tensor.name} is not float32`);
  const view = new DataView(
    tensor.rawData.buffer,
    tensor.rawData.byteOffset,
    tensor.rawData.byteLength,
  );
  const values = new Float32Array(tensor.rawData.byteLength / 4);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(i * 4, true);
  return values;
}
