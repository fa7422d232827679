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
  await reconcileOcrTexts(db, input.datasetId);
  return { stored, issues };
}

/**
 * After a re-import rewrote changed rows (each one marked imported by the upsert): an
 * image-only creative whose row came back with no text gets its OCR text again.
 */
async function reconcileOcrTexts(db: Executor, datasetId: number): Promise<void> {
  await db.execute(sql`
    update creatives c set text = ci.ocr_text, text_source = 'ocr', updated_at = now()
    from creative_images ci
    where ci.creative_id = c.id and c.dataset_id = ${datasetId} and length(trim(c.text)) = 0
      and length(trim(coalesce(ci.ocr_text, ''))) > 0`);
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

/** An image the OCR job still has to read. */
export interface OcrPendingImage {
  creativeId: number;
  externalId: string;
  /** True when the creative has no imported text: the OCR text becomes its text. */
  imageOnly: boolean;
}

/**
 * The dataset's images with no OCR text yet, image-only creatives first (they have no text at
 * all until OCR runs), then by id, so a closed tab resumes where it stopped.
 */
export async function listImagesNeedingOcr(
  db: Executor,
  input: { datasetId: number; limit: number },
): Promise<{ remaining: number; items: OcrPendingImage[] }> {
  const pending = and(
    eq(creatives.datasetId, input.datasetId),
    sql`${creativeImages.ocrAt} is null`,
  );
  const imageOnly = sql<boolean>`length(trim(${creatives.text})) = 0`;
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(creativeImages)
    .innerJoin(creatives, eq(creatives.id, creativeImages.creativeId))
    .where(pending);
  const items = await db
    .select({ creativeId: creatives.id, externalId: creatives.externalId, imageOnly })
    .from(creativeImages)
    .innerJoin(creatives, eq(creatives.id, creativeImages.creativeId))
    .where(pending)
    .orderBy(sql`${imageOnly} desc`, creatives.id)
    .limit(input.limit);
  return { remaining: count?.n ?? 0, items };
}

/**
 * Stores text read from images. It always goes to `creative_images.ocr_text` (beside an imported
 * text it is a suggestion the annotator sees); a creative with no imported text (or whose text
 * came from OCR before) takes it as its text, marked `text_source = 'ocr'`, so it is embedded and
 * ranked like any other. Returns how many creatives' texts were set.
 */
export async function saveOcrResults(
  db: Executor,
  input: { model: string; results: readonly { creativeId: number; text: string }[] },
): Promise<{ saved: number; textsSet: number }> {
  let saved = 0;
  let textsSet = 0;
  await db.transaction(async (tx) => {
    for (const { creativeId, text } of input.results) {
      const updated = await tx
        .update(creativeImages)
        .set({ ocrText: text, ocrModel: input.model, ocrAt: new Date() })
        .where(eq(creativeImages.creativeId, creativeId))
        .returning({ creativeId: creativeImages.creativeId });
      if (updated.length === 0) continue;
      saved++;
      if (text.trim() === "") continue;
      const set = await tx
        .update(creatives)
        .set({ text, textSource: "ocr", updatedAt: new Date() })
        .where(
          and(
            eq(creatives.id, creativeId),
            sql`(length(trim(${creatives.text})) = 0 or ${creatives.textSource} = 'ocr')`,
          ),
        )
        .returning({ id: creatives.id });
      textsSet += set.length;
    }
  });
  return { saved, textsSet };
}

/** The text read from a creative's image, for the annotator (undefined when there is no image). */
export async function findImageText(
  db: Executor,
  creativeId: number,
): Promise<{ ocrText: string | null; ocrModel: string | null } | undefined> {
  const [row] = await db
    .select({ ocrText: creativeImages.ocrText, ocrModel: creativeImages.ocrModel })
    .from(creativeImages)
    .where(eq(creativeImages.creativeId, creativeId));
  return row;
}
