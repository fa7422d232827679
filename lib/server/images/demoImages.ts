import "server-only";
import { promises as fs } from "node:fs";
import path from "node:path";
import {
  demoImagesDir,
  demoImagesManifest,
  parseDemoImageManifest,
} from "@/lib/demo/images/manifest";
import type { Executor } from "../db";
import { readServerConfig } from "../config";
import { attachCreativeImages, imageStoreDir } from "./creativeImages";

/**
 * Attaches the committed demo ad images (lib/demo/images/rendered) to their demo creatives
 * through the same checks and store as an imported image.
 */
export async function attachDemoImages(
  db: Executor,
  datasetId: number,
): Promise<{ stored: number; refused: number }> {
  const root = process.cwd();
  const manifest = parseDemoImageManifest(
    await fs.readFile(path.join(root, demoImagesManifest), "utf8"),
  );
  const result = await attachCreativeImages(db, {
    datasetId,
    file: path.basename(demoImagesManifest),
    references: manifest.map((entry, i) => ({
      externalId: entry.id,
      imageRef: entry.file,
      line: i + 1,
    })),
    imageDir: path.join(root, demoImagesDir),
    storeDir: imageStoreDir(readServerConfig().dataDir),
  });
  if (result.issues.length > 0) {
    throw new Error(`A demo image was refused: ${result.issues[0]!.message}`);
  }
  return { stored: result.stored, refused: result.issues.length };
}
