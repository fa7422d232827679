import type { BaselineScores } from "./baseline-scores";

/**
 * Confident learning (Northcutt, Jiang and Chuang 2021, as cleanlab implements it) on a
 * classifier's out-of-sample probabilities `[n, classes]`, with the items' given labels (here the
 * predictions under review). It is the reviewer's first question for a label-error detector, so
 * it is a baseline of its own rather than the plain self-confidence one.
 */

/**
 * cleanlab's threshold for a class nobody is given: above every probability, so no item is ever
 * confidently of that class.
 */
const unreachableThreshold = 2;

/**
 * Per-class confident thresholds: `t_j` = mean probability of class `j` over the items given `j`.
 * A per-class bar (not one global one) keeps rare or hard classes from never being "confident".
 */
export function confidentThresholds(
  probabilities: Float32Array,
  classes: number,
  given: Int32Array,
): Float64Array {
  const sums = new Float64Array(classes);
  const counts = new Float64Array(classes);
  given.forEach((g, i) => {
    if (g < 0) return;
    sums[g]! += probabilities[i * classes + g]!;
    counts[g]!++;
  });
  return sums.map((s, j) => (counts[j]! > 0 ? s / counts[j]! : unreachableThreshold));
}

/**
 * Each item's confident guess of its true label: among the classes whose probability reaches
 * their threshold, the most probable one; -1 where no class is confident (cleanlab leaves such
 * items out of the joint).
 */
export function confidentGuesses(
  probabilities: Float32Array,
  classes: number,
  thresholds: Float64Array,
): Int32Array {
  const n = probabilities.length / classes;
  return Int32Array.from({ length: n }, (_, i) => {
    let best = -1;
    for (let j = 0; j < classes; j++) {
      const p = probabilities[i * classes + j]!;
      // cleanlab's 1e-6 slack: an item exactly at its class's mean counts as confident
      if (p >= thresholds[j]! - 1e-6 && (best < 0 || p > probabilities[i * classes + best]!)) {
        best = j;
      }
    }
    return best;
  });
}

/** Rounds each row to integers that keep the row's rounded total (largest remainders go up). */
function roundPreservingRowTotals(matrix: Float64Array, classes: number): Float64Array {
  const out = new Float64Array(matrix.length);
  for (let r = 0; r < classes; r++) {
    const row = matrix.subarray(r * classes, (r + 1) * classes);
    let total = 0;
    for (const v of row) total += v;
    const floors = Array.from(row, Math.floor);
    let missing = Math.round(total) - floors.reduce((a, b) => a + b, 0);
    const order = Array.from(row.keys()).sort(
      (a, b) => row[b]! - floors[b]! - (row[a]! - floors[a]!),
    );
    for (const j of order) {
      if (missing <= 0) break;
      floors[j]!++;
      missing--;
    }
    out.set(floors, r * classes);
  }
  return out;
}

/**
 * The calibrated confident joint `C[given][true]` (`[classes, classes]` counts): how many items
 * given label `i` are confidently of class `j`, each row rescaled to the number of items given
 * `i` (confidently guessed or not) and rounded with its total kept, as cleanlab does; every
 * diagonal count is at least 1 first, so each row has somewhere to put its mass.
 */
export function confidentJoint(
  given: Int32Array,
  guesses: Int32Array,
  classes: number,
): Float64Array {
  const joint = new Float64Array(classes * classes);
  const givenCounts = new Float64Array(classes);
  given.forEach((g, i) => {
    if (g < 0) return;
    givenCounts[g]!++;
    if (guesses[i]! >= 0) joint[g * classes + guesses[i]!]!++;
  });
  for (let j = 0; j < classes; j++) joint[j * classes + j] = Math.max(1, joint[j * classes + j]!);
  for (let r = 0; r < classes; r++) {
    let rowSum = 0;
    for (let j = 0; j < classes; j++) rowSum += joint[r * classes + j]!;
    for (let j = 0; j < classes; j++) {
      joint[r * classes + j] = (joint[r * classes + j]! / rowSum) * givenCounts[r]!;
    }
  }
  return roundPreservingRowTotals(joint, classes);
}

/**
 * Label issues by cleanlab's default rule, `prune_by_noise_rate`: for each given label `i` and
 * other class `j`, the `C[i][j]` items given `i` with the largest margin `p_j - p_i` are issues,
 * leaving at least one item per given label (cleanlab's `min_examples_per_class = 1`); an item
 * whose most probable class is its given label is never an issue. The count comes from the joint
 * and the choice from the margin, so a noisy class loses the items that look most like elsewhere.
 */
