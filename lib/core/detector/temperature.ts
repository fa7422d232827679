import { similarityMatrix } from "@/lib/core/linalg/gemm";

/** The softmax temperature used before any labelled creative exists (the encoder's training T). */
export const defaultTemperature = 0.05;

/** Most rows the temperature fit looks at: a few thousand pin T to two decimals. */
const maxFitRows = 4000;

/**
 * Mean log-likelihood of the true labels under softmax(cos / T), given `[rows, m]` cosines.
 * Rows with a negative label are skipped.
 */
export function meanLogLikelihood(
  sims: Float32Array,
  m: number,
  truth: ArrayLike<number>,
  temperature: number,
): number {
  const rows = sims.length / m;
  let total = 0;
  let count = 0;
  for (let r = 0; r < rows; r++) {
    const label = truth[r]!;
    if (label < 0) continue;
    const o = r * m;
    let max = -Infinity;
    for (let j = 0; j < m; j++) if (sims[o + j]! > max) max = sims[o + j]!;
    let sum = 0;
    for (let j = 0; j < m; j++) sum += Math.exp((sims[o + j]! - max) / temperature);
    total += (sims[o + label]! - max) / temperature - Math.log(sum);
    count++;
  }
  return count === 0 ? 0 : total / count;
}

/**
 * Fits the softmax temperature by maximum likelihood on labelled creatives (confidently
 * labelled ones: confirmed decisions or training data), so that self-confidence means the same
 * for any encoder: a sharp fine-tuned model and a diffuse off-the-shelf one. A golden-section
 * search over log T in [0.002, 1]; the log-likelihood is concave in 1/T, so it is unimodal.
 */
export function fitTemperature(
  embeddings: Float32Array,
  labelsOfRows: Int32Array,
  labelEmbeddings: Float32Array,
  dim: number,
): number {
  const total = labelsOfRows.length;
  if (total === 0) return defaultTemperature;
  const stride = Math.max(1, Math.floor(total / maxFitRows));
  const picked: number[] = [];
  for (let r = 0; r < total && picked.length < maxFitRows; r += stride) picked.push(r);
  const rows = new Float32Array(picked.length * dim);
  picked.forEach((r, i) => rows.set(embeddings.subarray(r * dim, (r + 1) * dim), i * dim));
  const truth = Int32Array.from(picked, (r) => labelsOfRows[r]!);
  const m = labelEmbeddings.length / dim;
  const sims = similarityMatrix(rows, labelEmbeddings, dim);
  const f = (logT: number) => meanLogLikelihood(sims, m, truth, Math.exp(logT));
  let lo = Math.log(0.002);
  let hi = 0;
  const phi = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - phi * (hi - lo);
  let x2 = lo + phi * (hi - lo);
  let f1 = f(x1);
  let f2 = f(x2);
  for (let it = 0; it < 40; it++) {
    if (f1 < f2) {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + phi * (hi - lo);
      f2 = f(x2);
    } else {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - phi * (hi - lo);
      f1 = f(x1);
    }
  }
  return Math.exp((lo + hi) / 2);
}
