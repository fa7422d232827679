/**
 * The losses an adapter trains with, on adapted unit rows. Each returns the weighted mean loss of
 * its pairs and adds its gradient w.r.t. the rows into `grad`. Pairs index rows of one matrix
 * (texts, images and labels side by side), so one backward pass through the adapter serves all.
 */

/**
 * Which loss trains a version. `cosine` is the seed's CosineSimilarityLoss; `softmax` is the
 * default (see defaultAdapterTrainOptions for the measurement behind that choice).
 */
export const adapterObjectives = ["cosine", "softmax", "triplet"] as const;
export type AdapterObjective = (typeof adapterObjectives)[number];

/** What the UI and the model card call each objective. */
export const objectiveNames: Record<AdapterObjective, string> = {
  cosine: "Cosine similarity (MSE to 0.9 / 0.1 targets)",
  softmax: "Softmax over all labels (in-batch and label negatives)",
  triplet: "Triplet (hardest other label, margin)",
};

/** Row pairs with a target cosine and a weight (decisions weigh more than imported labels). */
export interface RowPairs {
  left: Int32Array;
  right: Int32Array;
  target: Float32Array;
  weight: Float32Array;
}

export interface ObjectiveContext {
  dim: number;
  /** Adapted unit rows `[rows, dim]`. */
  rows: Float32Array;
  /** Which rows are taxonomy labels: the candidates of the softmax and the triplet negatives. */
  labelRows: Int32Array;
  /** Marks label rows, `isLabel[row] === 1`. */
  isLabel: Uint8Array;
  /** Softmax temperature on cosines. */
  temperature: number;
  /** Triplet margin on cosines. */
  margin: number;
}

const dot = (rows: Float32Array, a: number, b: number, dim: number) => {
  let s = 0;
  for (let k = 0; k < dim; k++) s += rows[a * dim + k]! * rows[b * dim + k]!;
  return s;
};

const addScaled = (
  grad: Float32Array,
  to: number,
  rows: Float32Array,
  from: number,
  scale: number,
  dim: number,
) => {
  for (let k = 0; k < dim; k++) grad[to * dim + k]! += scale * rows[from * dim + k]!;
};

/** `sum w (cos - target)^2 / sum w` over the pairs (Sentence-BERT's CosineSimilarityLoss). */
export function cosinePairLoss(
  ctx: ObjectiveContext,
  pairs: ArrayLike<number>,
  data: RowPairs,
  grad: Float32Array,
): number {
  const { dim, rows } = ctx;
  let total = 0;
  let weights = 0;
  for (let i = 0; i < pairs.length; i++) weights += data.weight[pairs[i]!]!;
  if (weights === 0) return 0;
  for (let i = 0; i < pairs.length; i++) {
    const p = pairs[i]!;
    const a = data.left[p]!;
    const b = data.right[p]!;
    const w = data.weight[p]! / weights;
    const diff = dot(rows, a, b, dim) - data.target[p]!;
    total += w * diff * diff;
    addScaled(grad, a, rows, b, 2 * w * diff, dim);
    addScaled(grad, b, rows, a, 2 * w * diff, dim);
  }
  return total;
}

/** Positive text-label pairs among `pairs` (target above one half, right side a label). */
function positiveLabelPairs(
  ctx: ObjectiveContext,
  pairs: ArrayLike<number>,
  data: RowPairs,
): number[] {
  const out: number[] = [];
  for (let i = 0; i < pairs.length; i++) {
    const p = pairs[i]!;
    if (data.target[p]! > 0.5 && ctx.isLabel[data.right[p]!] === 1) out.push(p);
  }
  return out;
}

/**
 * Cross-entropy of the right label among all labels, logits `cos / temperature`, weighted.
 * Negative pairs add nothing here: every other label is already a negative.
 */
export function softmaxLabelLoss(
  ctx: ObjectiveContext,
  pairs: ArrayLike<number>,
  data: RowPairs,
  grad: Float32Array,
): number {
  const { dim, rows, labelRows, temperature } = ctx;
  const positives = positiveLabelPairs(ctx, pairs, data);
  let weights = 0;
  for (const p of positives) weights += data.weight[p]!;
  if (weights === 0) return 0;
  const logits = new Float64Array(labelRows.length);
  let total = 0;
  for (const p of positives) {
    const a = data.left[p]!;
    const target = data.right[p]!;
    const w = data.weight[p]! / weights;
    let max = -Infinity;
    let targetIndex = -1;
    for (let j = 0; j < labelRows.length; j++) {
      logits[j] = dot(rows, a, labelRows[j]!, dim) / temperature;
      if (logits[j]! > max) max = logits[j]!;
      if (labelRows[j] === target) targetIndex = j;
    }
    let sum = 0;
    for (let j = 0; j < labelRows.length; j++) sum += Math.exp(logits[j]! - max);
    total += w * (Math.log(sum) + max - logits[targetIndex]!);
    for (let j = 0; j < labelRows.length; j++) {
      const prob = Math.exp(logits[j]! - max) / sum;
      const d = (w * (prob - (j === targetIndex ? 1 : 0))) / temperature;
      if (Math.abs(d) < 1e-12) continue;
      addScaled(grad, a, rows, labelRows[j]!, d, dim);
      addScaled(grad, labelRows[j]!, rows, a, d, dim);
    }
  }
  return total;
}

/**
 * `max(0, margin - cos(t, positive) + cos(t, negative))`, the negative being the other label
 * closest to the text now (for a corrected creative, usually the label it was wrongly given).
 */
export function tripletLabelLoss(
  ctx: ObjectiveContext,
  pairs: ArrayLike<number>,
  data: RowPairs,
  grad: Float32Array,
): number {
  const { dim, rows, labelRows, margin } = ctx;
  const positives = positiveLabelPairs(ctx, pairs, data);
  let weights = 0;
  for (const p of positives) weights += data.weight[p]!;
  if (weights === 0) return 0;
  let total = 0;
  for (const p of positives) {
    const a = data.left[p]!;
    const positive = data.right[p]!;
    let negative = -1;
    let best = -Infinity;
    for (let j = 0; j < labelRows.length; j++) {
      const l = labelRows[j]!;
      if (l === positive) continue;
      const c = dot(rows, a, l, dim);
      if (c > best) {
        best = c;
        negative = l;
      }
    }
    if (negative < 0) continue;
    const violation = margin - dot(rows, a, positive, dim) + best;
    if (violation <= 0) continue;
    const w = data.weight[p]! / weights;
    total += w * violation;
    addScaled(grad, a, rows, positive, -w, dim);
    addScaled(grad, positive, rows, a, -w, dim);
    addScaled(grad, a, rows, negative, w, dim);
    addScaled(grad, negative, rows, a, w, dim);
  }
  return total;
}

/** The loss of an objective on some pairs, its gradient added into `grad`. */
export function objectiveLoss(
  objective: AdapterObjective,
  ctx: ObjectiveContext,
  pairs: ArrayLike<number>,
  data: RowPairs,
  grad: Float32Array,
): number {
  if (objective === "softmax") return softmaxLabelLoss(ctx, pairs, data, grad);
  if (objective === "triplet") return tripletLabelLoss(ctx, pairs, data, grad);
  return cosinePairLoss(ctx, pairs, data, grad);
}
