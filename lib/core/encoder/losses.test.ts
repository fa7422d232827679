import { describe, expect, it } from "vitest";
import { cosineMseLoss, inBatchNegativesLoss, labelSoftmaxLoss } from "./losses";
import { createPrng } from "./prng";

const prng = createPrng(3);
const randomRows = (n: number, dim: number) =>
  Float64Array.from({ length: n * dim }, () => prng.nextGaussian() * 0.5);

/**
 * Checks an analytic gradient against central differences. Inputs are float64 copies turned into
 * Float32Array per evaluation, so the step must be large enough for float32 rounding (1e-2).
 */
function expectGradient(
  values: Float64Array,
  analytic: Float32Array,
  loss: (input: Float32Array) => number,
): void {
  const h = 1e-2;
  for (let i = 0; i < values.length; i++) {
    const saved = values[i]!;
    values[i] = saved + h;
    const up = loss(Float32Array.from(values));
    values[i] = saved - h;
    const down = loss(Float32Array.from(values));
    values[i] = saved;
    expect(analytic[i]).toBeCloseTo((up - down) / (2 * h), 3);
  }
}

describe("labelSoftmaxLoss", () => {
  const dim = 4;
  const texts = randomRows(3, dim);
  const labels = randomRows(5, dim);
  const targets = [0, 3, 3];
  const temperature = 0.5;
  const result = labelSoftmaxLoss(
    Float32Array.from(texts),
    Float32Array.from(labels),
    targets,
    dim,
    temperature,
  );

  it("is the mean cross-entropy of softmax(dot / temperature)", () => {
    let expected = 0;
    for (let i = 0; i < 3; i++) {
      const logits = Array.from({ length: 5 }, (_, j) => {
        let dot = 0;
        for (let k = 0; k < dim; k++) dot += texts[i * dim + k]! * labels[j * dim + k]!;
        return dot / temperature;
      });
      const logSum = Math.log(logits.reduce((s, z) => s + Math.exp(z), 0));
      expected += logSum - logits[targets[i]!]!;
    }
    expect(result.loss).toBeCloseTo(expected / 3, 5);
  });

  it("has gradients equal to finite differences for texts and labels", () => {
    expectGradient(
      texts,
      result.gradTexts,
      (t) => labelSoftmaxLoss(t, Float32Array.from(labels), targets, dim, temperature).loss,
    );
    expectGradient(
      labels,
      result.gradLabels,
      (l) => labelSoftmaxLoss(Float32Array.from(texts), l, targets, dim, temperature).loss,
    );
  });
});

describe("cosineMseLoss", () => {
  const dim = 3;
  const left = randomRows(2, dim);
  const right = randomRows(3, dim);
  const pairs = {
    left: Int32Array.from([0, 0, 1]),
    right: Int32Array.from([0, 2, 1]),
    target: Float32Array.from([0.9, 0.1, 0.9]),
  };
  const result = cosineMseLoss(Float32Array.from(left), Float32Array.from(right), pairs, dim);

  it("is the mean squared difference of dot products and targets", () => {
    let expected = 0;
    for (let p = 0; p < 3; p++) {
      let dot = 0;
      for (let k = 0; k < dim; k++)
        dot += left[pairs.left[p]! * dim + k]! * right[pairs.right[p]! * dim + k]!;
      expected += (dot - pairs.target[p]!) ** 2;
    }
    expect(result.loss).toBeCloseTo(expected / 3, 5);
  });

  it("has gradients equal to finite differences", () => {
    expectGradient(
      left,
      result.gradLeft,
      (l) => cosineMseLoss(l, Float32Array.from(right), pairs, dim).loss,
    );
    expectGradient(
      right,
      result.gradRight,
      (r) => cosineMseLoss(Float32Array.from(left), r, pairs, dim).loss,
    );
  });
});

describe("inBatchNegativesLoss", () => {
  it("has gradients equal to finite differences", () => {
    const dim = 3;
    const anchors = randomRows(3, dim);
    const positives = randomRows(3, dim);
    const result = inBatchNegativesLoss(
      Float32Array.from(anchors),
      Float32Array.from(positives),
      dim,
      0.3,
    );
    expectGradient(
      anchors,
      result.gradAnchors,
      (a) => inBatchNegativesLoss(a, Float32Array.from(positives), dim, 0.3).loss,
    );
    expectGradient(
      positives,
      result.gradPositives,
      (p) => inBatchNegativesLoss(Float32Array.from(anchors), p, dim, 0.3).loss,
    );
  });
});
