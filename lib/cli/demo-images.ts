/**
 * `npm run demo:images`: renders every 8th demo creative (300 of 2,400) as a 600x314 ad image in
 * headless Chromium (canvas 2-D: brand colours, several fonts and sizes, a call-to-action button,
 * pixel noise), seeded by the creative's id, and writes `lib/demo/images/rendered/<id>.webp` plus
 * `manifest.jsonl` with the text drawn on each image (the OCR ground truth). Running it again on
 * the same machine writes the same bytes; the files are committed, so nothing else needs this.
 *
 * Options: --chromium <path>, --quality 0.6 (WebP; 0.6 keeps the 300 files near 4.5 MB).
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { adSpecFor } from "@/lib/demo/images/adSpec";
import {
  demoImageStride,
  demoImagesDir,
  demoImagesManifest,
  type DemoImageEntry,
} from "@/lib/demo/images/manifest";
import { chromiumArgs, chromiumExecutablePath } from "./chromium";
import { runCommand } from "./args";

const root = process.cwd();

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function pageScript(): Promise<string> {
  const out = await build({
    entryPoints: [path.join(root, "lib/demo/images/renderPage.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    tsconfig: path.join(root, "tsconfig.json"),
    logLevel: "error",
  });
  return out.outputFiles[0]!.text;
}

interface DemoCreative {
  id: string;
  text: string;
  metadata: { advertiser: string };
}

async function main(): Promise<number> {
  const quality = Number(argValue("--quality") ?? 0.6);
  const creatives = readFileSync(path.join(root, "lib/demo/data/creatives.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as DemoCreative)
    .filter((_, i) => i % demoImageStride === 0);
  const outDir = path.join(root, demoImagesDir);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  const browser = await chromium.launch({
    executablePath: argValue("--chromium") ?? chromiumExecutablePath,
    args: chromiumArgs,
  });
  const entries: DemoImageEntry[] = [];
  let bytes = 0;
  try {
    const page = await browser.newPage();
    page.on("pageerror", (error) => console.error(`page error: ${error.message}`));
    await page.setContent(`<!doctype html><meta charset="utf-8"><body></body>`);
    await page.addScriptTag({ content: await pageScript(), type: "module" });
    await page.waitForFunction(() => typeof window.renderAd === "function");
    for (const creative of creatives) {
      const spec = adSpecFor({
        id: creative.id,
        text: creative.text,
        advertiser: creative.metadata.advertiser,
      });
      const rendered = await page.evaluate(
        ([spec, quality]) => window.renderAd(spec, "image/webp", quality),
        [spec, quality] as const,
      );
      const data = Buffer.from(rendered.dataUrl.replace(/^data:image\/webp;base64,/, ""), "base64");
      const file = `${creative.id}.webp`;
      writeFileSync(path.join(outDir, file), data);
      bytes += data.length;
      entries.push({
        id: creative.id,
        file,
        text: rendered.lines.join("\n"),
        width: 600,
        height: 314,
      });
    }
  } finally {
    await browser.close();
  }
  writeFileSync(
    path.join(root, demoImagesManifest),
    entries.map((entry) => JSON.stringify(entry)).join("\n") + "\n",
  );
  const digest = createHash("sha256");
  for (const name of readdirSync(outDir).sort())
    digest.update(readFileSync(path.join(outDir, name)));
  console.log(
    `images=${entries.length} bytes=${bytes} mean_kb=${(bytes / entries.length / 1024).toFixed(1)} ` +
      `sha256=${digest.digest("hex").slice(0, 16)}`,
  );
  return 0;
}

runCommand(main);
