import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import sharp from "sharp";

/**
 * Images for the end-to-end tests, and the Data page's OCR job as a user works it. The files are
 * put in the server's image folder (`<data folder>/images`, the default image folder), where an
 * import's `image` column resolves, as a user would copy them there.
 */

/** The data folder the Playwright web server runs with (see playwright.config.ts). */
const dataDir = process.env.E2E_DATA_DIR ?? ".data/e2e";

/** Writes the test images into `<image folder>/<folder>` and returns the names to import. */
export async function writeTestImages(folder: string) {
  const dir = path.join(dataDir, "images", folder);
  mkdirSync(dir, { recursive: true });
  // Two rendered demo ads (their text is known: lib/demo/images/rendered/manifest.jsonl).
  copyFileSync("lib/demo/images/rendered/demo-00001.webp", path.join(dir, "honda.webp"));
  copyFileSync("lib/demo/images/rendered/demo-00009.webp", path.join(dir, "refund.webp"));
  // A JPEG cut in half, a web page named .png, and a file over the 10 MB limit.
  const jpeg = await sharp({
    create: { width: 600, height: 314, channels: 3, background: "#0b3d91" },
  })
    .jpeg()
    .toBuffer();
  writeFileSync(path.join(dir, "truncated.jpg"), jpeg.subarray(0, Math.floor(jpeg.length / 2)));
  writeFileSync(path.join(dir, "page.png"), "<!doctype html><script>alert(1)</script>");
  const huge = Buffer.alloc(11 * 1024 * 1024);
  huge.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  writeFileSync(path.join(dir, "huge.png"), huge);
  return {
    good: { imageOnly: `${folder}/honda.webp`, withText: `${folder}/refund.webp` },
    truncated: `${folder}/truncated.jpg`,
    wrongType: `${folder}/page.png`,
    huge: `${folder}/huge.png`,
  };
}

/** The "Read text from images" job on the Data page. */
export class OcrJobPanel {
  constructor(readonly page: Page) {}

  get panel() {
    return this.page.getByTestId("ocr-job");
  }

  /** Reads every unread image of `dataset` and waits for the job to finish. */
  async readAll(dataset: string) {
    await this.panel.getByTestId("ocr-dataset").selectOption(dataset);
    await this.panel.getByTestId("ocr-start").click();
    const done = this.panel.getByTestId("ocr-done");
    await expect(done).toBeVisible({ timeout: 120_000 });
    return done;
  }
}

/**
 * Copies rendered demo ads (`lib/demo/images/rendered/<id>.webp`) into `<image folder>/<folder>`
 * and returns the path each one is imported under, by demo id.
 */
export function copyDemoAdImages(folder: string, demoIds: readonly string[]): Map<string, string> {
  const dir = path.join(dataDir, "images", folder);
  mkdirSync(dir, { recursive: true });
  return new Map(
    demoIds.map((id) => {
      copyFileSync(`lib/demo/images/rendered/${id}.webp`, path.join(dir, `${id}.webp`));
      return [id, `${folder}/${id}.webp`];
    }),
  );
}
