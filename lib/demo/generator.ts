/**
 * The demo dataset generator: a pure function from a seed and the label set to creatives (what
 * annotators see) and ground truth (kept apart, for evaluation).
 *
 * Label noise is planted with exact counts rather than coin flips, so the rates in the README are
 * the rates in the files: a share of creatives gets a wrong predicted label (half a sibling under
 * the same parent, half a label in another top-level branch, preferring the branches a classifier
 * really confuses), and a share belongs to labels the taxonomy lacks, in groups per missing label.
 */
import {
  composeText,
  createContext,
  fill,
  minWords,
  wordCount,
  type CreativeContext,
} from "./compose";
import { generativeLabel } from "./generative";
import { addOcrNoise, noiseLevels } from "./noise";
import { createRng, type Rng } from "./prng";
import { isDistant, isSibling, parentOf, type LabelSet } from "./taxonomy";
import {
  knownLabels,
  missingLabels,
  type LabelVocabulary,
  type MissingLabelVocabulary,
} from "./vocabulary";
import { campaignPrefixes, campaignSuffixes } from "./vocabulary/shared";

/** The seed of the committed demo dataset. */
export const demoSeed = 20_250_812;

/** What is wrong with a creative's predicted label, if anything. */
export type Issue = "none" | "wrong_sibling" | "wrong_distant" | "new_label";

/** Train or eval: eval items are held out for measuring the detector. */
export type Split = "train" | "eval";

/** One creative as annotators and the app see it (a line of `creatives.jsonl`). */
export interface DemoCreative {
  id: string;
  text: string;
  predicted_label: string;
  predicted_score: number;
  generative_label: string;
  metadata: { advertiser: string; campaign: string; synthetic: true };
}

/** The truth about one creative (a line of `ground-truth.jsonl`). */
export interface DemoGroundTruth {
  id: string;
  true_label: string;
  issue: Issue;
  split: Split;
}

/** Generator settings; {@link defaultDemoOptions} are the committed dataset's. */
export interface DemoOptions {
  seed: number;
  creativeCount: number;
  /** Share of creatives with a wrong existing label (half sibling, half distant). */
  wrongLabelRate: number;
  /** Share of creatives whose true label is missing from the taxonomy. */
  newLabelRate: number;
  /** Share of each known label's creatives held out for evaluation. */
  evalFraction: number;
  /** Share of creatives whose text gets OCR-like noise. */
  ocrNoiseRate: number;
  /** Fewest creatives per known label, so every label has train and eval items. */
  minPerLabel: number;
}

/** The committed dataset's settings. */
export const defaultDemoOptions: DemoOptions = {
  seed: demoSeed,
  creativeCount: 2400,
  wrongLabelRate: 0.08,
  newLabelRate: 0.05,
  evalFraction: 0.2,
  ocrNoiseRate: 0.25,
  minPerLabel: 12,
};

/** The generated dataset. */
export interface DemoDataset {
  creatives: DemoCreative[];
  groundTruth: DemoGroundTruth[];
  /** Ids of creatives whose text got OCR noise (not written to the files; for the summary). */
  ocrNoisyIds: string[];
}

interface Plan {
  vocabulary: LabelVocabulary;
  issue: Issue;
}

