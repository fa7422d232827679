import { describe, expect, it } from "vitest";
import type { Signals } from "@/lib/core/detector/types";
import { baselineScores } from "./baselines";
import { auroc, averagePrecision, hitRateAtK, precisionAtK } from "./metrics";
import {
  fitSoftmaxRegression,
  predictSoftmaxRegression,
} from "@/lib/core/classifier/softmax-regression";
import { fitTfidf, textTerms, transformTfidf } from "@/lib/core/classifier/tfidf";

describe("ranking metrics", () => {
  it("match hand-computed values, ties included", () => {
    expect(auroc([0.9, 0.8, 0.7, 0.1], [true, false, true, false])).toBeCloseTo(0.75, 10);
    expect(auroc([0.5, 0.5, 0.5], [true, false, false])).toBe(0.5);
    expect(averagePrecision([0.9, 0.8, 0.7, 0.1], [true, false, true, false])).toBeCloseTo(
      (1 + 2 / 3) / 2,
      10,
    );
    expect(averagePrecision([1, 1, 1, 1], [true, false, false, false])).toBeCloseTo(0.25, 10);
    expect(precisionAtK([0.9, 0.8, 0.7, 0.1], [true, false, true, false])).toBe(0.5);
    expect(hitRateAtK(Int32Array.from([3, 1, 2, 0]), 2, [1, 0], [0, 1], 2)).toBe(1);
    expect(hitRateAtK(Int32Array.from([3, 1, 2, 0]), 2, [1, 0], [0, 1], 1)).toBe(0);
  });
});

describe("TF-IDF + softmax regression", () => {
  const texts = [
    "cheap flights to paris",
    "book a flight to rome",
    "flight status for my trip",
    "pizza delivery near me",
    "order a pizza tonight",
    "best pizza delivery deals",
  ];
  const y = Int32Array.from([0, 0, 0, 1, 1, 1]);

  it("extracts word and char_wb n-grams", () => {
    const terms = textTerms("Hi Bo", {
      wordNgrams: [1, 2],
      charNgrams: [3, 3],
      minDocumentFrequency: 1,
      maxFeatures: 10,
    });
    expect(terms).toEqual(["w:hi", "w:bo", "w:hi bo", "c: hi", "c:hi ", "c: bo", "c:bo "]);
  });

  it("gives unit rows and classifies unseen texts", () => {
    const model = fitTfidf(texts, { minDocumentFrequency: 1 });
    const x = transformTfidf(model, texts);
    for (let r = 0; r < x.rows; r++) {
      let sq = 0;
      for (let p = x.indptr[r]!; p < x.indptr[r + 1]!; p++) sq += x.values[p]! ** 2;
      expect(sq).toBeCloseTo(1, 5);
    }
    const clf = fitSoftmaxRegression(x, y, 2, { epochs: 20 });
    const probs = predictSoftmaxRegression(clf, transformTfidf(model, ["flights", "pizzas"]));
    expect(probs[0]!).toBeGreaterThan(0.5);
    expect(probs[3]!).toBeGreaterThan(0.5);
  });
});

describe("baselineScores", () => {
  it("joins every baseline, one score per item each", () => {
    const n = 2;
    const dim = 2;
    // only the fields the baselines read; the rest of Signals is the detector's business
    const signals = {
      n,
      simPredicted: Float32Array.from([0.9, 0.2]),
      selfConfidence: Float32Array.from([0.8, 0.1]),
      maxProbability: Float32Array.from([0.8, 0.6]),
      knnDistance: Float32Array.from([0.1, 0.7]),
      neighbours: 2,
      neighbourRows: Int32Array.from([0, 1, 2, 3]),
      neighbourSims: Float32Array.from([0.9, 0.8, 0.4, 0.3]),
    } as unknown as Signals;
    const scores = baselineScores({
      signals,
      predicted: Int32Array.from([0, 0]),
      tfidfProbabilities: Float32Array.from([0.9, 0.1, 0.3, 0.7]),
      classes: 2,
      seed: 1,
      dim,
      embeddings: Float32Array.from([1, 0, 0, 1]),
      reference: {
        embeddings: Float32Array.from([1, 0, 0.9, 0.1, 0, 1, 0.1, 0.9]),
        labels: Int32Array.from([0, 0, 1, 1]),
      },
    });
    expect(scores.map((s) => s.name)).toEqual([
      "random",
      "sim_to_predicted",
      "self_confidence",
      "knn_distance",
      "tfidf_logreg",
      "confident_learning",
      "mahalanobis",
      "knn_ood",
    ]);
    for (const s of scores) {
      expect(s.wrong).toHaveLength(n);
      expect(s.new).toHaveLength(n);
      expect(Array.from(s.wrong).every(Number.isFinite)).toBe(true);
    }
    // the second item sits among class 1 but is predicted 0: every label baseline agrees
    for (const name of ["confident_learning", "mahalanobis", "knn_ood"]) {
      const s = scores.find((b) => b.name === name)!;
      expect(s.wrong[1]).toBeGreaterThan(s.wrong[0]!);
    }
  });
});
