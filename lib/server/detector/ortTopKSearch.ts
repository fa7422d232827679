import "server-only";
import * as ort from "onnxruntime-node";
import { emptyTopK, type TopK } from "@/lib/core/linalg/topk";
import type { TopKRequest, TopKSearch } from "@/lib/core/linalg/topkSearch";
import { similarityTopKOnnx } from "@/lib/core/onnx/similarityTopK";

/**
 * The detector's top-k searches on onnxruntime-node: one graph `TopK(MatMul(queries, refs^T), k)`
 * per search, the references an initializer (packed once by MLAS), the queries fed in row blocks
 * so that no more than one block of the similarity matrix exists at a time however many
 * creatives there are. onnxruntime's native GEMM uses the CPU's widest vectors (AVX-512 where
 * present), which a WebAssembly module cannot, so Node scores several times faster per thread
 * than the detector's own kernel; the browser keeps that kernel.
 *
 * The answers follow the kernel's contract: ONNX TopK breaks ties by the lower index, as the
 * kernel does; a creative's own row is dropped from a search of `k + 1` (so duplicates keep the
 * kernel's order); slots beyond the references are `-1` / `-Infinity`. Scores agree with the
 * kernel's to float rounding (the two sum the products in different orders).
 */

/** Options of {@link createOrtTopKSearch}. */
export interface OrtTopKSearchOptions {
  /**
   * onnxruntime's intra-op threads: 1 compares one core with the one-thread kernel; 0 lets
   * onnxruntime use every core (the command line).
   */
  threads?: number;
  /**
   * Most similarity scores one row block holds (`rows x references`); 4M floats = 16 MiB, so
   * memory stays bounded at a million creatives against a large reference set.
   */
  blockScores?: number;
  /** Stops a search between row blocks (a million creatives take minutes). */
  signal?: AbortSignal;
}

const defaultBlockScores = 4 * 1024 * 1024;
/** Fewer query rows per run leave the GEMM too little work per packed reference panel. */
const minBlockRows = 64;

/** A {@link TopKSearch} on onnxruntime-node's CPU backend. */
export function createOrtTopKSearch(options: OrtTopKSearchOptions = {}): TopKSearch {
  const threads = options.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 0) {
    throw new Error(`threads must be a non-negative integer, not ${threads}`);
  }
  const blockScores = options.blockScores ?? defaultBlockScores;
  if (!Number.isInteger(blockScores) || blockScores < 1) {
    throw new Error(`blockScores must be a positive integer, not ${blockScores}`);
  }
  return {
    name: `onnxruntime-node threads=${threads || "all"}`,
    topK: (request) => ortTopK(request, threads, blockScores, options.signal),
  };
}

async function ortTopK(
  request: TopKRequest,
  threads: number,
  blockScores: number,
  signal: AbortSignal | undefined,
): Promise<TopK> {
  const { queries, references, dim, k } = request;
  if (!Number.isInteger(dim) || dim < 1 || queries.length % dim || references.length % dim) {
    throw new Error(
      `top-k search: matrices of ${queries.length} and ${references.length} floats are not rows of ${dim}`,
    );
  }
  const n = queries.length / dim;
  const m = references.length / dim;
  const top = emptyTopK(n, k);
  const excludeSelf = request.excludeSelf ?? false;
  if (excludeSelf && m !== n) {
    throw new Error(
      `top-k search: excludeSelf needs queries and references alike, not ${n} and ${m} rows`,
    );
  }
  // one more when the row's own column may take a slot; never more than there are columns
  const searched = Math.min(excludeSelf ? k + 1 : k, m);
  if (k === 0 || n === 0 || searched === 0) return top;
  const session = await ort.InferenceSession.create(
    similarityTopKOnnx(references, dim, searched, true),
    { intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: "sequential" },
  );
  try {
    const blockRows = Math.max(minBlockRows, Math.floor(blockScores / m));
    for (let start = 0; start < n; start += blockRows) {
      signal?.throwIfAborted();
      const rows = Math.min(blockRows, n - start);
      const texts = new ort.Tensor("float32", queries.subarray(start * dim, (start + rows) * dim), [
        rows,
        dim,
      ]);
      const out = await session.run({ texts });
      const values = out.values!.data as Float32Array;
      const indices = out.indices!.data as BigInt64Array;
      for (let i = 0; i < rows; i++) {
        const q = start + i;
        let written = 0;
        for (let t = 0; t < searched && written < k; t++) {
          const j = Number(indices[i * searched + t]!);
          if (excludeSelf && j === q) continue;
          top.indices[q * k + written] = j;
          top.scores[q * k + written] = values[i * searched + t]!;
          written++;
        }
      }
      texts.dispose();
      for (const tensor of Object.values(out)) tensor.dispose();
    }
  } finally {
    await session.release();
  }
  return top;
}
