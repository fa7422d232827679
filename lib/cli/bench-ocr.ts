/**
 * `npm run bench:ocr`: reads the 300 rendered demo ad images (lib/demo/images/rendered) with the
 * real OCR worker in headless Chromium and scores the text against what was drawn. The last line
 * is `images=... cer=... seconds_per_image=...` plus the browser's CPU seconds per image (on a
 * shared machine wall time also counts other programs), the load time and the CER ignoring
 * spaces (the shipped recogniser is trained mostly on Chinese and drops many English spaces).
 *
 * The page is a minimal static one bundled here with esbuild, like bench:map: no production
 * build, no database, exactly the worker code the app ships. The server serves the model and
 * ONNX Runtime files from public/ (run `npm run copy-ort` first) and nothing else: no request
 * leaves the machine.
 *
 * The page is cross-origin isolated (COOP + COEP, like the app), so `--threads N` can measure
 * multi-threaded WASM; the default is one thread, the fairest figure on a shared 2-core machine.
 *
 * Options: --limit N (first N images), --show N (print N worst images), --threads N,
 * --chromium <path>.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { chromium } from "playwright-core";
import { cerCount, corpusCer } from "@/lib/core/ocr/cer";
import {
  demoImagesDir,
  demoImagesManifest,
  parseDemoImageManifest,
} from "@/lib/demo/images/manifest";
import type { OcrBenchLoad, OcrBenchRun } from "@/lib/ml/ocr/benchPage";
import { runCommand } from "./args";
import { bundlePage } from "./bundlePage";
import { chromiumArgs, chromiumExecutablePath } from "./chromium";

const root = process.cwd();

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const contentTypes: Record<string, string> = {
  ".mjs": "text/javascript",
  ".wasm": "application/wasm",
  ".onnx": "application/octet-stream",
  ".txt": "text/plain",
  ".webp": "image/webp",
};

/** A file under one of the served folders, or undefined (no path escape: names only). */
function staticFile(url: string): string | undefined {
  const match = /^\/(ocr|ort|images)\/([\w.-]+)$/.exec(url);
  if (!match) return undefined;
  const folder = match[1] === "images" ? demoImagesDir : `public/${match[1]}`;
  const file = path.join(root, folder, match[2]!);
  return existsSync(file) ? file : undefined;
}

/**
 * CPU seconds used so far by a process and all its descendants, from /proc (user + system).
 * On a shared machine wall time also counts other programs' work; CPU time does not.
 */
function treeCpuSeconds(rootPid: number): number {
  const ticksPerSecond = 100; // USER_HZ on Linux
  const parent = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // Fields after the command name (which may hold spaces) start at its closing parenthesis.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parent.set(pid, Number(fields[1]));
      ticks.set(pid, Number(fields[11]) + Number(fields[12]));
    } catch {
      // The process ended between listing and reading.
    }
  }
  let total = 0;
  for (const [pid, t] of ticks) {
    let p: number | undefined = pid;
    for (let hops = 0; p !== undefined && p > 1 && hops < 20; hops++) {
      if (p === rootPid) {
        total += t;
        break;
      }
      p = parent.get(p);
    }
  }
  return total / ticksPerSecond;
}

async function main(): Promise<number> {
  const limit = Number(argValue("--limit") ?? Infinity);
  const show = Number(argValue("--show") ?? 0);
  const threads = Number(argValue("--threads") ?? 1);
  if (!existsSync(path.join(root, "public/ocr")) || !existsSync(path.join(root, "public/ort"))) {
    console.error("public/ocr or public/ort is missing: run `npm run copy-ort` first");
    return 1;
  }
  const manifest = parseDemoImageManifest(
    readFileSync(path.join(root, demoImagesManifest), "utf8"),
  ).slice(0, limit);
  const [pageJs, workerJs] = await Promise.all([
    bundlePage("lib/ml/ocr/benchPage.ts"),
    bundlePage("lib/ml/ocr/worker.ts"),
  ]);
  const html = `<!doctype html><meta charset="utf-8"><title>ocr bench</title><link rel="icon" href="data:,"><script type="module" src="/bench.js"></script>`;
  const server = createServer((req, res) => {
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Cross-Origin-Embedder-Policy", "require-corp");
    const url = (req.url ?? "/").split("?")[0]!;
    if (url === "/bench.js" || url.startsWith("/worker.ts")) {
      res.writeHead(200, { "content-type": "text/javascript" });
      res.end(url === "/bench.js" ? pageJs : workerJs);
      return;
    }
    if (url === "/") {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(html);
      return;
    }
    const file = staticFile(url);
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    const body = readFileSync(file);
    res.writeHead(200, {
      "content-type": contentTypes[path.extname(file)] ?? "application/octet-stream",
      "content-length": body.length,
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const browserServer = await chromium.launchServer({
    executablePath: argValue("--chromium") ?? chromiumExecutablePath,
    args: chromiumArgs,
  });
  const browserPid = browserServer.process().pid ?? -1;
  const browser = await chromium.connect(browserServer.wsEndpoint());
  let load: OcrBenchLoad;
  let run: OcrBenchRun;
  let cpuSeconds: number;
  try {
    const page = await browser.newPage();
    page.on("pageerror", (error) => console.error(`page error: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error") console.error(`console: ${message.text()}`);
    });
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => typeof window.runOcrBench === "function");
    const images = manifest.map((entry) => ({ key: entry.id, url: `/images/${entry.file}` }));
    load = await page.evaluate((threads) => window.loadOcrBench(threads), threads);
    const cpuBefore = treeCpuSeconds(browserPid);
    run = await page.evaluate((images) => window.runOcrBench(images), images);
    cpuSeconds = treeCpuSeconds(browserPid) - cpuBefore;
  } finally {
    await browser.close();
    await browserServer.close();
    server.close();
  }

  const truth = new Map(manifest.map((entry) => [entry.id, entry.text]));
  const scored = run.images.map((image) => {
    const reference = truth.get(image.key) ?? "";
    const text = image.ok ? image.text : "";
    return {
      key: image.key,
      reference,
      text,
      error: image.ok ? undefined : image.error,
      count: cerCount(reference, text),
      noSpaces: cerCount(reference.replace(/\s+/g, ""), text.replace(/\s+/g, "")),
    };
  });
  const failed = scored.filter((s) => s.error);
  for (const s of failed) console.error(`${s.key}: ${s.error}`);
  const worst = [...scored]
    .sort(
      (a, b) => b.count.edits / b.count.referenceLength - a.count.edits / a.count.referenceLength,
    )
    .slice(0, show);
  for (const s of worst) {
    console.log(`--- ${s.key} (${s.count.edits}/${s.count.referenceLength})`);
    console.log(`truth: ${JSON.stringify(s.reference)}`);
    console.log(`read:  ${JSON.stringify(s.text)}`);
  }
  const cer = corpusCer(scored.map((s) => s.count));
  const cerNoSpaces = corpusCer(scored.map((s) => s.noSpaces));
  console.log(`model files: ${load.files.join(", ")}; failed images: ${failed.length}`);
  console.log(
    `images=${scored.length} cer=${(cer * 100).toFixed(2)}% ` +
      `seconds_per_image=${(run.recogniseMs / 1000 / scored.length).toFixed(3)} ` +
      `threads=${threads} cpu_seconds_per_image=${(cpuSeconds / scored.length).toFixed(3)} ` +
      `cer_ignoring_spaces=${(cerNoSpaces * 100).toFixed(2)}% load_seconds=${(load.loadMs / 1000).toFixed(2)}`,
  );
  return failed.length > 0 ? 1 : 0;
}

runCommand(main);
