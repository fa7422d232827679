/**
 * Serialises the demo dataset and checks it: JSON Lines with a fixed key order (so output is
 * byte-stable), a validation that lists every problem, and a plain-text summary for the CLI.
 */
import type { DemoCreative, DemoDataset, DemoGroundTruth, Issue } from "./generator";
import { isDistant, isSibling, type LabelSet } from "./taxonomy";

/** File names under `lib/demo/data/`. */
export const demoFiles = {
  taxonomy: "ad-product-taxonomy-2.0.tsv",
  extension: "taxonomy-extension.txt",
  creatives: "creatives.jsonl",
  groundTruth: "ground-truth.jsonl",
} as const;

/** One JSON object per line, keys in the documented order, trailing newline. */
export function creativesToJsonl(creatives: readonly DemoCreative[]): string {
  return creatives
    .map((creative) =>
      JSON.stringify({
        id: creative.id,
        text: creative.text,
        predicted_label: creative.predicted_label,
        predicted_score: creative.predicted_score,
        generative_label: creative.generative_label,
        metadata: {
          advertiser: creative.metadata.advertiser,
          campaign: creative.metadata.campaign,
          synthetic: creative.metadata.synthetic,
        },
      }),
    )
    .map((line) => `${line}\n`)
    .join("");
}

/** One JSON object per line, keys in the documented order, trailing newline. */
export function groundTruthToJsonl(rows: readonly DemoGroundTruth[]): string {
  return rows
    .map((row) =>
      JSON.stringify({
        id: row.id,
        true_label: row.true_label,
        issue: row.issue,
        split: row.split,
      }),
    )
    .map((line) => `${line}\n`)
    .join("");
}

/**
 * Every problem with a dataset against a label set: predicted labels and the true labels of
 * non-new-label creatives must exist, new-label true labels must not, wrong predictions must be
 * siblings or distant as their issue says. Empty when the dataset is sound.
 */
export function validateDataset(dataset: DemoDataset, labels: LabelSet): string[] {
  const problems: string[] = [];
  const truth = new Map(dataset.groundTruth.map((row) => [row.id, row]));
  if (truth.size !== dataset.creatives.length)
    problems.push("ground truth and creatives differ in size");
  for (const creative of dataset.creatives) {
    const row = truth.get(creative.id);
    if (!row) {
      problems.push(`${creative.id}: no ground truth`);
      continue;
    }
    const predicted = creative.predicted_label;
    if (!labels.has(predicted))
      problems.push(`${creative.id}: predicted label not in taxonomy: ${predicted}`);
    if (row.issue === "new_label") {
      if (labels.has(row.true_label))
        problems.push(`${creative.id}: new label already exists: ${row.true_label}`);
    } else if (!labels.has(row.true_label)) {
      problems.push(`${creative.id}: true label not in taxonomy: ${row.true_label}`);
    }
    if (row.issue === "none" && predicted !== row.true_label)
      problems.push(`${creative.id}: issue none but labels differ`);
    if (row.issue === "wrong_sibling" && !isSibling(row.true_label, predicted)) {
      problems.push(`${creative.id}: wrong_sibling prediction is not a sibling`);
    }
    if (row.issue === "wrong_distant" && !isDistant(row.true_label, predicted)) {
      problems.push(`${creative.id}: wrong_distant prediction is in the same branch`);
    }
  }
  return problems;
}

function percent(count: number, total: number): string {
  return `${((100 * count) / total).toFixed(1)}%`;
}

/** A human-readable summary: counts by issue, labels, splits, OCR noise, missing labels. */
export function summarize(dataset: DemoDataset): string {
  const total = dataset.groundTruth.length;
  const byIssue = new Map<Issue, number>();
  const bySplit = new Map<string, number>();
  const labelCounts = new Map<string, number>();
  const missing = new Map<string, { total: number; eval: number }>();
  for (const row of dataset.groundTruth) {
    byIssue.set(row.issue, (byIssue.get(row.issue) ?? 0) + 1);
    bySplit.set(row.split, (bySplit.get(row.split) ?? 0) + 1);
    labelCounts.set(row.true_label, (labelCounts.get(row.true_label) ?? 0) + 1);
    if (row.issue === "new_label") {
      const entry = missing.get(row.true_label) ?? { total: 0, eval: 0 };
      entry.total++;
      if (row.split === "eval") entry.eval++;
      missing.set(row.true_label, entry);
    }
  }
  const knownLabelCount = labelCounts.size - missing.size;
  const sizes = [...labelCounts.entries()].filter(([path]) => !missing.has(path)).map(([, n]) => n);
  const issues: Issue[] = ["none", "wrong_sibling", "wrong_distant", "new_label"];
  const lines = [
    `creatives: ${total}`,
    ...issues.map(
      (issue) =>
        `  ${issue}: ${byIssue.get(issue) ?? 0} (${percent(byIssue.get(issue) ?? 0, total)})`,
    ),
    `  OCR-noisy texts: ${dataset.ocrNoisyIds.length} (${percent(dataset.ocrNoisyIds.length, total)})`,
    `existing true labels: ${knownLabelCount} (creatives per label ${Math.min(...sizes)}-${Math.max(...sizes)})`,
    `distinct predicted labels: ${new Set(dataset.creatives.map((creative) => creative.predicted_label)).size}`,
    `split: train ${bySplit.get("train") ?? 0}, eval ${bySplit.get("eval") ?? 0} (${percent(bySplit.get("eval") ?? 0, total)} eval)`,
    `missing labels (${missing.size}):`,
    ...[...missing.entries()].map(
      ([path, entry]) => `  ${path}: ${entry.total} (${entry.eval} eval)`,
    ),
  ];
  return lines.join("\n");
}
