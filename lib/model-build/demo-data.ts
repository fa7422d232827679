import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { parseExtension, parseIabTaxonomy, splitPath } from "@/lib/demo/taxonomy";

/** Where the demo data lives, relative to the repository root. */
export const demoDataDir = "lib/demo/data";

const creativeRow = z.object({ id: z.string(), text: z.string() });
const truthRow = z.object({
  id: z.string(),
  true_label: z.string(),
  issue: z.enum(["none", "wrong_sibling", "wrong_distant", "new_label"]),
  split: z.enum(["train", "eval"]),
});

/** A demo creative's text with its true label path (segments, root first). */
export interface LabelledText {
  id: string;
  text: string;
  labelPath: string[];
}

export interface DemoTrainingData {
  /** Every taxonomy label: the IAB Ad Product Taxonomy 2.0, then the demo extension. */
  taxonomyLabelPaths: string[][];
  /** Train split with a true label from the taxonomy (new-label creatives are left out). */
  train: LabelledText[];
  /** Eval split, likewise: only for measuring, never for training. */
  eval: LabelledText[];
}

function readJsonl<T>(path: string, schema: z.ZodType<T>): T[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, index) => {
      const parsed = schema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${path} line ${index + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

/**
 * Reads the committed demo data: the taxonomy files, the creatives and their ground truth. The
 * model build trains on the train split only; the eval split is returned for the model card.
 * Creatives whose issue is `new_label` are dropped: their true label is deliberately not in the
 * taxonomy, so there is no label to train or score them against.
 */
export function readDemoTrainingData(repoRoot: string): DemoTrainingData {
  const dir = join(repoRoot, demoDataDir);
  const iab = parseIabTaxonomy(readFileSync(join(dir, "ad-product-taxonomy-2.0.tsv"), "utf8"));
  const extension = parseExtension(readFileSync(join(dir, "taxonomy-extension.txt"), "utf8"), iab);
  const taxonomy = [...iab, ...extension];
  const known = new Set(taxonomy);
  const texts = new Map(
    readJsonl(join(dir, "creatives.jsonl"), creativeRow).map((row) => [row.id, row.text]),
  );
  const data: DemoTrainingData = {
    taxonomyLabelPaths: taxonomy.map(splitPath),
    train: [],
    eval: [],
  };
  for (const row of readJsonl(join(dir, "ground-truth.jsonl"), truthRow)) {
    if (row.issue === "new_label") continue;
    const text = texts.get(row.id);
    if (text === undefined) throw new Error(`ground-truth.jsonl: no creative with id ${row.id}`);
    if (!known.has(row.true_label)) {
      throw new Error(`ground-truth.jsonl: ${row.id} has a label outside the taxonomy`);
    }
    data[row.split].push({ id: row.id, text, labelPath: splitPath(row.true_label) });
  }
  return data;
}
