/**
 * `npm run bench:detect`: scores 100,000 random unit creatives against 600 labels in 256
 * dimensions with the detector's similarity + top-10 search, the hot path, in the same run as
 * the same shapes through onnxruntime's plain MatMul (and MatMul + TopK): in Node the search the
 * detector uses there (onnxruntime-node's MatMul + TopK graph in row blocks,
 * `createOrtTopKSearch`, one thread) and the detector's own kernel (`topKSimilar`, WebAssembly
 * SIMD, what the browser detector worker runs); onnxruntime-web (its WebAssembly build, the
 * onnxruntime a browser worker has) for the browser comparison. Each figure is the median of
 * `--repeats` runs, so a busy shared machine moves it less. The last line is
 * `creatives=... labels=... dim=... k=... seconds=... gflops=... ort_gflops=... ort_web_gflops=...
 * kernel_gflops=... ort_search_gflops=... ratio=... kernel_ratio=... ratio_web=...
 * browser_ratio=... simd=...`, where `seconds` / `gflops` are the Node detector search, `ratio`
 * is that search over onnxruntime-node's one-thread MatMul, `kernel_ratio` the kernel over the
 * same MatMul, and `browser_ratio` (= `ratio_web`) the kernel over onnxruntime-web's MatMul.
 * `--creatives N --labels M --dim D --k K --repeats R` change the shapes and repeats.
 */
import * as ortWeb from "onnxruntime-web";
import { randomUnitRows } from "@/lib/core/linalg/rows";
import { simdAvailable } from "@/lib/core/linalg/simd";
import { topKSimilar } from "@/lib/core/linalg/topk";
import { timeOrtSimilarity, type OrtRuntime } from "@/lib/eval/ort-matmul";
import { createOrtTopKSearch } from "@/lib/server/detector/ortTopKSearch";
import { parseCommandLine } from "./args";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function positive(value: string | undefined, fallback: number, flag: string): number {
  const n = Number(value ?? fallback);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${flag} must be a positive integer`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseCommandLine(
    "Usage: npm run bench:detect -- [--creatives N] [--labels M] [--dim D] [--k K] [--repeats R]",
    {
      creatives: { type: "string" },
      labels: { type: "string" },
      dim: { type: "string" },
      k: { type: "string" },
      repeats: { type: "string" },
    },
  );
  const n = positive(values.creatives, 100_000, "creatives");
  const m = positive(values.labels, 600, "labels");
  const dim = positive(values.dim, 256, "dim");
  const k = positive(values.k, 10, "k");
  const repeats = positive(values.repeats, 3, "repeats");
  const texts = randomUnitRows(n, dim, 1);
  const labels = randomUnitRows(m, dim, 2);
  const gflop = (2 * n * m * dim) / 1e9;
  const rate = (seconds: number) => gflop / seconds;
  const timeOrt = async (runtime: OrtRuntime | undefined, topK: boolean, threads: number) => {
    const runs: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const options = { k, topK, threads, chunkRows: 8192 };
      runs.push(await timeOrtSimilarity(texts, labels, dim, options, runtime));
    }
    return median(runs);
  };

  let ortSeconds = 0;
  for (const threads of [1, 0]) {
    for (const topK of [false, true]) {
      const seconds = await timeOrt(undefined, topK, threads);
      if (threads === 1 && !topK) ortSeconds = seconds;
      console.log(
        `onnxruntime-node ${topK ? "MatMul+TopK" : "MatMul"} threads=${threads || "default"} ` +
          `seconds=${seconds.toFixed(3)} gflops=${rate(seconds).toFixed(2)}`,
      );
    }
  }
  ortWeb.env.wasm.numThreads = 1; // one thread, as the kernel; a worker has no more by default
  let ortWebSeconds = 0;
  for (const topK of [false, true]) {
    const seconds = await timeOrt(ortWeb as unknown as OrtRuntime, topK, 1);
    if (!topK) ortWebSeconds = seconds;
    console.log(
      `onnxruntime-web (wasm) ${topK ? "MatMul+TopK" : "MatMul"} threads=1 ` +
        `seconds=${seconds.toFixed(3)} gflops=${rate(seconds).toFixed(2)}`,
    );
  }

  topKSimilar(texts.subarray(0, 2048 * dim), labels, dim, k); // warm-up: let V8 optimise
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const top = topKSimilar(texts, labels, dim, k);
    wall.push((performance.now() - t0) / 1000);
    cpu.push(process.cpuUsage(cpu0).user / 1e6);
    if (top.indices[0]! < 0) throw new Error("kernel produced no neighbours");
  }
  const kernelSeconds = median(wall);
  const simd = simdAvailable();
  // on a shared machine wall time includes waiting for a core; CPU time says what the kernel does
  console.log(
    `detector kernel (${simd ? "WebAssembly SIMD" : "TypeScript"}, one thread) ` +
      `seconds=${kernelSeconds.toFixed(3)} gflops=${rate(kernelSeconds).toFixed(2)} ` +
      `cpu_seconds=${median(cpu).toFixed(3)} gflops_per_cpu_second=${rate(median(cpu)).toFixed(2)}`,
  );

  // The search the detector runs in Node (`scoreDataset`), timed as the detector calls it: the
  // whole request, session creation and the copy into the result included.
  const search = createOrtTopKSearch({ threads: 1 });
  const request = { queries: texts, references: labels, dim, k };
  await search.topK({ ...request, queries: texts.subarray(0, 2048 * dim) }); // warm-up
  const searchRuns: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    const top = await search.topK(request);
    searchRuns.push((performance.now() - t0) / 1000);
    if (top.indices[0]! < 0) throw new Error("onnxruntime search produced no neighbours");
  }
  const seconds = median(searchRuns);
  console.log(
    `detector search in Node (${search.name}) seconds=${seconds.toFixed(3)} ` +
      `gflops=${rate(seconds).toFixed(2)}`,
  );
  const node = rate(seconds);
  const kernel = rate(kernelSeconds);
  const ort = rate(ortSeconds);
  const ortWebRate = rate(ortWebSeconds);
  console.log(
    `creatives=${n} labels=${m} dim=${dim} k=${k} seconds=${seconds.toFixed(3)} ` +
      `gflops=${node.toFixed(2)} ort_gflops=${ort.toFixed(2)} ` +
      `ort_web_gflops=${ortWebRate.toFixed(2)} kernel_gflops=${kernel.toFixed(2)} ` +
      `ort_search_gflops=${node.toFixed(2)} ratio=${(node / ort).toFixed(3)} ` +
      `kernel_ratio=${(kernel / ort).toFixed(3)} ratio_web=${(kernel / ortWebRate).toFixed(3)} ` +
      `browser_ratio=${(kernel / ortWebRate).toFixed(3)} simd=${simd}`,
  );
}

main().then(
  // onnxruntime-web keeps its WebAssembly instance alive: leave explicitly once done
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
