import { encodeOnnxModel, float32Bytes, OnnxDataType } from "./onnx-model";

/**
 * A two-node ONNX graph, `scores = texts x labelsT; TopK(scores, k)`: the detector's search in
 * Node (lib/server/detector/ortTopKSearch.ts) and the reference point bench:detect times the
 * TypeScript kernel against, the same shapes through onnxruntime's tuned MLAS GEMM. The
 * label matrix is an initializer (pre-transposed to `[dim, labels]`), as a detector graph would
 * hold it. With `topK: false` the graph is the MatMul alone.
 */
export function similarityTopKOnnx(
  labels: Float32Array,
  dim: number,
  k: number,
  topK: boolean,
): Uint8Array {
  const m = labels.length / dim;
  const transposed = new Float32Array(labels.length);
  for (let j = 0; j < m; j++)
    for (let d = 0; d < dim; d++) transposed[d * m + j] = labels[j * dim + d]!;
  const outputs = topK
    ? [
        { name: "values", elemType: OnnxDataType.float, shape: ["n", k] },
        { name: "indices", elemType: OnnxDataType.int64, shape: ["n", k] },
      ]
    : [{ name: "scores", elemType: OnnxDataType.float, shape: ["n", m] }];
  return encodeOnnxModel({
    irVersion: 8,
    opsetVersion: 17,
    producerName: "creative-triage-bench",
    producerVersion: "1",
    graph: {
      name: "similarity",
      nodes: [
        { opType: "MatMul", inputs: ["texts", "labelsT"], outputs: ["scores"], name: "matmul" },
        ...(topK
          ? [
              {
                opType: "TopK",
                inputs: ["scores", "k"],
                outputs: ["values", "indices"],
                name: "topk",
                attributes: [{ name: "axis", kind: "int" as const, value: -1 }],
              },
            ]
          : []),
      ],
      initializers: [
        {
          name: "labelsT",
          dataType: OnnxDataType.float,
          dims: [dim, m],
          rawData: float32Bytes(transposed),
        },
        {
          name: "k",
          dataType: OnnxDataType.int64,
          dims: [1],
          rawData: new Uint8Array(new BigInt64Array([BigInt(k)]).buffer),
        },
      ].filter((t) => topK || t.name !== "k"),
      inputs: [{ name: "texts", elemType: OnnxDataType.float, shape: ["n", dim] }],
      outputs,
    },
  });
}
