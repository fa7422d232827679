import { describe, expect, it } from "vitest";
import {
  confidentGuesses,
  confidentJoint,
  confidentLearningScores,
  confidentThresholds,
  entropyOodScores,
  findLabelIssues,
  normalizedMargin,
} from "./confident-learning";

// seven items, three classes; item 2 is given class 0 but looks confidently like class 1
const probabilities = Float32Array.from(
  [
    [0.9, 0.05, 0.05],
    [0.8, 0.1, 0.1],
    [0.1, 0.8, 0.1],
    [0.1, 0.85, 0.05],
    [0.2, 0.7, 0.1],
    [0.05, 0.05, 0.9],
    [0.1, 0.1, 0.8],
  ].flat(),
);
const given = Int32Array.from([0, 0, 0, 1, 1, 2, 2]);

describe("confident learning", () => {
  it("uses per-class thresholds: the mean self-probability of each given class", () => {
    const t = confidentThresholds(probabilities, 3, given);
    expect(Array.from(t)).toEqual([
      expect.closeTo(0.6, 6),
      expect.closeTo(0.775, 6),
      expect.closeTo(0.85, 6),
    ]);
    // item 4 (0.7 for class 1) and item 6 (0.8 for class 2) reach no threshold
    expect(Array.from(confidentGuesses(probabilities, 3, t))).toEqual([0, 0, 1, 1, -1, 2, -1]);
  });

  it("calibrates the confident joint to the given-label counts", () => {
    const t = confidentThresholds(probabilities, 3, given);
    const joint = confidentJoint(given, confidentGuesses(probabilities, 3, t), 3);
    expect(Array.from(joint)).toEqual([2, 1, 0, 0, 2, 0, 0, 0, 2]);
  });

  it("flags the off-diagonal item and ranks flagged items first by margin", () => {
    expect(Array.from(findLabelIssues(probabilities, 3, given))).toEqual([0, 0, 1, 0, 0, 0, 0]);
    const margin = normalizedMargin(probabilities, 3, given);
    expect(margin[0]).toBeCloseTo(0.85, 6);
    expect(margin[2]).toBeCloseTo(-0.7, 6);
    const scores = confidentLearningScores(probabilities, 3, given);
    expect(scores.name).toBe("confident_learning");
    expect(scores.wrong[2]).toBeCloseTo(1 + 1.7 / 2, 6);
    const order = Array.from(scores.wrong.keys()).sort(
      (a, b) => scores.wrong[b]! - scores.wrong[a]!,
    );
    expect(order[0]).toBe(2);
    expect(Math.max(...Array.from(scores.wrong).filter((_, i) => i !== 2))).toBeLessThan(1);
  });

  it("never flags an item whose most probable class is its given one", () => {
    // everything given class 0; item 1 is the most class-1-like but class 0 is still its argmax
    const p = Float32Array.from([0.9, 0.1, 0.55, 0.45, 0.95, 0.05]);
    expect(Array.from(findLabelIssues(p, 2, Int32Array.from([0, 0, 0])))).toEqual([0, 0, 0]);
  });

  it("scores a flat row as more out of distribution than a sure one", () => {
    const p = Float32Array.from([0.98, 0.01, 0.01, 0.34, 0.33, 0.33, 0.01, 0.98, 0.01]);
    const t = confidentThresholds(p, 3, Int32Array.from([0, 0, 1]));
    const ood = entropyOodScores(p, 3, t);
    expect(ood[1]).toBeGreaterThan(ood[0]!);
    expect(ood[1]).toBeGreaterThan(ood[2]!);
    for (const v of ood) expect(v).toBeLessThanOrEqual(1 + 1e-6);
  });

  it("leaves classes nobody is given out of the OOD adjustment", () => {
    // a fourth column nobody is given, with zero probability: the scores must not change
    const wide = Float32Array.from({ length: 7 * 4 }, (_, k) =>
      k % 4 === 3 ? 0 : probabilities[Math.floor(k / 4) * 3 + (k % 4)]!,
    );
    const narrow = entropyOodScores(probabilities, 3, confidentThresholds(probabilities, 3, given));
    const padded = entropyOodScores(wide, 4, confidentThresholds(wide, 4, given));
    padded.forEach((v, i) => expect(v).toBeCloseTo(narrow[i]!, 6));
  });
});
