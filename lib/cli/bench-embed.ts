/**
 * `npm run bench:embed`: throughput of the bundled model on the same 2,000 demo texts (a) in
 * headless Chromium through the real embedding worker on WASM with 1 and 2 threads, on the built
 * app's /settings/benchmark page, and (b) in Node through the same transformers.js code on
 * onnxruntime-node. Needs a production build (`npm run build`). The last line is the summary.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "@playwright/test";
import { signInForBench } from "./benchAccount";
import { startBenchServer } from "./benchServer";
import { chromiumArgs, chromiumExecutablePath } from "./chromium";
import { AutoTokenizer } from "@huggingface/transformers";
import { defaultModel } from "@/lib/core/models/registry";
import { embedInBatches } from "@/lib/ml/embedding/embedTexts";
import { loadNodeEmbedder } from "@/lib/ml/embedding/nodeEnvironment";

const textCount = 2000;
const batchSize = 64;
const port = Number(process.env.BENCH_PORT ?? 3199);

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

async function benchBrowser(texts: string[], threads: number[]) {
  // A throw-away data folder: the page needs a signed-in user, which the server creates there.
  const server = await startBenchServer({
    port,
    name: "bench-embed",
    seedDemo: false,
    readyPath: "/settings/benchmark",
  });
  const browser = await chromium.launch({
    executablePath: chromiumExecutablePath,
    args: chromiumArgs,
  });
  try {
    const url = `${server.baseUrl}/settings/benchmark`;
    const results = new Map<number, { wallMs: number; workerMs: number; loadMs: number }>();
    for (const n of threads) {
      const page = await browser.newPage();
      await signInForBench(page, server.baseUrl);
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
    await server.stop();
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
