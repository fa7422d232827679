import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { maxWords, minWords, wordCount } from "./compose";
import { extensionText } from "./extension";
import { apportion, defaultDemoOptions, generateDemo, type DemoDataset } from "./generator";
import { createLabelSet, isDistant, isSibling, parseExtension, parseIabTaxonomy } from "./taxonomy";
import { missingLabels } from "./vocabulary";
import { creativesToJsonl, groundTruthToJsonl, validateDataset } from "./writer";

const dataUrl = (name: string) => new URL(`./data/${name}`, import.meta.url);
const iab = parseIabTaxonomy(readFileSync(dataUrl("ad-product-taxonomy-2.0.tsv"), "utf8"));
const labels = createLabelSet([...iab, ...parseExtension(extensionText(), iab)]);
const dataset: DemoDataset = generateDemo(labels, defaultDemoOptions);
const total = dataset.creatives.length;
const truthById = new Map(dataset.groundTruth.map((row) => [row.id, row]));
const countIssue = (issue: string) =>
  dataset.groundTruth.filter((row) => row.issue === issue).length;

describe("generateDemo", () => {
  it("is deterministic: the same seed gives byte-identical files", () => {
    const again = generateDemo(labels, defaultDemoOptions);
    expect(creativesToJsonl(again.creatives)).toBe(creativesToJsonl(dataset.creatives));
    expect(groundTruthToJsonl(again.groundTruth)).toBe(groundTruthToJsonl(dataset.groundTruth));
  });

  it("a different seed gives a different dataset", () => {
    const other = generateDemo(labels, { ...defaultDemoOptions, seed: 1 });
    expect(creativesToJsonl(other.creatives)).not.toBe(creativesToJsonl(dataset.creatives));
  });

  it("matches the committed files (run `npm run demo:generate` after changing lib/demo)", () => {
    expect(readFileSync(dataUrl("creatives.jsonl"), "utf8")).toBe(
      creativesToJsonl(dataset.creatives),
    );
    expect(readFileSync(dataUrl("ground-truth.jsonl"), "utf8")).toBe(
      groundTruthToJsonl(dataset.groundTruth),
    );
  });

  it("has at least 2,000 creatives and passes validation", () => {
    expect(total).toBeGreaterThanOrEqual(2000);
    expect(validateDataset(dataset, labels)).toEqual([]);
  });

  it("plants label noise at the configured rates (8% wrong, half sibling; 5% new label)", () => {
    const tolerance = 0.005;
    expect(Math.abs(countIssue("wrong_sibling") / total - 0.04)).toBeLessThan(tolerance);
    expect(Math.abs(countIssue("wrong_distant") / total - 0.04)).toBeLessThan(tolerance);
    expect(Math.abs(countIssue("new_label") / total - 0.05)).toBeLessThan(tolerance);
    expect(Math.abs(dataset.ocrNoisyIds.length / total - 0.25)).toBeLessThan(0.02);
  });

  it("uses only existing labels, except new-label true labels, which must not exist", () => {
    for (const creative of dataset.creatives) {
      expect(labels.has(creative.predicted_label)).toBe(true);
      const row = truthById.get(creative.id);
      expect(row).toBeDefined();
      if (!row) continue;
      expect(labels.has(row.true_label)).toBe(row.issue !== "new_label");
    }
  });

  it("has several missing labels, each a group of creatives under an existing parent", () => {
    const groups = new Map<string, number>();
    for (const row of dataset.groundTruth) {
      if (row.issue === "new_label")
        groups.set(row.true_label, (groups.get(row.true_label) ?? 0) + 1);
    }
    expect(groups.size).toBe(missingLabels.length);
    expect(groups.size).toBeGreaterThanOrEqual(6);
    for (const count of groups.values()) expect(count).toBeGreaterThanOrEqual(5);
  });

  it("covers at least 40 leaf labels across several top-level branches", () => {
    const known = new Set(
      dataset.groundTruth.filter((row) => row.issue !== "new_label").map((row) => row.true_label),
    );
    const leaves = [...known].filter((path) => labels.isLeaf(path));
    expect(leaves.length).toBeGreaterThanOrEqual(40);
    expect(new Set(leaves.map((path) => path.split(" > ")[0])).size).toBeGreaterThanOrEqual(8);
  });

  it("sibling errors share the true label's parent; distant errors lie in another branch", () => {
    for (const creative of dataset.creatives) {
      const row = truthById.get(creative.id);
      if (row?.issue === "wrong_sibling")
        expect(isSibling(row.true_label, creative.predicted_label)).toBe(true);
      if (row?.issue === "wrong_distant")
        expect(isDistant(row.true_label, creative.predicted_label)).toBe(true);
      if (row?.issue === "none") expect(creative.predicted_label).toBe(row.true_label);
    }
  });

  it("splits ~80/20 per known label, with new-label creatives all in eval", () => {
    const perLabel = new Map<string, { train: number; eval: number }>();
    for (const row of dataset.groundTruth) {
      const entry = perLabel.get(row.true_label) ?? { train: 0, eval: 0 };
      entry[row.split]++;
      perLabel.set(row.true_label, entry);
      if (row.issue === "new_label") expect(row.split).toBe("eval");
    }
    for (const [path, entry] of perLabel) {
      if (!labels.has(path)) continue;
      expect(entry.train).toBeGreaterThan(0);
      expect(entry.eval).toBeGreaterThan(0);
      expect(Math.abs(entry.eval / (entry.train + entry.eval) - 0.2)).toBeLessThan(0.05);
    }
  });

  it("scores are higher when right but overlap with wrong ones", () => {
    const right = dataset.creatives.filter((c) => truthById.get(c.id)?.issue === "none");
    const wrong = dataset.creatives.filter((c) => truthById.get(c.id)?.issue.startsWith("wrong"));
    let wins = 0;
    for (const r of right) {
      for (const w of wrong)
        wins +=
          r.predicted_score > w.predicted_score
            ? 1
            : r.predicted_score === w.predicted_score
              ? 0.5
              : 0;
    }
    const auroc = wins / (right.length * wrong.length);
    expect(auroc).toBeGreaterThan(0.7);
    expect(auroc).toBeLessThan(0.95);
    for (const c of dataset.creatives) {
      expect(c.predicted_score).toBeGreaterThan(0);
      expect(c.predicted_score).toBeLessThan(1);
    }
  });

  it("writes texts of 5 to 60 words and generative labels that are never taxonomy paths", () => {
    for (const creative of dataset.creatives) {
      const words = wordCount(creative.text);
      expect(words).toBeGreaterThanOrEqual(minWords);
      expect(words).toBeLessThanOrEqual(maxWords);
      expect(labels.has(creative.generative_label)).toBe(false);
      expect(creative.metadata.synthetic).toBe(true);
    }
    expect(new Set(dataset.creatives.map((c) => c.text)).size).toBeGreaterThan(total * 0.98);
  });

  it("writes exactly the documented keys, in a modest file", () => {
    const jsonl = creativesToJsonl(dataset.creatives);
    expect(jsonl.length).toBeLessThan(1_500_000);
    const first = JSON.parse(jsonl.split("\n")[0] ?? "{}") as Record<string, unknown>;
    expect(Object.keys(first)).toEqual([
      "id",
      "text",
      "predicted_label",
      "predicted_score",
      "generative_label",
      "metadata",
    ]);
    const truth = JSON.parse(
      groundTruthToJsonl(dataset.groundTruth).split("\n")[0] ?? "{}",
    ) as Record<string, unknown>;
    expect(Object.keys(truth)).toEqual(["id", "true_label", "issue", "split"]);
  });
});

describe("apportion", () => {
  it("splits a total exactly, proportionally", () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(7, [2, 1, 0]).reduce((a, b) => a + b, 0)).toBe(7);
  });
});
