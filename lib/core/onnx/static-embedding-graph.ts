import {
  encodeOnnxModel,
  float32Bytes,
  int64Bytes,
  OnnxDataType,
  type OnnxNode,
  type OnnxTensor,
} from "./onnx-model";

/**
 * ONNX graphs of the static-embedding encoder in the layout transformers.js expects of a BERT-like
 * feature extractor: inputs `input_ids`, `attention_mask` (int64 `[batch, seq]`), output
 * `last_hidden_state` (float `[batch, seq, dim]`). The pipeline does the masked mean pooling and
 * normalisation, so the graph is just a row lookup. The mask is *used* (padding positions are
 * multiplied by 0) rather than left dangling: transformers.js feeds exactly the inputs a session
 * declares, and a consumed input cannot be pruned away by any optimiser.
 */

export const opsetVersion = 13;
export const irVersion = 8;

/** Per-row symmetric int8 quantisation: `row ~= q * scale`, `scale = max|row| / 127`. */
export function quantizeRows(table: Float32Array, dim: number) {
  const rows = table.length / dim;
  const quantized = new Int8Array(table.length);
  const scales = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let maxAbs = 0;
    for (let k = r * dim; k < (r + 1) * dim; k++) maxAbs = Math.max(maxAbs, Math.abs(table[k]!));
    const scale = maxAbs > 0 ? maxAbs / 127 : 1;
    scales[r] = scale;
    for (let k = r * dim; k < (r + 1) * dim; k++) quantized[k] = Math.round(table[k]! / scale);
  }
  return { quantized, scales };
}

/** The rows a quantised table decodes to, for checking a quantised model's output. */
export function dequantizeRows(quantized: Int8Array, scales: Float32Array, dim: number) {
  const table = new Float32Array(quantized.length);
  for (let i = 0; i < quantized.length; i++) {
    table[i] = Math.fround(quantized[i]! * scales[Math.floor(i / dim)]!);
  }
  return table;
}

const batchAxis = "batch_size";
const seqAxis = "sequence_length";

/**
 * Zeroes the padding positions of `hidden` ([batch, sequence, dim]) with the attention mask: the
 * shared front of every text graph here (the bundled model and the CLIP test fixture).
 */
export function maskNodes(
  hidden: string,
  names: { output?: string; axes?: string } = {},
): { nodes: OnnxNode[]; tensors: OnnxTensor[] } {
  const { output = "last_hidden_state", axes = "unsqueeze_axes" } = names;
  return {
    nodes: [
      {
        opType: "Cast",
        name: "mask_to_float",
        inputs: ["attention_mask"],
        outputs: ["mask_float"],
        attributes: [{ name: "to", kind: "int", value: OnnxDataType.float }],
      },
      {
        opType: "Unsqueeze",
        name: "mask_last_axis",
        inputs: ["mask_float", axes],
        outputs: ["mask_expanded"],
      },
      {
        opType: "Mul",
        name: "zero_padding",
        inputs: [hidden, "mask_expanded"],
        outputs: [output],
      },
    ],
    tensors: [
      {
        name: axes,
        dataType: OnnxDataType.int64,
        dims: [1],
        rawData: int64Bytes([-1]),
      },
    ],
  };
}

export interface StaticEmbeddingOnnxOptions {
  table: Float32Array;
  vocabSize: number;
  dim: number;
  /** int8 table + per-row float scale (about 4x smaller) instead of the float table. */
  quantized: boolean;
  producerVersion: string;
  metadata?: Readonly<Record<string, string>>;
}

/** Encodes the static-embedding encoder as an ONNX model file (bytes). */
export function staticEmbeddingOnnx(options: StaticEmbeddingOnnxOptions): Uint8Array {
  const { table, vocabSize, dim } = options;
  if (table.length !== vocabSize * dim) throw new Error("table size is not vocabSize * dim");
  const nodes: OnnxNode[] = [];
  const initializers: OnnxTensor[] = [];
  if (options.quantized) {
    const { quantized, scales } = quantizeRows(table, dim);
    initializers.push(
      {
        name: "embeddings_int8",
        dataType: OnnxDataType.int8,
        dims: [vocabSize, dim],
        rawData: new Uint8Array(quantized.buffer.slice(0)),
      },
      {
        name: "embeddings_scale",
        dataType: OnnxDataType.float,
        dims: [vocabSize, 1],
        rawData: float32Bytes(scales),
      },
    );
    nodes.push(
      {
        opType: "Gather",
        name: "lookup_int8",
        inputs: ["embeddings_int8", "input_ids"],
        outputs: ["rows_int8"],
      },
      {
        opType: "Cast",
        name: "int8_to_float",
        inputs: ["rows_int8"],
        outputs: ["rows_unscaled"],
        attributes: [{ name: "to", kind: "int", value: OnnxDataType.float }],
      },
      {
        opType: "Gather",
        name: "lookup_scale",
        inputs: ["embeddings_scale", "input_ids"],
        outputs: ["row_scales"],
      },
      {
        opType: "Mul",
        name: "dequantize",
        inputs: ["rows_unscaled", "row_scales"],
        outputs: ["token_embeddings"],
      },
    );
  } else {
    initializers.push({
      name: "embeddings",
      dataType: OnnxDataType.float,
      dims: [vocabSize, dim],
      rawData: float32Bytes(table),
    });
    nodes.push({
      opType: "Gather",
      name: "lookup",
      inputs: ["embeddings", "input_ids"],
      outputs: ["token_embeddings"],
    });
  }
  const mask = maskNodes("token_embeddings");
  nodes.push(...mask.nodes);
  initializers.push(...mask.tensors);
  return encodeOnnxModel({
    irVersion,
    opsetVersion,
    producerName: "creative-triage",
    producerVersion: options.producerVersion,
    docString: "Static token embeddings; mean-pool and L2-normalise the output to embed a text.",
    metadata: options.metadata,
    graph: {
      name: options.quantized ? "static_embedding_int8" : "static_embedding",
      nodes,
      initializers,
      inputs: [
        { name: "input_ids", elemType: OnnxDataType.int64, shape: [batchAxis, seqAxis] },
        { name: "attention_mask", elemType: OnnxDataType.int64, shape: [batchAxis, seqAxis] },
      ],
      outputs: [
        {
          name: "last_hidden_state",
          elemType: OnnxDataType.float,
          shape: [batchAxis, seqAxis, dim],
        },
      ],
    },
  });
}
