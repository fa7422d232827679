import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { createPrng } from "@/lib/core/encoder/prng";
import {
  labelKey,
  parseLabelPath,
  type EvalItem,
  type EvalRow,
  type PreparedEvaluation,
} from "@/lib/core/eval/protocol";
import { parseExtension, parseIabTaxonomy, splitPath } from "@/lib/demo/taxonomy";

const truthy = (v: string | undefined) => /^(1|true|yes)$/i.test((v ?? "").trim());

/**
 * Reads any evaluation TSV: a header with `text` and `label_path` (required) and optionally
 * `split`, `predicted_label`, `is_new` / `is_oos`; other columns are ignored. Label paths may use
 * ` > ` or `/`; the label `oos` marks an out-of-scope text (a label the taxonomy lacks).
 */
export function readEvalTsv(path: string): EvalRow[] {
  const lines = readFileSync(path, "utf8").split(/\r?\n/);
  const header = (lines[0] ?? "").split("\t").map((h) => h.trim().toLowerCase());
  const column = (name: string) => header.indexOf(name);
  const text = column("text");
  const label = column("label_path");
  if (text < 0 || label < 0) {
    throw new Error(`${path}: needs "text" and "label_path" columns (found: ${header.join(", ")})`);
  }
  const split = column("split");
  const predicted = column("predicted_label");
  const isNew = column("is_new");
  const isOos = column("is_oos");
  const rows: EvalRow[] = [];
  lines.slice(1).forEach((line, i) => {
    if (line.trim() === "") return;
    const cells = line.split("\t");
    const labelText = (cells[label] ?? "").trim();
    const rowText = (cells[text] ?? "").trim();
    if (!labelText || !rowText) {
      throw new Error(`${path} line ${i + 2}: empty text or label_path`);
    }
    const labelPath = parseLabelPath(labelText);
    rows.push({
      text: rowText,
      labelPath,
      split: split >= 0 ? cells[split]?.trim() : undefined,
      predicted:
        predicted >= 0 && cells[predicted]?.trim() ? parseLabelPath(cells[predicted]!) : undefined,
      isNew: truthy(cells[isNew]) || truthy(cells[isOos]) || labelText.toLowerCase() === "oos",
    });
  });
  return rows;
}

const creativeRow = z.object({
  id: z.string(),
  text: z.string(),
  predicted_label: z.string(),
  generative_label: z.string().optional(),
});
const truthRow = z.object({
  id: z.string(),
  true_label: z.string(),
  issue: z.enum(["none", "wrong_sibling", "wrong_distant", "new_label"]),
  split: z.enum(["train", "eval"]),
});

function readJsonl<T>(path: string, schema: z.ZodType<T>): T[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, i) => {
      const parsed = schema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${path} line ${i + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

/**
 * The demo dataset's ground truth as an evaluation: the taxonomy files, the train split (true
 * labels) for the encoder, and the eval split scored with the predictions and generative labels
 * the demo ships; a seeded 40% of the eval split plays the annotators' decisions.
 */
export function readDemoEvaluation(
  repoRoot: string,
  seed: number,
): { prepared: PreparedEvaluation; generative: (string | undefined)[] } {
  const dir = join(repoRoot, "lib/demo/data");
  const iab = parseIabTaxonomy(readFileSync(join(dir, "ad-product-taxonomy-2.0.tsv"), "utf8"));
  const extension = parseExtension(readFileSync(join(dir, "taxonomy-extension.txt"), "utf8"), iab);
  const taxonomyKeys = [...iab, ...extension];
  const index = new Map(taxonomyKeys.map((k, i) => [k, i]));
  const creatives = new Map(
    readJsonl(join(dir, "creatives.jsonl"), creativeRow).map((c) => [c.id, c]),
  );
  const prng = createPrng(seed);
  const prepared: PreparedEvaluation = {
    taxonomy: taxonomyKeys.map(splitPath),
    train: [],
    items: [],
    heldOutLabels: [],
  };
  const generative: (string | undefined)[] = [];
  for (const row of readJsonl(join(dir, "ground-truth.jsonl"), truthRow)) {
    const creative = creatives.get(row.id);
    if (!creative) throw new Error(`ground-truth.jsonl: no creative ${row.id}`);
    const truth = row.issue === "new_label" ? -1 : (index.get(row.true_label) ?? -1);
    if (row.split === "train") {
      if (truth >= 0) prepared.train.push({ text: creative.text, label: truth });
      continue;
    }
    const item: EvalItem = {
      text: creative.text,
      truth,
      part: prng.next() < 0.4 ? "calibration" : "test",
      givenPredicted: index.get(labelKey(splitPath(creative.predicted_label))) ?? -1,
      truePath: splitPath(row.true_label),
    };
    prepared.items.push(item);
    generative.push(creative.generative_label);
  }
  return { prepared, generative };
}
