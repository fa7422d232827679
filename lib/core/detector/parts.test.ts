import { describe, expect, it } from "vitest";
import { normalizeRowsInPlace } from "@/lib/core/linalg/rows";
import { combineFlag } from "./combine";
import { signalHistogram } from "./distribution";
import { labelRelation, suggestParent } from "./hierarchy";
import { fitLogistic, predictLogistic } from "./logistic";
import { meanPercentileRank, percentileRanks } from "./percentile";
import { fitTemperature, meanLogLikelihood } from "./temperature";
import {
  calibrateThreshold,
  calibrateThresholds,
  thresholdFor,
  thresholdStats,
} from "./thresholds";

describe("logistic regression", () => {
  it("recovers the direction of a separating feature and ignores noise", () => {
    const rows = 400;
    const x = new Float64Array(rows * 2);
    const y: number[] = [];
    for (let r = 0; r < rows; r++) {
      const signal = Math.sin(r * 12.9898) * 3;
      x[r * 2] = signal;
      x[r * 2 + 1] = Math.cos(r * 78.233) * 10;
      y.push(signal + Math.sin(r * 3.1) > 0 ? 1 : 0);
    }
    const model = fitLogistic(x, y, 2, { l2: 1, iterations: 30 });
    expect(model.weights[0]!).toBeGreaterThan(2);
    expect(Math.abs(model.weights[1]!)).toBeLessThan(0.5);
    const p = predictLogistic(model, Float64Array.from([3, 0, -3, 0, NaN, NaN]), 2);
    expect(p[0]!).toBeGreaterThan(0.9);
    expect(p[1]!).toBeLessThan(0.1);
    expect(p[2]!).toBeGreaterThan(0.2); // a missing feature is imputed with the mean
    expect(p[2]!).toBeLessThan(0.8);
  });

  it("stays finite on perfectly separable data thanks to the L2 penalty", () => {
    const model = fitLogistic(Float64Array.from([0, 1, 2, 3]), [0, 0, 1, 1], 1, {
      l2: 1,
      iterations: 50,
    });
    expect(Number.isFinite(model.weights[0]!)).toBe(true);
  });
});

describe("percentile ranks", () => {
  it("scales ranks to [0, 1], shares ties and puts NaN in the middle", () => {
    expect(Array.from(percentileRanks([10, 30, 20, 20, NaN]))).toEqual([0, 1, 0.5, 0.5, 0.5]);
    expect(
      Array.from(
        meanPercentileRank(
          [
            [1, 2, 3],
            [3, 2, 1],
          ],
          3,
        ),
      ),
    ).toEqual([0.5, 0.5, 0.5]);
  });
});

describe("hierarchy", () => {
  it("tells siblings, parents, same-branch and cross-branch labels apart", () => {
    expect(labelRelation(["A", "B", "C"], ["A", "B", "D"])).toBe("sibling");
    expect(labelRelation(["A", "B"], ["A", "B", "D"])).toBe("parent_child");
    expect(labelRelation(["A", "B", "C"], ["A", "E", "F"])).toBe("same_branch");
    expect(labelRelation(["A", "B"], ["G", "H"])).toBe("cross_branch");
    expect(labelRelation(["A"], ["A"])).toBe("same");
  });

  it("suggests the deepest parent most nearby labels share", () => {
    const paths = [
      ["Vehicles", "Repair", "Honda"],
      ["Vehicles", "Repair", "Acura"],
      ["Vehicles", "Rental"],
      ["Food", "Coffee"],
      ["Toys"],
    ];
    const near = (w: number[]) => w.map((weight, label) => ({ label, weight }));
    expect(suggestParent(paths, near([0.8, 0.7, 0.2, 0.1]))).toEqual(["Vehicles", "Repair"]);
    expect(suggestParent(paths, near([0.3, 0.1, 0.5, 0.1]))).toEqual(["Vehicles"]);
    expect(suggestParent(paths, near([0, 0, 0.1, 0.9]))).toEqual(["Food"]);
    expect(suggestParent(paths, near([0.1, 0, 0, 0.1, 0.3]))).toEqual([]);
  });
});

describe("temperature", () => {
  it("fits a sharper temperature when labels are better separated", () => {
    const dim = 8;
    const labels = normalizeRowsInPlace(
      Float32Array.from({ length: 4 * dim }, (_, i) => (i % 9 === 0 ? 1 : 0.05)),
      dim,
    );
    const make = (noise: number) => {
      const rows = new Float32Array(200 * dim);
      const truth = new Int32Array(200);
      for (let r = 0; r < 200; r++) {
        truth[r] = r % 4;
        for (let k = 0; k < dim; k++) {
          rows[r * dim + k] = labels[(r % 4) * dim + k]! + noise * Math.sin(r * 7.1 + k * 3.7);
        }
      }
      return { rows: normalizeRowsInPlace(rows, dim), truth };
    };
    const clean = make(0.1);
    const noisy = make(0.8);
    const tClean = fitTemperature(clean.rows, clean.truth, labels, dim);
    const tNoisy = fitTemperature(noisy.rows, noisy.truth, labels, dim);
    expect(tClean).toBeLessThan(tNoisy);
    const sims = Float32Array.from([0.9, 0.1, 0.2, 0.8]);
    expect(meanLogLikelihood(sims, 2, [0, 1], 0.1)).toBeLessThan(0);
  });
});