/** Splits `total` into integer counts proportional to `weights` (largest remainder). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((weight) => (total * weight) / sum);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((value, index) => ({ index, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of order) {
    if (left <= 0) break;
    counts[index] = (counts[index] ?? 0) + 1;
    left--;
  }
  return counts;
}

function checkVocabulary(labels: LabelSet): void {
  for (const label of knownLabels) {
    if (!labels.has(label.path)) throw new Error(`known label not in taxonomy: ${label.path}`);
    for (const other of label.confusable ?? []) {
      if (!labels.has(other)) throw new Error(`confusable label not in taxonomy: ${other}`);
      if (!isDistant(label.path, other)) throw new Error(`confusable label not distant: ${other}`);
    }
  }
  for (const label of missingLabels) {
    if (labels.has(label.path)) throw new Error(`missing label exists in taxonomy: ${label.path}`);
    const parent = parentOf(label.path);
    if (parent === null || !labels.has(parent)) {
      throw new Error(`missing label has no existing parent: ${label.path}`);
    }
    for (const near of label.nearest) {
      if (!labels.has(near)) throw new Error(`nearest label not in taxonomy: ${near}`);
    }
  }
}

/** Plans which label and issue each creative gets, in a shuffled order. */
function planCreatives(rng: Rng, labels: LabelSet, options: DemoOptions): Plan[] {
  const newCount = Math.round(options.creativeCount * options.newLabelRate);
  const knownCount = options.creativeCount - newCount;
  const wrongCount = Math.round(options.creativeCount * options.wrongLabelRate);
  const siblingCount = Math.floor(wrongCount / 2);
  const distantCount = wrongCount - siblingCount;

  const plans: Plan[] = [];
  const newCounts = apportion(
    newCount,
    missingLabels.map(() => 1),
  );
  missingLabels.forEach((vocabulary, index) => {
    for (let k = 0; k < (newCounts[index] ?? 0); k++)
      plans.push({ vocabulary, issue: "new_label" });
  });

  // Label sizes vary (0.4x to 2.2x of the mean), as campaign mixes do, above a floor per label.
  const spare = knownCount - options.minPerLabel * knownLabels.length;
  if (spare < 0) throw new Error("creativeCount too small for minPerLabel");
  const extra = apportion(
    spare,
    knownLabels.map(() => 0.4 + 1.8 * rng.next() ** 2),
  );
  const known: Plan[] = [];
  knownLabels.forEach((vocabulary, index) => {
    const count = options.minPerLabel + (extra[index] ?? 0);
    for (let k = 0; k < count; k++) known.push({ vocabulary, issue: "none" });
  });

  let siblingsLeft = siblingCount;
  let distantLeft = distantCount;
  for (const plan of rng.shuffle(known)) {
    if (siblingsLeft > 0 && labels.siblingsOf(plan.vocabulary.path).length > 0) {
      plan.issue = "wrong_sibling";
      siblingsLeft--;
    } else if (distantLeft > 0) {
      plan.issue = "wrong_distant";
      distantLeft--;
    }
    plans.push(plan);
  }
  return rng.shuffle(plans);
}

function predictLabel(rng: Rng, labels: LabelSet, plan: Plan): string {
  const truePath = plan.vocabulary.path;
  switch (plan.issue) {
    case "none":
      return truePath;
    case "wrong_sibling": {
      const siblings = labels.siblingsOf(truePath);
      const used = siblings.filter((path) => knownLabels.some((label) => label.path === path));
      return rng.pick(used.length > 0 && rng.chance(0.6) ? used : siblings);
    }
    case "wrong_distant": {
      const confusable = plan.vocabulary.confusable ?? [];
      if (confusable.length > 0 && rng.chance(0.7)) return rng.pick(confusable);
      return rng.pick(knownLabels.filter((label) => isDistant(label.path, truePath))).path;
    }
    case "new_label": {
      // The first nearest label is the likeliest: weights 1, 1/2, 1/3, ...
      const nearest = (plan.vocabulary as MissingLabelVocabulary).nearest;
      const weights = nearest.map((_, index) => 1 / (index + 1));
      let roll = rng.next() * weights.reduce((a, b) => a + b, 0);
      for (const [index, weight] of weights.entries()) {
        roll -= weight;
        if (roll < 0) return nearest[index] ?? truePath;
      }
      return nearest[nearest.length - 1] ?? truePath;
    }
  }
}

/**
 * A softmax-like confidence: high when the prediction is right, lower but overlapping when it is
 * wrong, so that the score alone does not separate the two (a classifier is confidently wrong too).
 */
function predictedScore(rng: Rng, issue: Issue): number {
  const [mean, sd] =
    issue === "none" ? [0.88, 0.09] : issue === "new_label" ? [0.64, 0.16] : [0.7, 0.16];
  const value = Math.min(0.995, Math.max(0.21, rng.normal(mean, sd)));
  return Math.round(value * 1000) / 1000;
}

function vocabularyOf(path: string): LabelVocabulary | undefined {
  return knownLabels.find((label) => label.path === path);
}

/**
 * The generative model's label: usually describes the true content (so it disagrees with a wrong
 * prediction, and names a missing brand or category), sometimes echoes the prediction, sometimes is
 * just wrong.
 */
