/**
 * `npm run bench:map`: maps 5,000, 20,000 and 100,000 clustered 384-d points in headless
 * Chromium through the real map worker, runs stock umap-js on the same 20,000 points in the same
 * browser, scores every layout against the original space (trustworthiness and kNN recall at 15
 * on a sample of points), and prints as its last line
 * `points_5k_s=... points_20k_s=... points_100k_s=... umapjs_default_20k_s=... speedup_20k=... peak_mb_100k=...`
 * followed by the 20k quality of both engines (`trust_20k`, `recall_20k`, `umapjs_trust_20k`,
 * `umapjs_recall_20k`). The machine's load average is printed before it: timings on a shared
 * machine are only comparable at similar load.
 *
 * The page is a minimal static one bundled here with esbuild (the worker file is served at the
 * URL the client asks for), not the Next app: the benchmark then needs no production build and
 * no database, and measures exactly the worker code the app ships. `peak_mb_100k` is the peak
 * resident memory of the whole browser (every Chromium process) during the 100k run.
 *
 * Options: --sizes 5000,20000 (subset), --skip-umapjs, --chromium <path>.
 */
import { readFileSync, readdirSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { loadavg } from "node:os";
import { chromium } from "playwright-core";
import { bundlePage } from "./bundlePage";
import { clusteredVectors } from "@/lib/core/map/synthetic";
import { layoutQuality } from "@/lib/core/map/quality";
import { sampleIndices, seededRandom } from "@/lib/core/map/random";
import type { BenchRun } from "@/lib/ml/map/benchPage";

const dim = 384;
const seed = 7;

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Sum of resident memory (MB) of a process and all its descendants, from /proc. */
function treeRssMb(rootPid: number): number {
  const parent = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const ppid = Number(/PPid:\s+(\d+)/.exec(status)?.[1] ?? -1);
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      parent.set(pid, ppid);
      rss.set(pid, kb);
    } catch {
      // The process ended between listing and reading: it holds no memory any more.
    }
  }
  let total = 0;
  for (const [pid, kb] of rss) {
    let p: number | undefined = pid;
    for (let hops = 0; p !== undefined && p > 1 && hops < 20; hops++) {
      if (p === rootPid) {
        total += kb;
        break;
      }
      p = parent.get(p);
    }
  }
  return total / 1024;
}

function quality(n: number, run: BenchRun, samples: number) {
  const { vectors } = clusteredVectors({ n, dim, seed });
  let checksum = 0;
  for (let i = 0; i < vectors.length; i += 97) checksum += vectors[i]!;
  if (Math.abs(checksum - run.checksum) > 1e-3 * Math.max(1, Math.abs(checksum))) {
    throw new Error(`the page generated other points than Node (${run.checksum} vs ${checksum})`);
  }
  const sample = sampleIndices(n, samples, seededRandom(11));
  return layoutQuality(vectors, dim, Float32Array.from(run.coordinates), sample, 15);
}

async function main(): Promise<void> {
  const sizes = (argValue("--sizes") ?? "5000,20000,100000").split(",").map(Number);
  const skipUmapJs = process.argv.includes("--skip-umapjs");
  const startLoad = loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");
  const [pageJs, workerJs] = await Promise.all([
    bundlePage("lib/ml/map/benchPage.ts"),
    bundlePage("lib/ml/map/worker.ts"),
  ]);
  const html = `<!doctype html><meta charset="utf-8"><title>map bench</title><script type="module" src="/bench.js"></script>`;
  const server = createServer((req, res) => {
    const body =
      req.url === "/bench.js" ? pageJs : req.url?.startsWith("/worker.ts") ? workerJs : html;
    const type = req.url === "/" ? "text/html" : "text/javascript";
    res.writeHead(req.url === "/" || body !== html ? 200 : 404, { "content-type": type });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const browserServer = await chromium.launchServer({
    executablePath: argValue("--chromium") ?? process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  const browserPid = browserServer.process().pid ?? -1;
  const browser = await chromium.connect(browserServer.wsEndpoint());
  const results = new Map<string, { run: BenchRun; peakMb: number }>();
  try {
    const page = await browser.newPage();
    page.on("pageerror", (error) => console.error(`page error: ${error.message}`));
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => typeof window.runMapBench === "function");
    const jobs: [number, "fast" | "umap-js"][] = sizes.map((n) => [n, "fast"]);
    if (!skipUmapJs && sizes.includes(20_000)) jobs.push([20_000, "umap-js"]);
    for (const [n, engine] of jobs) {
      let peakMb = treeRssMb(browserPid);
      const timer = setInterval(() => (peakMb = Math.max(peakMb, treeRssMb(browserPid))), 200);
      const run = await page.evaluate(
        ([n, dim, seed, engine]) => window.runMapBench(n, dim, seed, engine),
        [n, dim, seed, engine] as const,
      );
      clearInterval(timer);
      peakMb = Math.max(peakMb, treeRssMb(browserPid));
      results.set(`${engine}:${n}`, { run, peakMb });
      const t = Object.entries(run.timings)
        .map(([key, ms]) => `${key}=${(ms / 1000).toFixed(2)}`)
        .join(" ");
      console.log(
        `${engine} n=${n}: ${run.seconds.toFixed(2)} s (${run.knnMethod}; ${t}; ` +
          `${run.layoutUpdates} live layouts; browser peak ${peakMb.toFixed(0)} MB)`,
      );
    }
  } finally {
    await browser.close();
    await browserServer.close();
    server.close();
  }

  const qualities = new Map<string, { trustworthiness: number; knnRecall: number }>();
  for (const [key, { run }] of results) {
    // 1,000 sampled points put the standard error of the recall near 0.002 at 20k.
    const q = quality(run.n, run, run.n >= 100_000 ? 200 : 1000);
    qualities.set(key, q);
    console.log(
      `quality ${key}: trustworthiness@15=${q.trustworthiness.toFixed(4)} ` +
        `knn_recall@15=${q.knnRecall.toFixed(4)} (${q.sampled} sampled points)`,
    );
  }
  const secs = (key: string) => results.get(key)?.run.seconds;
  const fmt = (value: number | undefined) => (value === undefined ? "NA" : value.toFixed(2));
  const fast20 = secs("fast:20000");
  const umap20 = secs("umap-js:20000");
  const speedup = fast20 && umap20 ? umap20 / fast20 : undefined;
  const peak = results.get("fast:100000")?.peakMb;
  const q4 = (key: string, pick: "trustworthiness" | "knnRecall") => {
    const value = qualities.get(key)?.[pick];
    return value === undefined ? "NA" : value.toFixed(4);
  };
  console.log(
    `load average at start ${startLoad}, at end ${loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}`,
  );
  console.log(
    `points_5k_s=${fmt(secs("fast:5000"))} points_20k_s=${fmt(fast20)} ` +
      `points_100k_s=${fmt(secs("fast:100000"))} umapjs_default_20k_s=${fmt(umap20)} ` +
      `speedup_20k=${fmt(speedup)} peak_mb_100k=${peak === undefined ? "NA" : peak.toFixed(0)} ` +
      `trust_20k=${q4("fast:20000", "trustworthiness")} recall_20k=${q4("fast:20000", "knnRecall")} ` +
      `umapjs_trust_20k=${q4("umap-js:20000", "trustworthiness")} ` +
      `umapjs_recall_20k=${q4("umap-js:20000", "knnRecall")}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