describe("thresholds", () => {
  const scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2];
  const positive = [true, true, false, true, false, false, false, false];

  it("counts what a threshold flags", () => {
    expect(thresholdStats(scores, positive, 0.6)).toMatchObject({
      flagged: 4,
      truePositives: 3,
      precision: 0.75,
      recall: 1,
    });
  });

  it("calibrates to the best F1, or to a precision target", () => {
    expect(calibrateThreshold(scores, positive)).toBe(0.6);
    expect(calibrateThreshold(scores, positive, { minPrecision: 0.95 })).toBe(0.8);
    expect(
      calibrateThreshold(
        scores,
        positive.map(() => false),
      ),
    ).toBeUndefined();
  });

  it("gives a label its own threshold once it has enough decisions", () => {
    const n = 60;
    const score = Float32Array.from({ length: n }, (_, i) => (i % 10) / 10);
    const predicted = Int32Array.from({ length: n }, (_, i) => (i < 30 ? 0 : 1));
    const decisions = Array.from({ length: n }, (_, i) => ({
      creative: i,
      outcome: (i < 30 ? i % 10 >= 8 : i % 10 >= 3)
        ? ("corrected" as const)
        : ("confirmed" as const),
    }));
    const t = calibrateThresholds(
      { wrong_label: { score, kind: "logistic" }, new_label: { score, kind: "logistic" } },
      decisions,
      predicted,
      { minPerLabel: 25 },
    );
    expect(thresholdFor(t, "wrong_label", 0)).toBeCloseTo(0.8, 5);
    expect(thresholdFor(t, "wrong_label", 1)).toBeCloseTo(0.3, 5);
    expect(thresholdFor(t, "new_label", 0)).toBe(0.9); // no new-label decisions: the default
  });
});

describe("thresholds from queue-ordered decisions", () => {
  it("do not rise above the default share when no decision reaches below it", () => {
    // 1,000 creatives; annotators decided the top 50 (all corrections but the last two).
    const n = 1000;
    const score = Float32Array.from({ length: n }, (_, i) => 1 - i / n);
    const decisions = Array.from({ length: 50 }, (_, i) => ({
      creative: i,
      outcome: i < 48 ? ("corrected" as const) : ("confirmed" as const),
    }));
    const t = calibrateThresholds(
      { wrong_label: { score, kind: "logistic" }, new_label: { score, kind: "logistic" } },
      decisions,
      new Int32Array(n),
    );
    // The F1 cut on the decisions alone would be the 48th score (0.953): it would hide the 90%
    // of the ranking nobody has looked at yet. The default share (top tenth) stays in force.
    expect(thresholdFor(t, "wrong_label", 0)).toBeCloseTo(0.901, 5);
  });
});

describe("signal histogram", () => {
  it("bins confirmed and corrected creatives on shared edges", () => {
    const sims = [0.1, 0.2, 0.5, 0.9, 0.95, NaN];
    const h = signalHistogram(
      sims,
      [
        { creative: 0, outcome: "corrected" },
        { creative: 1, outcome: "corrected" },
        { creative: 3, outcome: "confirmed" },
        { creative: 4, outcome: "new_label" },
      ],
      { bins: 2, min: 0, max: 1 },
    );
    expect(Array.from(h.edges)).toEqual([0, 0.5, 1]);
    expect(Array.from(h.corrected)).toEqual([2, 0]);
    expect(Array.from(h.confirmed)).toEqual([0, 1]);
    expect(Array.from(h.all)).toEqual([2, 3]);
  });
});

describe("the rank average and the head", () => {
  const n = 40;
  const column = (f: (i: number) => number) => Float32Array.from({ length: n }, (_, i) => f(i));
  const features = [
    { name: "self_confidence", values: column((i) => i) },
    { name: "head_self_confidence", values: column((i) => n - i) },
  ];
  const options = { minPerClass: 3, l2: 1 };

  it("leaves the head's signals out before any decision", () => {
    const scores = combineFlag("wrong_label", features, n, [], options);
    expect(scores.kind).toBe("percentile");
    expect(scores.rankFeatures).toEqual(["self_confidence"]);
  });

  it("averages them in once decisions exist", () => {
    const decisions = Array.from({ length: 12 }, (_, i) => ({
      creative: i * 3,
      outcome: i % 2 === 0 ? ("corrected" as const) : ("confirmed" as const),
    }));
    const scores = combineFlag("wrong_label", features, n, decisions, options);
    expect(scores.kind).toBe("logistic");
    expect(scores.rankFeatures).toEqual(["self_confidence", "head_self_confidence"]);
  });
});
