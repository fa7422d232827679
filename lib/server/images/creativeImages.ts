import "server-only";
import path from "node:path";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { ImportIssue } from "@/lib/core/import/issues";
import type { Executor } from "../db";
import { creativeImages, creatives } from "../db/schema";
import { BadImageError, readSourceImage, storeImage, type StoredImage } from "./imageStore";

/**
 * Data access for creative images: attaching checked images to imported creatives, finding one to
 * serve, and the OCR job's reads and writes. One function per use case.
 */

/** Where images come from and where they are kept. */
export interface ImageFolders {
  /** Image references resolve inside this folder (the configured image folder). */
  imageDir: string;
  /** The data folder's image store (`<data>/creative-images`). */
  storeDir: string;
}

/** The image store of a data folder. */
export function imageStoreDir(dataDir: string): string {
  return path.join(dataDir, "creative-images");
}

/** A creative row that named an image. */
export interface ImageReference {
  externalId: string;
  imageRef: string;
  /** The row's line in the import file, for issues. */
  line: number;
}

/**
 * Checks, stores and attaches the images named by imported rows. A bad image (missing, wrong
 * type, truncated, too large, a web address) becomes an issue naming its row and field and the
 * row stays imported without an image; it never stops the import. An image whose bytes changed
 * loses its old OCR text.
 */
export async function attachCreativeImages(
  db: Executor,
  input: { datasetId: number; file: string; references: readonly ImageReference[] } & ImageFolders,
): Promise<{ stored: number; issues: ImportIssue[] }> {
  const issues: ImportIssue[] = [];
  const issue = (ref: ImageReference, message: string) =>
    issues.push({ file: input.file, line: ref.line, field: "image", message });
  const ids = new Map<string, number>();
  for (let i = 0; i < input.references.length; i += 1000) {
    const chunk = input.references.slice(i, i + 1000).map((r) => r.externalId);
    const rows = await db
      .select({ id: creatives.id, externalId: creatives.externalId })
      .from(creatives)
      .where(and(eq(creatives.datasetId, input.datasetId), inArray(creatives.externalId, chunk)));
    for (const row of rows) ids.set(row.externalId, row.id);
  }
  let stored = 0;
  for (const ref of input.references) {
    const creativeId = ids.get(ref.externalId);
    if (creativeId === undefined) continue;
    if (/^https?:\/\//i.test(ref.imageRef)) {
      issue(
        ref,
        "web addresses are not downloaded; put the file in the image folder and name its path",
      );
      continue;
    }
    let image: StoredImage;
    try {
      image = await storeImage(input.storeDir, await readSourceImage(input.imageDir, ref.imageRef));
    } catch (error) {
      if (!(error instanceof BadImageError)) throw error;
      issue(ref, `"${ref.imageRef}": ${error.message}`);
      continue;
    }
    await db
      .insert(creativeImages)
      .values({ creativeId, ...image })
      .onConflictDoUpdate({
        target: creativeImages.creativeId,
        set: {
          ...image,
          ocrText: sql`case when ${creativeImages.sha256} = ${image.sha256} then ${creativeImages.ocrText} end`,
          ocrModel: sql`case when ${creativeImages.sha256} = ${image.sha256} then ${creativeImages.ocrModel} end`,
          ocrAt: sql`case when ${creativeImages.sha256} = ${image.sha256} then ${creativeImages.ocrAt} end`,
        },
      });
    stored++;
  }
  return { stored, issues };
}

/** What the image routes need to serve a creative's image. */
export interface ServedImage {
  storedPath: string;
  thumbnailPath: string | null;
  mimeType: string;
  sha256: string;
}

export async function findCreativeImage(
  db: Executor,
  creativeId: number,
): Promise<ServedImage | undefined> {
  const [row] = await db
    .select({
      storedPath: creativeImages.storedPath,
      thumbnailPath: creativeImages.thumbnailPath,
      mimeType: creativeImages.mimeType,
      sha256: creativeImages.sha256,
    })
    .from(creativeImages)
    .where(eq(creativeImages.creativeId, creativeId));
  return row;
}
