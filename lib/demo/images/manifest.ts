import { z } from "zod";

/**
 * The rendered demo ad images and their ground truth, as `npm run demo:images` writes them and
 * the demo seed and `npm run bench:ocr` read them. The images are committed (about 300 small WebP
 * files), so a fresh clone needs neither Chromium nor the renderer to seed or benchmark.
 */

/** Folder of the images and the manifest, relative to the repository root. */
export const demoImagesDir = "lib/demo/images/rendered";
export const demoImagesManifest = "lib/demo/images/rendered/manifest.jsonl";

/** Every how-many-th demo creative gets an image (2,400 / 8 = 300). */
export const demoImageStride = 8;

export const demoImageEntrySchema = z.object({
  /** The creative's external id (`demo-00001`). */
  id: z.string().min(1),
  /** File name inside {@link demoImagesDir}. */
  file: z.string().regex(/^[\w.-]+\.(webp|jpg|png)$/),
  /** The text drawn on the image, lines in reading order joined by newlines. */
  text: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});
export type DemoImageEntry = z.infer<typeof demoImageEntrySchema>;

/** Parses the manifest's JSON lines, naming the line of the first bad entry. */
export function parseDemoImageManifest(text: string): DemoImageEntry[] {
  return text
    .split("\n")
    .filter((line) => line.trim())
    .map((line, i) => {
      const parsed = demoImageEntrySchema.safeParse(JSON.parse(line));
      if (!parsed.success)
        throw new Error(`${demoImagesManifest} line ${i + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}
