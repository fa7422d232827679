/**
 * The synthetic library of `npm run bench:scale`: the demo generator's creatives (texts over the
 * demo taxonomy, a share with wrong predicted labels, a share whose label the taxonomy lacks, so
 * the detector has something to queue), produced in seeded chunks so a million creatives never sit
 * in memory at once, written as the JSON Lines file the importer reads.
 */
import { once } from "node:events";
import { createWriteStream, readFileSync } from "node:fs";
import path from "node:path";
import { extensionText } from "../demo/extension";
import { defaultDemoOptions, generateDemo } from "../demo/generator";
import { createLabelSet, parseExtension, parseIabTaxonomy } from "../demo/taxonomy";
import { creativesToJsonl, demoFiles } from "../demo/writer";

/** Creatives per generator call: large enough for every label, small enough for memory. */
const chunkSize = 50_000;

/** The demo taxonomy's files, imported before the creatives. */
export const scaleTaxonomyFiles = [demoFiles.taxonomy, demoFiles.extension].map((file) =>
  path.join(process.cwd(), "lib/demo/data", file),
);

/** Words searched on the Creatives page: common in the generated texts, and one rare. */
export const scaleSearchTerms = ["hotel", "insurance", "sale", "coffee", "shoes", "zzq-absent"];

/**
 * Writes `count` generated creatives to `file` (ids `scale-<chunk>-<n>`, chunk seeds derived from
 * `seed`) and reports progress after each chunk; stops between chunks when `signal` aborts.
 */
export async function writeScaleLibrary(
  file: string,
  options: {
    count: number;
    seed: number;
    signal?: AbortSignal;
    onProgress?: (written: number) => void;
  },
): Promise<void> {
  const dataDir = path.join(process.cwd(), "lib/demo/data");
  const iab = parseIabTaxonomy(readFileSync(path.join(dataDir, demoFiles.taxonomy), "utf8"));
  const labels = createLabelSet([...iab, ...parseExtension(extensionText(), iab)]);
  const out = createWriteStream(file);
  try {
    for (let chunk = 0, written = 0; written < options.count; chunk++) {
      options.signal?.throwIfAborted();
      const size = Math.min(chunkSize, options.count - written);
      // The generator plants a minimum per label; a small chunk is generated at the demo's size
      // and thinned evenly, so it still spans the taxonomy.
      const { creatives } = generateDemo(labels, {
        ...defaultDemoOptions,
        seed: options.seed + chunk,
        creativeCount: Math.max(size, defaultDemoOptions.creativeCount),
      });
      const stride = creatives.length / size;
      const rows = Array.from({ length: size }, (_, i) => creatives[Math.floor(i * stride)]!).map(
        (creative) => ({ ...creative, id: `scale-${chunk}-${creative.id.slice(5)}` }),
      );
      if (!out.write(creativesToJsonl(rows))) await once(out, "drain");
      written += rows.length;
      options.onProgress?.(written);
    }
  } finally {
    out.end();
    await once(out, "close");
  }
}
