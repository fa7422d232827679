import { describe, expect, it } from "vitest";
import { detect, detectorScore } from "./detect";
import { explainCreative, ordinal } from "./reasons";
import { syntheticWorld } from "./synthetic.test-helpers";
import type { Decision } from "./types";

/** Share of planted items among the `k` highest scores, `k` = number of planted items. */
function precisionAtK(scores: Float32Array, planted: boolean[]): number {
  const k = planted.filter(Boolean).length;
  const top = Array.from(scores.keys())
    .sort((a, b) => scores[b]! - scores[a]!)
    .slice(0, k);
  return top.filter((i) => planted[i]).length / k;
}

describe("detect on a synthetic taxonomy", () => {
  const { input, truth, issue } = syntheticWorld();

  it("ranks planted wrong and new labels on top without decisions", () => {
    const result = detect(input);
    expect(result.flags.wrong_label.kind).toBe("percentile");
    const wrong = issue.map((x) => x === "wrong");
    const fresh = issue.map((x) => x === "new");
    expect(precisionAtK(result.flags.wrong_label.score, wrong)).toBeGreaterThanOrEqual(0.85);
    expect(precisionAtK(result.flags.new_label.score, fresh)).toBeGreaterThanOrEqual(0.85);
    const issues = issue.map((x) => x !== "none");
    expect(precisionAtK(detectorScore(result, input.predicted), issues)).toBeGreaterThanOrEqual(
      0.8,
    );
  });

  it("suggests the true label for wrong-labelled creatives", () => {
    const result = detect(input);
    const wrongItems = issue.flatMap((x, i) => (x === "wrong" ? [i] : []));
    const hits = wrongItems.filter((i) => {
      const top = Array.from(result.suggestions.labels.subarray(i * 5, i * 5 + 5));
      return top.includes(truth[i]!);
    });
    expect(hits.length / wrongItems.length).toBeGreaterThanOrEqual(0.9);
  });

  it("learns a logistic combination from decisions and calibrates thresholds", () => {
    const decisions: Decision[] = issue.map((x, i) => ({
      creative: i,
      outcome: x === "none" ? "confirmed" : x === "wrong" ? "corrected" : "new_label",
      label: truth[i]! >= 0 ? truth[i] : undefined,
    }));
    const result = detect({ ...input, decisions }, { minDecisionsPerClass: 4 });
    expect(result.flags.wrong_label.kind).toBe("logistic");
    expect(result.flags.new_label.kind).toBe("logistic");
    // new-label creatives say nothing about this flag's fit: rank the others
    const known = issue.flatMap((x, i) => (x === "new" ? [] : [i]));
    const wrongScores = Float32Array.from(known, (i) => result.flags.wrong_label.score[i]!);
    const wrong = known.map((i) => issue[i] === "wrong");
    expect(precisionAtK(wrongScores, wrong)).toBeGreaterThanOrEqual(0.85);
    for (const flag of ["wrong_label", "new_label"] as const) {
      const t = result.thresholds.global[flag];
      expect(t).toBeGreaterThan(0);
      expect(t).toBeLessThanOrEqual(1);
    }
    expect(result.signals.temperature).toBeGreaterThan(0.002);
  });

  it("explains a sibling confusion and a new label in plain words", () => {
    const result = detect(input);
    const sibling = issue.findIndex((x, i) => x === "wrong" && truth[i]! % 4 === 0);
    const why = explainCreative(result, input, sibling);
    expect(why.wrongLabel.relation).toBe("sibling");
    expect(why.wrongLabel.reasons[0]).toMatch(/predicted label ranks \d+(st|nd|rd|th); `Branch/);
    expect(why.wrongLabel.reasons[0]).toMatch(/\(0\.\d\d vs 0\.\d\d\), a sibling/);
    expect(why.suggestions[0]?.label).toBe(truth[sibling]);

    const distant = issue.findIndex((x, i) => x === "wrong" && truth[i]! % 4 !== 0);
    expect(explainCreative(result, input, distant).wrongLabel.relation).toBe("cross_branch");

    const fresh = issue.indexOf("new");
    const newWhy = explainCreative(result, input, fresh);
    expect(newWhy.newLabel.suggestedParent).toEqual(["Branch 2"]);
    expect(newWhy.newLabel.reasons.join(" ")).toMatch(/would go under `Branch 2`/);
  });

  it("refuses inputs of mismatched shapes", () => {
    expect(() => detect({ ...input, predicted: new Int32Array(3) })).toThrow(/predicted/);
  });
});

describe("ordinal", () => {
  it("writes English ordinals", () => {
    expect([1, 2, 3, 4, 7, 11, 12, 13, 21, 22, 103].map(ordinal)).toEqual([
      "1st",
      "2nd",
      "3rd",
      "4th",
      "7th",
      "11th",
      "12th",
      "13th",
      "21st",
      "22nd",
      "103rd",
    ]);
  });
});
