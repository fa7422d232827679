import { createPrng } from "@/lib/core/encoder/prng";
import { normalizeRowsInPlace } from "@/lib/core/linalg/rows";
import type { DetectorInput } from "./types";

/**
 * A small synthetic world for detector tests: 4 branches x 4 leaves in 32 dimensions; label
 * embeddings are a branch direction plus a leaf direction, creatives are their label plus noise.
 * Some scored creatives carry a planted wrong label (a sibling or a distant one), and some come
 * from a fifth leaf the taxonomy lacks (predicted as a sibling): they must rank on top.
 */
export function syntheticWorld(seed = 3) {
  const dim = 32;
  const prng = createPrng(seed);
  const gauss = (n: number, scale: number) =>
    Float32Array.from({ length: n }, () => prng.nextGaussian() * scale);
  const branches = Array.from({ length: 4 }, () => normalizeRowsInPlace(gauss(dim, 1), dim));
  const leafDirection = () => normalizeRowsInPlace(gauss(dim, 1), dim);
  const labelPaths: string[][] = [];
  const labelVectors: Float32Array[] = [];
  const addLabel = (b: number, leaf: string, dir: Float32Array) => {
    const v = Float32Array.from(branches[b]!, (x, k) => 0.8 * x + 0.6 * dir[k]!);
    labelPaths.push([`Branch ${b}`, leaf]);
    labelVectors.push(normalizeRowsInPlace(v, dim));
  };
  for (let b = 0; b < 4; b++)
    for (let l = 0; l < 4; l++) addLabel(b, `Leaf ${b}.${l}`, leafDirection());
  const m = labelPaths.length;
  const missing = Float32Array.from(branches[2]!, (x, k) => 0.8 * x + 0.6 * leafDirection()[k]!);
  normalizeRowsInPlace(missing, dim);
  const around = (v: Float32Array) =>
    normalizeRowsInPlace(
      Float32Array.from(v, (x) => x + prng.nextGaussian() * 0.09),
      dim,
    );

  const reference: Float32Array[] = [];
  const referenceLabels: number[] = [];
  for (let j = 0; j < m; j++) {
    for (let r = 0; r < 15; r++) {
      reference.push(around(labelVectors[j]!));
      referenceLabels.push(j);
    }
  }
  const texts: Float32Array[] = [];
  const truth: number[] = [];
  const predicted: number[] = [];
  const issue: ("none" | "wrong" | "new")[] = [];
  for (let j = 0; j < m; j++) {
    for (let r = 0; r < 8; r++) {
      texts.push(around(labelVectors[j]!));
      truth.push(j);
      const wrong = r === 0 && j % 2 === 0;
      const sibling = (j & ~3) + ((j + 1) % 4);
      predicted.push(wrong ? (j % 4 === 0 ? sibling : (j + 5) % m) : j);
      issue.push(wrong ? "wrong" : "none");
    }
  }
  for (let r = 0; r < 8; r++) {
    texts.push(around(missing));
    truth.push(-1);
    predicted.push(8 + (r % 4));
    issue.push("new");
  }
  const stack = (rows: Float32Array[]) => {
    const out = new Float32Array(rows.length * dim);
    rows.forEach((row, i) => out.set(row, i * dim));
    return out;
  };
  const input: DetectorInput = {
    dim,
    texts: stack(texts),
    labels: stack(labelVectors),
    labelPaths,
    predicted: Int32Array.from(predicted),
    reference: { embeddings: stack(reference), labels: Int32Array.from(referenceLabels) },
  };
  return { input, truth, issue };
}
