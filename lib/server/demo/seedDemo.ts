import "server-only";
import { createReadStream, promises as fs } from "node:fs";
import path from "node:path";
import type { Database } from "../db";
import { findDatasetByName } from "../data/creatives";
import { attachDemoImages } from "../images/demoImages";
import { runImport } from "../import/runImport";
import { embedAndScoreDataset } from "../pipeline/embedAndScore";

export const demoTaxonomyName = "IAB Ad Product 2.0 + brands";
export const demoDatasetName = "demo";
const demoDataDir = path.join(process.cwd(), "lib/demo/data");

/** The demo's files, in the order they must be imported (taxonomy before the creatives). */
const demoFiles = [
  { file: "ad-product-taxonomy-2.0.tsv", kind: "taxonomy" as const },
  { file: "taxonomy-extension.txt", kind: "taxonomy" as const },
  { file: "creatives.jsonl", kind: "creatives" as const },
];

/**
 * Loads the shipped demo (the IAB Ad Product Taxonomy 2.0 with brand-level extensions and the
 * synthetic creatives) unless the demo dataset is already there, then embeds it with the bundled
 * model and runs the detector, so the app opens with a ready queue. It imports through the same
 * code as a user's files, so the demo exercises the real import path.
 */
export async function seedDemo(
  db: Database,
  log: (line: string) => void = () => {},
): Promise<boolean> {
  if (await findDatasetByName(db, demoDatasetName)) return false;
  for (const { file, kind } of demoFiles) {
    const fullPath = path.join(demoDataDir, file);
    const { size } = await fs.stat(fullPath);
    const report = await runImport(db, {
      fileName: file,
      kind,
      source: createReadStream(fullPath),
      totalBytes: size,
      maxBytes: Math.max(size, 1),
      taxonomy: demoTaxonomyName,
      dataset: demoDatasetName,
      isSynthetic: true,
      skipBadRows: false,
    });
    if (report.status !== "done")
      throw new Error(`The demo file ${file} did not import: ${report.message}`);
    log(report.message);
  }
  const dataset = await findDatasetByName(db, demoDatasetName);
  if (!dataset) throw new Error("The demo dataset was not created");
  const images = await attachDemoImages(db, dataset.id);
  log(`Attached ${images.stored} demo ad images.`);
  const scored = await embedAndScoreDataset(db, { datasetId: dataset.id, log });
  log(
    `Flagged ${scored.wrongLabel} creatives as wrong-labelled and ${scored.newLabel} as needing a new label.`,
  );
  return true;
}