function generativeFor(rng: Rng, labels: LabelSet, plan: Plan, predicted: string): string {
  const truePath = plan.vocabulary.path;
  let target: string;
  let vocabulary: LabelVocabulary | undefined;
  if (plan.issue === "none") {
    if (rng.chance(0.9)) {
      [target, vocabulary] = [truePath, plan.vocabulary];
    } else {
      const siblings = labels.siblingsOf(truePath);
      target = siblings.length > 0 ? rng.pick(siblings) : rng.pick(knownLabels).path;
      vocabulary = vocabularyOf(target);
    }
  } else if (rng.chance(0.72)) {
    [target, vocabulary] = [truePath, plan.vocabulary];
  } else {
    [target, vocabulary] = [predicted, vocabularyOf(predicted)];
  }
  const label = generativeLabel(rng, target, vocabulary);
  // A generative model does not echo taxonomy paths verbatim; rewrite the rare exact hit.
  if (!labels.has(label)) return label;
  const slashed = label.split(" > ").join("/");
  return labels.has(slashed) ? `${slashed} (category)` : slashed;
}

function campaignName(ctx: CreativeContext): string {
  const { rng, label } = ctx;
  const topic = rng.chance(0.6) ? fill(ctx, rng.pick(label.items)) : (label.brand ?? ctx.city);
  return `${rng.pick(campaignPrefixes)} ${topic} ${rng.pick(campaignSuffixes)}`;
}

/** Stratified split: per true label, `evalFraction` to eval; new-label creatives all to eval. */
function assignSplits(rng: Rng, plans: readonly Plan[], evalFraction: number): Split[] {
  const byLabel = new Map<string, number[]>();
  plans.forEach((plan, index) => {
    const list = byLabel.get(plan.vocabulary.path) ?? [];
    list.push(index);
    byLabel.set(plan.vocabulary.path, list);
  });
  const splits: Split[] = plans.map(() => "train");
  for (const indices of byLabel.values()) {
    const isNew = plans[indices[0] ?? 0]?.issue === "new_label";
    const evalCount = isNew
      ? indices.length
      : Math.min(indices.length - 1, Math.max(1, Math.round(indices.length * evalFraction)));
    for (const index of rng.shuffle(indices).slice(0, evalCount)) splits[index] = "eval";
  }
  return splits;
}

/** Generates the demo dataset. Same options and label set give the same dataset. */
export function generateDemo(
  labels: LabelSet,
  options: DemoOptions = defaultDemoOptions,
): DemoDataset {
  checkVocabulary(labels);
  const root = createRng(options.seed);
  const planRng = root.fork("plan");
  const textRng = root.fork("text");
  const noiseRng = root.fork("noise");
  const labelRng = root.fork("labels");
  const splitRng = root.fork("split");

  const plans = planCreatives(planRng, labels, options);
  const splits = assignSplits(splitRng, plans, options.evalFraction);
  const noisyCount = Math.round(plans.length * options.ocrNoiseRate);
  const noisy = new Set(noiseRng.shuffle(plans.map((_, index) => index)).slice(0, noisyCount));

  const creatives: DemoCreative[] = [];
  const groundTruth: DemoGroundTruth[] = [];
  const ocrNoisyIds: string[] = [];
  plans.forEach((plan, index) => {
    const id = `demo-${String(index + 1).padStart(5, "0")}`;
    const ctx = createContext(textRng, plan.vocabulary);
    let text = composeText(ctx);
    if (noisy.has(index)) {
      const level = noiseRng.chance(0.75) ? noiseLevels.light : noiseLevels.heavy;
      // Merged words can push a short text under the minimum length; draw the noise again then.
      for (let attempt = 0; attempt < 5; attempt++) {
        const noisyText = addOcrNoise(noiseRng, text, level);
        if (wordCount(noisyText) >= minWords) {
          text = noisyText;
          ocrNoisyIds.push(id);
          break;
        }
      }
    }
    const predicted = predictLabel(labelRng, labels, plan);
    if (plan.issue === "wrong_sibling" && !isSibling(plan.vocabulary.path, predicted)) {
      throw new Error(`not a sibling: ${predicted}`);
    }
    creatives.push({
      id,
      text,
      predicted_label: predicted,
      predicted_score: predictedScore(labelRng, plan.issue),
      generative_label: generativeFor(labelRng, labels, plan, predicted),
      metadata: { advertiser: ctx.advertiser, campaign: campaignName(ctx), synthetic: true },
    });
    groundTruth.push({
      id,
      true_label: plan.vocabulary.path,
      issue: plan.issue,
      split: splits[index] ?? "train",
    });
  });
  return { creatives, groundTruth, ocrNoisyIds };
}
