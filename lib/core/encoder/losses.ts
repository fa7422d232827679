/**
 * Training losses on L2-normalised embeddings, each returning the mean loss and its gradient with
 * respect to its inputs (backpropagate those through the encoder with `backpropToTable`). They
 * are plain Float32Array math so the same code trains the bundled model in Node and adapters in a
 * browser worker.
 */

export interface LossResult {
  loss: number;
}

/**
 * Softmax over all taxonomy labels: logits `cos(text_i, label_j) / temperature`, cross-entropy
 * with the text's label. Every label is a negative in every step, so siblings that a batch would
 * rarely contain are still pushed apart; the design doc's prototype found it ~3.5 points better
 * on nearest-label top-1 than cosine-MSE pairs, and faster to train.
 *
 * `texts [batch, dim]`, `labels [labelCount, dim]`, `targets[i]` = label index of text i.
 */
export function labelSoftmaxLoss(
  texts: Float32Array,
  labels: Float32Array,
  targets: ArrayLike<number>,
  dim: number,
  temperature: number,
): LossResult & { gradTexts: Float32Array; gradLabels: Float32Array } {
  const batch = texts.length / dim;
  const labelCount = labels.length / dim;
  const gradTexts = new Float32Array(texts.length);
  const gradLabels = new Float32Array(labels.length);
  const logits = new Float64Array(labelCount);
  const gradRow = new Float64Array(dim);
  let loss = 0;
  const invT = 1 / temperature;
  for (let i = 0; i < batch; i++) {
    const ti = i * dim;
    dotsWithRows(texts, ti, labels, labelCount, dim, logits);
    let maxLogit = -Infinity;
    for (let j = 0; j < labelCount; j++) {
      logits[j] = logits[j]! * invT;
      if (logits[j]! > maxLogit) maxLogit = logits[j]!;
    }
    let sum = 0;
    for (let j = 0; j < labelCount; j++) {
      logits[j] = Math.exp(logits[j]! - maxLogit);
      sum += logits[j]!;
    }
    const target = targets[i] ?? 0;
    loss -= Math.log(logits[target]! / sum);
    gradRow.fill(0);
    for (let j = 0; j < labelCount; j++) {
      const p = logits[j]! / sum;
      // Labels with negligible probability contribute < 1e-9 of a unit gradient: skipping them
      // makes a trained model's step several times faster and changes nothing measurable.
      if (j !== target && p < negligibleProbability) continue;
      // d loss / d logit, folded with 1/temperature and the batch mean
      const d = ((p - (j === target ? 1 : 0)) * invT) / batch;
      const lj = j * dim;
      for (let k = 0; k < dim; k++) {
        gradRow[k]! += d * labels[lj + k]!;
        gradLabels[lj + k]! += d * texts[ti + k]!;
      }
    }
    for (let k = 0; k < dim; k++) gradTexts[ti + k] = gradRow[k]!;
  }
  return { loss: loss / Math.max(batch, 1), gradTexts, gradLabels };
}

const negligibleProbability = 1e-9;

/**
 * `out[j] = rows[j] . vector` for all rows, four rows per pass so each vector element is loaded
 * once per four dot products (the softmax loss spends most of its time here).
 */
function dotsWithRows(
  vectors: Float32Array,
  offset: number,
  rows: Float32Array,
  rowCount: number,
  dim: number,
  out: Float64Array,
): void {
  let j = 0;
  for (; j + 4 <= rowCount; j += 4) {
    const r0 = j * dim;
    const r1 = r0 + dim;
    const r2 = r1 + dim;
    const r3 = r2 + dim;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let k = 0; k < dim; k++) {
      const v = vectors[offset + k]!;
      s0 += v * rows[r0 + k]!;
      s1 += v * rows[r1 + k]!;
      s2 += v * rows[r2 + k]!;
      s3 += v * rows[r3 + k]!;
    }
    out[j] = s0;
    out[j + 1] = s1;
    out[j + 2] = s2;
    out[j + 3] = s3;
  }
  for (; j < rowCount; j++) {
    let s = 0;
    for (let k = 0; k < dim; k++) s += vectors[offset + k]! * rows[j * dim + k]!;
    out[j] = s;
  }
}

/** Pairs for {@link cosineMseLoss}: row `left[i]` of one matrix, row `right[i]` of another. */
export interface CosinePairs {
  left: Int32Array;
  right: Int32Array;
  /** Target cosine per pair: 0.9 for text-its-label, 0.1 for text-another-label in the seed. */
  target: Float32Array;
}

/**
 * Sentence-BERT's CosineSimilarityLoss: mean over pairs of `(cos(a, b) - target)^2`, with a and b
 * unit vectors so the cosine is their dot product. This is the seed's objective and the format of
 * the training pairs annotators' decisions produce (text-label and text-text pairs).
 */
export function cosineMseLoss(
  leftRows: Float32Array,
  rightRows: Float32Array,
  pairs: CosinePairs,
  dim: number,
): LossResult & { gradLeft: Float32Array; gradRight: Float32Array } {
  const gradLeft = new Float32Array(leftRows.length);
  const gradRight = new Float32Array(rightRows.length);
  const count = pairs.target.length;
  let loss = 0;
  for (let p = 0; p < count; p++) {
    const a = (pairs.left[p] ?? 0) * dim;
    const b = (pairs.right[p] ?? 0) * dim;
    let cos = 0;
    for (let k = 0; k < dim; k++) cos += leftRows[a + k]! * rightRows[b + k]!;
    const diff = cos - (pairs.target[p] ?? 0);
    loss += diff * diff;
    const d = (2 * diff) / count;
    for (let k = 0; k < dim; k++) {
      gradLeft[a + k]! += d * rightRows[b + k]!;
      gradRight[b + k]! += d * leftRows[a + k]!;
    }
  }
  return { loss: loss / Math.max(count, 1), gradLeft, gradRight };
}

/**
 * In-batch negatives (MultipleNegativesRankingLoss): text i's positive is `positives` row i, and
 * every other row in the batch is a negative. Cheap and label-set free, but on deep taxonomies a
 * batch rarely holds the confusable siblings, so prefer {@link labelSoftmaxLoss} when the label
 * set is known; this one suits text-text pairs (two texts of one label).
 */
export function inBatchNegativesLoss(
  anchors: Float32Array,
  positives: Float32Array,
  dim: number,
  temperature: number,
): LossResult & { gradAnchors: Float32Array; gradPositives: Float32Array } {
  const batch = anchors.length / dim;
  const targets = Int32Array.from({ length: batch }, (_, i) => i);
  const result = labelSoftmaxLoss(anchors, positives, targets, dim, temperature);
  return { loss: result.loss, gradAnchors: result.gradTexts, gradPositives: result.gradLabels };
}
