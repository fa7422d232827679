/**
 * Regenerates the demo dataset under lib/demo/data: the taxonomy extension, the synthetic creatives
 * and their ground truth. Reads the IAB taxonomy from the committed copy there, so a fresh clone can
 * run it. Usage: `npm run demo:generate` (writes files), `npm run demo:generate -- --check` (exits
 * non-zero when the committed files differ from what the generator produces).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { extensionText } from "../demo/extension";
import { defaultDemoOptions, generateDemo } from "../demo/generator";
import { createLabelSet, parseExtension, parseIabTaxonomy } from "../demo/taxonomy";
import {
  creativesToJsonl,
  demoFiles,
  groundTruthToJsonl,
  summarize,
  validateDataset,
} from "../demo/writer";

const dataDir = fileURLToPath(new URL("../demo/data/", import.meta.url));

function main(argv: readonly string[]): number {
  const check = argv.includes("--check");
  const iab = parseIabTaxonomy(readFileSync(path.join(dataDir, demoFiles.taxonomy), "utf8"));
  const extension = extensionText();
  const labels = createLabelSet([...iab, ...parseExtension(extension, iab)]);

  const dataset = generateDemo(labels, defaultDemoOptions);
  const problems = validateDataset(dataset, labels);
  if (problems.length > 0) {
    console.error(`demo dataset is invalid (${problems.length} problems):`);
    for (const problem of problems.slice(0, 20)) console.error(`  ${problem}`);
    return 1;
  }
  console.log(
    `seed ${defaultDemoOptions.seed}; taxonomy: ${iab.length} IAB labels + ${labels.paths.length - iab.length} extension labels`,
  );
  console.log(summarize(dataset));

  const outputs: Array<[string, string]> = [
    [demoFiles.extension, extension],
    [demoFiles.creatives, creativesToJsonl(dataset.creatives)],
    [demoFiles.groundTruth, groundTruthToJsonl(dataset.groundTruth)],
  ];
  if (check) {
    const stale = outputs.filter(([name, content]) => {
      try {
        return readFileSync(path.join(dataDir, name), "utf8") !== content;
      } catch {
        return true;
      }
    });
    for (const [name] of stale) console.error(`out of date: lib/demo/data/${name}`);
    return stale.length > 0 ? 1 : 0;
  }
  for (const [name, content] of outputs) {
    writeFileSync(path.join(dataDir, name), content);
    console.log(`wrote lib/demo/data/${name} (${Buffer.byteLength(content)} bytes)`);
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