export function findLabelIssues(
  probabilities: Float32Array,
  classes: number,
  given: Int32Array,
): Uint8Array {
  const n = given.length;
  const thresholds = confidentThresholds(probabilities, classes, given);
  const joint = confidentJoint(
    given,
    confidentGuesses(probabilities, classes, thresholds),
    classes,
  );
  const byGiven: number[][] = Array.from({ length: classes }, () => []);
  given.forEach((g, i) => {
    if (g >= 0) byGiven[g]!.push(i);
  });
  const issues = new Uint8Array(n);
  byGiven.forEach((items, i) => {
    let budget = items.length - 1;
    for (let j = 0; j < classes && budget > 0; j++) {
      const count = j === i ? 0 : joint[i * classes + j]!;
      if (count <= 0) continue;
      const margin = (r: number) =>
        probabilities[r * classes + j]! - probabilities[r * classes + i]!;
      const ranked = [...items].sort((a, b) => margin(b) - margin(a));
      for (const r of ranked.slice(0, count)) {
        if (issues[r] || budget <= 0) continue;
        issues[r] = 1;
        budget--;
      }
    }
  });
  for (let r = 0; r < n; r++) {
    if (issues[r] && argmax(probabilities, classes, r) === given[r]) issues[r] = 0;
  }
  return issues;
}

function argmax(probabilities: Float32Array, classes: number, row: number): number {
  let best = 0;
  for (let j = 1; j < classes; j++) {
    if (probabilities[row * classes + j]! > probabilities[row * classes + best]!) best = j;
  }
  return best;
}

/**
 * cleanlab's normalized margin of the given label, `p_given - max_{j != given} p_j` in [-1, 1]
 * (1: clearly right); an item with no given label has probability 0 for it.
 */
export function normalizedMargin(
  probabilities: Float32Array,
  classes: number,
  given: Int32Array,
): Float32Array {
  return Float32Array.from(given, (g, i) => {
    let other = 0;
    for (let j = 0; j < classes; j++) {
      if (j !== g) other = Math.max(other, probabilities[i * classes + j]!);
    }
    return (g >= 0 ? probabilities[i * classes + g]! : 0) - other;
  });
}

/**
 * cleanlab's out-of-distribution score from probabilities with its defaults for `pred_probs`
 * (`OutOfDistribution`: `method = "entropy"`, `adjust_pred_probs = True`): each row has the
 * class thresholds subtracted, is shifted by the largest threshold and renormalised (so a class
 * the classifier is always sure of does not hide uncertainty elsewhere), and the score is the
 * normalised entropy (cleanlab's OOD score is 1 minus it; here higher = more out of distribution).
 * Classes nobody is given are left out: cleanlab's threshold of 2 for them would shift every
 * row by 2 and flatten all entropies to the maximum, a degenerate reading of a taxonomy whose
 * held-out labels are never predicted.
 */
export function entropyOodScores(
  probabilities: Float32Array,
  classes: number,
  thresholds: Float64Array,
): Float32Array {
  const n = probabilities.length / classes;
  const known = Array.from(thresholds.keys()).filter((j) => thresholds[j]! < unreachableThreshold);
  const shift = Math.max(...known.map((j) => thresholds[j]!));
  const logK = Math.log(Math.max(2, known.length));
  const adjusted = new Float64Array(known.length);
  return Float32Array.from({ length: n }, (_, i) => {
    let sum = 0;
    known.forEach((j, c) => {
      adjusted[c] = probabilities[i * classes + j]! - thresholds[j]! + shift;
      sum += adjusted[c]!;
    });
    let entropy = 0;
    for (const a of adjusted) {
      const q = a / sum;
      if (q > 0) entropy -= q * Math.log(q);
    }
    return entropy / logK;
  });
}

/**
 * The confident-learning baseline. `wrong`: the items confident learning flags come first, each
 * group ordered by the normalized margin (`flagged + (1 - margin) / 2`), the order cleanlab's
 * `find_label_issues` returns with `return_indices_ranked_by = "normalized_margin"` extended to
 * the unflagged items so AUROC and AP see a full ranking. `new`: the entropy OOD score above.
 */
export function confidentLearningScores(
  probabilities: Float32Array,
  classes: number,
  given: Int32Array,
): BaselineScores {
  const issues = findLabelIssues(probabilities, classes, given);
  const margin = normalizedMargin(probabilities, classes, given);
  const thresholds = confidentThresholds(probabilities, classes, given);
  return {
    name: "confident_learning",
    wrong: Float32Array.from(margin, (m, i) => issues[i]! + (1 - m) / 2),
    new: entropyOodScores(probabilities, classes, thresholds),
  };
}
