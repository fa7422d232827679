/**
 * `npm run bench:detect`: scores 100,000 random unit creatives against 600 labels in 256
 * dimensions with the TypeScript blocked similarity + top-10 kernel (the detector's hot path),
 * and first the same shapes through onnxruntime-node's MatMul (and MatMul + TopK), so the
 * numbers say how close the kernel is to a tuned GEMM. The last line is
 * `creatives=... labels=... dim=... seconds=... gflops=...` for the TypeScript kernel.
 * `--creatives N --labels M --dim D --k K` change the shapes.
 */
import { randomUnitRows } from "@/lib/core/linalg/rows";
import { topKSimilar } from "@/lib/core/linalg/topk";
import { timeOrtSimilarity } from "@/lib/eval/ort-matmul";
import { parseCommandLine } from "./args";

async function main(): Promise<void> {
  const { values } = parseCommandLine(
    "Usage: npm run bench:detect -- [--creatives N] [--labels M] [--dim D] [--k K]",
    {
      creatives: { type: "string" },
      labels: { type: "string" },
      dim: { type: "string" },
      k: { type: "string" },
    },
  );
  const n = Number(values.creatives ?? 100_000);
  const m = Number(values.labels ?? 600);
  const dim = Number(values.dim ?? 256);
  const k = Number(values.k ?? 10);
  const texts = randomUnitRows(n, dim, 1);
  const labels = randomUnitRows(m, dim, 2);
  const gflop = (2 * n * m * dim) / 1e9;
  const rate = (seconds: number) => (gflop / seconds).toFixed(2);

  for (const threads of [1, 0]) {
    for (const topK of [false, true]) {
      const seconds = await timeOrtSimilarity(texts, labels, dim, {
        k,
        topK,
        threads,
        chunkRows: 8192,
      });
      console.log(
        `onnxruntime-node ${topK ? "MatMul+TopK" : "MatMul"} threads=${threads || "default"} ` +
          `seconds=${seconds.toFixed(3)} gflops=${rate(seconds)}`,
      );
    }
  }

  topKSimilar(texts.subarray(0, 256 * dim), labels, dim, k); // warm-up: let V8 optimise
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const top = topKSimilar(texts, labels, dim, k);
  const seconds = (performance.now() - t0) / 1000;
  const cpuSeconds = process.cpuUsage(cpu0).user / 1e6;
  if (top.indices[0]! < 0) throw new Error("kernel produced no neighbours");
  // on a shared machine wall time includes waiting for a core; CPU time says what the kernel does
  console.log(
    `typescript kernel (one thread) cpu_seconds=${cpuSeconds.toFixed(3)} gflops_per_cpu_second=${rate(cpuSeconds)}`,
  );
  console.log(
    `creatives=${n} labels=${m} dim=${dim} seconds=${seconds.toFixed(3)} gflops=${rate(seconds)}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
