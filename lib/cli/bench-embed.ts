/**
 * `npm run bench:embed`: throughput of the bundled model on the same 2,000 demo texts (a) in
 * headless Chromium through the real embedding worker on WASM with 1 and 2 threads, on the built
 * app's /settings/benchmark page, and (b) in Node through the same transformers.js code on
 * onnxruntime-node. Needs a production build (`npm run build`). The last line is the summary.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "@playwright/test";
import { benchAccountEnv, signInForBench } from "./benchAccount";
import { AutoTokenizer } from "@huggingface/transformers";
import { defaultModel } from "@/lib/core/models/registry";
import { embedInBatches } from "@/lib/ml/embedding/embedTexts";
import { loadNodeEmbedder } from "@/lib/ml/embedding/nodeEnvironment";

const textCount = 2000;
const batchSize = 64;
const port = Number(process.env.BENCH_PORT ?? 3199);
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** The flags playwright.config.ts uses: quiet on a closed network. */
const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

function demoTexts(): string[] {
  const lines = readFileSync(join(process.cwd(), "lib/demo/data/creatives.jsonl"), "utf8")
    .split("\n")
    .filter((line) => line.trim().length > 0)
    .slice(0, textCount);
  return lines.map((line) => {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed === "object" && parsed !== null && "text" in parsed) {
      // The page takes one text per line; BERT tokenizers treat a newline as a space anyway.
      return String(parsed.text).replace(/\s*\n\s*/g, " ");
    }
    throw new Error("a demo creative has no text");
  });
}

async function waitForServer(url: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`next start exited with ${server.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet: poll again.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not answer within 60 s`);
}

async function benchBrowser(texts: string[], threads: number[]) {
  // Its own process group, so stopping it also stops the next-server that npx starts.
  // A throw-away data folder: the page needs a signed-in user, which the server creates there.
  const dataDir = mkdtempSync(join(tmpdir(), "ct-bench-embed-"));
  const server = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
    env: {
      ...process.env,
      CREATIVE_TRIAGE_DATA_DIR: dataDir,
      DATABASE_URL: "",
      ...benchAccountEnv,
    },
  });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    const url = `http://127.0.0.1:${port}/settings/benchmark`;
    await waitForServer(url, server);
    const results = new Map<number, { wallMs: number; workerMs: number; loadMs: number }>();
    for (const n of threads) {
      const page = await browser.newPage();
      await signInForBench(page, `http://127.0.0.1:${port}`);
      await page.goto(url);
      // The form reads the (uncontrolled) textarea at submit; setting the value directly is
      // instant where typing 2,000 lines through `fill` is not.
      await page.getByTestId("bench-texts").evaluate((el, value) => {
        if (el instanceof HTMLTextAreaElement) el.value = value;
      }, texts.join("\n"));
      await page.getByTestId("bench-threads").fill(String(n));
      await page.getByRole("button", { name: "Run" }).click();
      const output = page.getByTestId("bench-result").or(page.getByTestId("bench-error"));
      await output.waitFor({ timeout: 300_000 });
      if ((await output.getAttribute("data-testid")) === "bench-error") {
        throw new Error(`browser benchmark failed: ${await output.textContent()}`);
      }
      const read = async (name: string) => Number(await output.getAttribute(name));
      if ((await read("data-count")) !== texts.length) throw new Error("wrong text count");
      const result = {
        wallMs: await read("data-wall-ms"),
        workerMs: await read("data-worker-ms"),
        loadMs: await read("data-load-ms"),
      };
      console.log(
        `browser wasm ${n}t (worker reports ${await read("data-threads")} threads): ` +
          `load ${result.loadMs.toFixed(0)} ms, embed ${result.wallMs.toFixed(0)} ms on the page, ` +
          `${result.workerMs.toFixed(0)} ms in the worker`,
      );
      results.set(n, result);
      await page.close();
    }
    return results;
  } finally {
    await browser.close();
    if (server.pid !== undefined) process.kill(-server.pid, "SIGTERM");
    // The server may still hold the folder a moment after the signal.
    setTimeout(() => rmSync(dataDir, { recursive: true, force: true }), 2000).unref();
  }
}

async function benchNode(texts: string[]) {
  const model = defaultModel();
  const modelsDir = join(process.cwd(), "public", "models");
  const loadStarted = performance.now();
  const embedder = await loadNodeEmbedder(model, modelsDir);
  const loadMs = performance.now() - loadStarted;
  const started = performance.now();
  await embedInBatches(embedder, texts, { batchSize });
  const embedMs = performance.now() - started;
  await embedder.dispose();
  // Tokenization alone, through the same tokenizer files, to split the time.
  const tokenizer = await AutoTokenizer.from_pretrained(model.id);
  const tokenStarted = performance.now();
  for (let i = 0; i < texts.length; i += batchSize) {
    tokenizer(texts.slice(i, i + batchSize), { padding: true, truncation: true });
  }
  const tokenizeMs = performance.now() - tokenStarted;
  console.log(
    `node: load ${loadMs.toFixed(0)} ms, embed ${embedMs.toFixed(0)} ms ` +
      `(tokenizing alone ${tokenizeMs.toFixed(0)} ms)`,
  );
  return { embedMs };
}

async function main(): Promise<void> {
  const texts = demoTexts();
  console.log(`${texts.length} demo texts, batches of ${batchSize}, model ${defaultModel().id}`);
  const node = await benchNode(texts);
  const browser = await benchBrowser(texts, [1, 2]);
  const perSecond = (ms: number | undefined) => (ms ? (1000 * texts.length) / ms : NaN);
  const b1 = perSecond(browser.get(1)?.wallMs);
  const b2 = perSecond(browser.get(2)?.wallMs);
  const n = perSecond(node.embedMs);
  console.log(
    `model=${defaultModel().id} browser_wasm_1t_texts_per_s=${b1.toFixed(0)} ` +
      `browser_wasm_2t_texts_per_s=${b2.toFixed(0)} node_texts_per_s=${n.toFixed(0)} ` +
      `browser_to_node_ratio=${(Math.max(b1, b2) / n).toFixed(2)}`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
