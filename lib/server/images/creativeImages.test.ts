import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db";
import { creativeImages } from "../db/schema";
import { importCreatives } from "../import/importCreatives";
import { importTaxonomy } from "../import/importTaxonomy";
import { streamOf, testDatabaseTargets } from "../testing/databases";
import { creatives } from "../db/schema";
import { findCreativeImage, listImagesNeedingOcr, saveOcrResults } from "./creativeImages";
import { resolveInStore } from "./imageStore";

const taxonomyFile = "Vehicles\nVehicles > Car Wash\n";

/** An image folder with one good image and every kind of bad one. */
async function imageFolder(): Promise<{ imageDir: string; storeDir: string }> {
  const root = mkdtempSync(path.join(tmpdir(), "ct-images-"));
  const imageDir = path.join(root, "images");
  mkdirSync(path.join(imageDir, "ads"), { recursive: true });
  const png = await sharp({
    create: { width: 800, height: 400, channels: 3, background: "#1565c0" },
  })
    .png()
    .toBuffer();
  writeFileSync(path.join(imageDir, "ads/good.png"), png);
  const jpeg = await sharp({
    create: { width: 600, height: 300, channels: 3, background: "#c62828" },
  })
    .jpeg()
    .toBuffer();
  writeFileSync(path.join(imageDir, "ads/truncated.jpg"), jpeg.subarray(0, jpeg.length / 2));
  writeFileSync(path.join(imageDir, "ads/page.jpg"), "<html><script>alert(1)</script></html>");
  writeFileSync(path.join(root, "secret.png"), png);
  symlinkSync(path.join(root, "secret.png"), path.join(imageDir, "ads/link.png"));
  return { imageDir, storeDir: path.join(root, "store") };
}

const creativesCsv = [
  "id,text,image",
  "a1,,ads/good.png",
  "a2,Wash and wax $20,ads/truncated.jpg",
  "a3,,ads/page.jpg",
  "a4,Hand wash,ads/missing.png",
  "a5,Hand wash,ads/link.png",
  "a6,Hand wash,https://example.com/ad.png",
  "a7,Text only,",
].join("\n");

for (const target of testDatabaseTargets()) {
  describe(`creative images on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let folders: { imageDir: string; storeDir: string };

    beforeAll(async () => {
      handle = await target.open();
      folders = await imageFolder();
      await importTaxonomy(handle.db, {
        file: "taxonomy.txt",
        source: streamOf(taxonomyFile),
        maxBytes: 1 << 20,
        taxonomy: "t",
      });
    });
    afterAll(() => handle.close());

    it("stores good images, reports each bad one on its row and keeps every row", async () => {
      const report = await importCreatives(handle.db, {
        file: "ads.csv",
        format: "csv",
        source: streamOf(creativesCsv),
        maxBytes: 1 << 20,
        dataset: "ads",
        taxonomy: "t",
        images: folders,
      });
      expect(report.status).toBe("done");
      expect(report.rowsWritten).toBe(7);
      expect(report.message).toMatch(/1 of 6 images stored; 5 refused/);
      const byLine = Object.fromEntries(report.issues.map((i) => [i.line, i]));
      expect(byLine[3]).toMatchObject({
        field: "image",
        message: expect.stringMatching(/cannot be decoded/),
      });
      expect(byLine[4]?.message).toMatch(/not a JPEG, PNG, WebP or GIF image/);
      expect(byLine[5]?.message).toMatch(/no file "ads\/missing.png"/);
      expect(byLine[6]?.message).toMatch(/outside the image folder/);
      expect(byLine[7]?.message).toMatch(/web addresses are not downloaded/);

      const rows = await handle.db.select().from(creativeImages);
      expect(rows).toHaveLength(1);
      const [row] = rows;
      expect(row).toMatchObject({ mimeType: "image/png", width: 800, height: 400 });
      const served = await findCreativeImage(handle.db, row!.creativeId);
      const thumbnail = resolveInStore(folders.storeDir, served!.thumbnailPath!);
      const meta = await sharp(readFileSync(thumbnail!)).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(["webp", 240, 120]);
    });

    it("gives an image-only creative its OCR text and keeps it as a suggestion elsewhere", async () => {
      const [row] = await handle.db.select().from(creativeImages);
      const datasetId = (await handle.db.select().from(creatives))[0]!.datasetId;
      const pending = await listImagesNeedingOcr(handle.db, { datasetId, limit: 10 });
      expect(pending).toEqual({
        remaining: 1,
        items: [{ creativeId: row!.creativeId, externalId: "a1", imageOnly: true }],
      });
      const saved = await saveOcrResults(handle.db, {
        model: "test",
        results: [{ creativeId: row!.creativeId, text: "WASH NOW\nShop now" }],
      });
      expect(saved).toEqual({ saved: 1, textsSet: 1 });
      const [creative] = await handle.db
        .select({ text: creatives.text, textSource: creatives.textSource })
        .from(creatives)
        .where(eq(creatives.id, row!.creativeId));
      expect(creative).toEqual({ text: "WASH NOW\nShop now", textSource: "ocr" });
      expect((await listImagesNeedingOcr(handle.db, { datasetId, limit: 10 })).remaining).toBe(0);

      // A re-import that rewrites the row (new metadata) keeps the text read from its image.
      const changed = creativesCsv
        .split("\n")
        .map((line, i) => `${line},${i === 0 ? "meta.note" : i === 1 ? "new" : ""}`)
        .join("\n");
      const again = await importCreatives(handle.db, {
        file: "ads.csv",
        format: "csv",
        source: streamOf(changed),
        maxBytes: 1 << 20,
        dataset: "ads",
        images: folders,
      });
      expect([again.status, again.rowsWritten]).toEqual(["done", 1]);
      const [reimported] = await handle.db
        .select({ text: creatives.text, textSource: creatives.textSource })
        .from(creatives)
        .where(eq(creatives.id, row!.creativeId));
      expect(reimported).toEqual({ text: "WASH NOW\nShop now", textSource: "ocr" });

      // A re-import whose row now brings a text (even the very text OCR read) makes it imported.
      const withText = creativesCsv.replace(
        "a1,,ads/good.png",
        'a1,"WASH NOW\nShop now",ads/good.png',
      );
      const third = await importCreatives(handle.db, {
        file: "ads.csv",
        format: "csv",
        source: streamOf(withText),
        maxBytes: 1 << 20,
        dataset: "ads",
        images: folders,
      });
      expect([third.status, third.rowsWritten]).toEqual(["done", 1]);
      const [typed] = await handle.db
        .select({ text: creatives.text, textSource: creatives.textSource })
        .from(creatives)
        .where(eq(creatives.id, row!.creativeId));
      expect(typed).toEqual({ text: "WASH NOW\nShop now", textSource: "imported" });
    });

    it("never resolves a stored path outside the store", () => {
      expect(resolveInStore(folders.storeDir, "../secret.png")).toBeUndefined();
      expect(resolveInStore(folders.storeDir, `ab/${"0".repeat(64)}.png`)).toBeDefined();
      expect(resolveInStore(folders.storeDir, `ab/${"0".repeat(64)}.html`)).toBeUndefined();
    });
  });
}
