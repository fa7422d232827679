import * as ort from "onnxruntime-node";
import { similarityTopKOnnx } from "@/lib/core/onnx/similarityTopK";

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
