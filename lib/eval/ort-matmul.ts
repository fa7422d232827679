import * as ort from "onnxruntime-node";
import { encodeOnnxModel, float32Bytes, OnnxDataType } from "@/lib/core/onnx/onnx-model";

/**
 * A two-node ONNX graph, `scores = texts x labelsT; TopK(scores, k)`, as the reference point for
 * the TypeScript similarity kernel: the same shapes through onnxruntime's tuned MLAS GEMM. The
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

/**
 * The part of an onnxruntime package the timing uses: onnxruntime-node (native MLAS) and
 * onnxruntime-web (its WebAssembly build, what a browser worker would run) both provide it.
 */
export interface OrtRuntime {
  InferenceSession: {
    create(
      model: Uint8Array,
      options: { intraOpNumThreads?: number; interOpNumThreads?: number },
    ): Promise<{
      run(feeds: Record<string, unknown>): Promise<unknown>;
      release(): Promise<void>;
    }>;
  };
  Tensor: new (type: "float32", data: Float32Array, dims: number[]) => unknown;
}

/**
 * Seconds onnxruntime takes to run the graph over `texts` in chunks of `chunkRows`
 * (onnxruntime-node unless another `runtime` is given).
 */
export async function timeOrtSimilarity(
  texts: Float32Array,
  labels: Float32Array,
  dim: number,
  options: { k: number; topK: boolean; threads: number; chunkRows: number },
  runtime: OrtRuntime = ort as unknown as OrtRuntime,
): Promise<number> {
  const session = await runtime.InferenceSession.create(
    similarityTopKOnnx(labels, dim, options.k, options.topK),
    { intraOpNumThreads: options.threads, interOpNumThreads: 1 },
  );
  const n = texts.length / dim;
  const run = async (start: number) => {
    const rows = Math.min(options.chunkRows, n - start);
    const input = new runtime.Tensor("float32", texts.subarray(start * dim, (start + rows) * dim), [
      rows,
      dim,
    ]);
    await session.run({ texts: input });
  };
  await run(0); // warm-up: the first run allocates and plans
  const t0 = performance.now();
  for (let start = 0; start < n; start += options.chunkRows) await run(start);
  const seconds = (performance.now() - t0) / 1000;
  await session.release();
  return seconds;
}
