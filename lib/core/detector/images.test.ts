import { describe, expect, it } from "vitest";
import { createPrng } from "@/lib/core/encoder/prng";
import { auroc } from "@/lib/core/eval/metrics";
import { normalizeRowsInPlace } from "@/lib/core/linalg/rows";
import { detect } from "./detect";
import { runDetector } from "./run";
import { buildDetectorInput, type RunCreative } from "./runInput";
import { syntheticWorld } from "./synthetic.test-helpers";
import type { DetectorInput } from "./types";

/**
 * The detector's image signals (DESIGN.md: sim(i, l) and sim(i, t)) with a multimodal model's
 * image vectors, and its backward compatibility: without image vectors every score, flag, signal
 * and reason is what the text-only detector gives.
 */

const { input, issue, truth } = syntheticWorld();
const n = input.predicted.length;
const dim = input.dim;

/**
 * Image vectors near each creative's true label (a fresh noise draw, so not equal to the text),
 * for the creatives `withImage` picks; zero rows (no image) for the rest.
 */
function imagesFor(withImage: (i: number) => boolean, seed = 11): Float32Array {
  const prng = createPrng(seed);
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    if (!withImage(i)) continue;
    const t = truth[i]!;
    const row = new Float32Array(dim);
    for (let k = 0; k < dim; k++) {
      const base = t >= 0 ? input.labels[t * dim + k]! : input.texts[i * dim + k]!;
      row[k] = base + prng.nextGaussian() * 0.09;
    }
    out.set(normalizeRowsInPlace(row, dim), i * dim);
  }
  return out;
}

const wrongTruth = issue.map((v) => v === "wrong");

describe("the detector without image vectors", () => {
  it("gives the text-only run whether `images` is absent or all zero rows", () => {
    const without = runDetector(input);
    const zeros = runDetector({ ...input, images: new Float32Array(n * dim) });
    expect(zeros).toEqual(without);
    for (const row of without.rows) {
      expect(Object.keys(row.signals).filter((k) => k.startsWith("image"))).toEqual([]);
      expect(row.reasons.join(" ")).not.toMatch(/image/);
    }
  });

  it("refuses image vectors that are not one row per creative", () => {
    expect(() => detect({ ...input, images: new Float32Array(dim) })).toThrow(/one row per/);
  });
});

describe("the detector with image vectors", () => {
  const images = imagesFor(() => true);
  const withImages: DetectorInput = { ...input, images };
  const result = detect(withImages);
  const s = result.signals;

  it("computes sim(i, l), the predicted label's rank by the image, the image's nearest label and sim(i, t)", () => {
    for (let i = 0; i < n; i++) {
      const p = input.predicted[i]!;
      let dot = 0;
      let toText = 0;
      for (let k = 0; k < dim; k++) {
        dot += images[i * dim + k]! * input.labels[p * dim + k]!;
        toText += images[i * dim + k]! * input.texts[i * dim + k]!;
      }
      expect(s.imageSimPredicted[i]).toBeCloseTo(dot, 5);
      expect(s.imageSimText[i]).toBeCloseTo(toText, 5);
      if (truth[i]! >= 0) expect(s.imageBestLabel[i]).toBe(truth[i]);
      expect(s.imageRankPredicted[i]).toBe(s.imageBestLabel[i] === p ? 1 : s.imageRankPredicted[i]);
    }
    const wrong = wrongTruth.flatMap((w, i) => (w ? [i] : []));
    expect(wrong.length).toBeGreaterThan(0);
    for (const i of wrong) expect(s.imageRankPredicted[i]!).toBeGreaterThan(1);
  });

  it("uses them: a wrong label only the image contradicts is found, and the reason says so", () => {
    // The planted wrong labels' texts read like their (wrong) predicted label, as when the text
    // misleads the classifier; only the image shows the true label.
    const misleading = Float32Array.from(input.texts);
    const prng = createPrng(5);
    wrongTruth.forEach((wrong, i) => {
      if (!wrong) return;
      const p = input.predicted[i]!;
      const row = Float32Array.from(
        { length: dim },
        (_, k) => input.labels[p * dim + k]! + prng.nextGaussian() * 0.09,
      );
      misleading.set(normalizeRowsInPlace(row, dim), i * dim);
    });
    const textOnly = detect({ ...input, texts: misleading }).flags.wrong_label.score;
    const scored = detect({ ...withImages, texts: misleading }).flags.wrong_label;
    expect(scored.features).toContain("image_rank");
    const before = auroc(Array.from(textOnly), wrongTruth);
    const after = auroc(Array.from(scored.score), wrongTruth);
    expect(after).toBeGreaterThan(before + 0.1);

    const run = runDetector(withImages);
    const flaggedWrong = run.rows.filter((r, i) => wrongTruth[i] && r.flag === "wrong_label");
    expect(flaggedWrong.length).toBeGreaterThan(0);
    expect(
      flaggedWrong.some((r) => r.reasons.some((x) => x.startsWith("the image is closer to"))),
    ).toBe(true);
    for (const row of run.rows) {
      expect(row.signals.imageSimPredicted).toBeTypeOf("number");
      expect(row.signals.imageSimText).toBeTypeOf("number");
    }
  });

  it("leaves creatives without an image without image signals when only some have one", () => {
    const some = imagesFor((i) => i % 2 === 0);
    const run = runDetector({ ...input, images: some });
    run.rows.forEach((row, i) => {
      expect("imageSimPredicted" in row.signals).toBe(i % 2 === 0);
    });
  });
});

describe("buildDetectorInput with image vectors", () => {
  const creatives: RunCreative[] = [1, 2].map((id) => ({
    id,
    text: `creative ${id}`,
    predictedLabelId: 1,
    predictedScore: null,
    generativeValue: null,
    decision: null,
  }));
  const base = {
    dim: 2,
    creatives,
    labels: [{ id: 1, path: ["A"] }],
    texts: Float32Array.from([1, 0, 0, 1]),
    labelVectors: Float32Array.from([1, 0]),
  };

  it("passes image vectors through, and adds none when there are none", () => {
    const images = Float32Array.from([0, 1, 0, 0]);
    expect(buildDetectorInput({ ...base, images }).images).toBe(images);
    expect("images" in buildDetectorInput(base)).toBe(false);
  });
});
