import { applyAdapter, type DenseAdapter } from "@/lib/core/adaptation/adapter";
import { trainAdapter, type AdapterTrainOptions } from "@/lib/core/adaptation/trainAdapter";
import { importedLabelWeight, maxImportedLabelPairs } from "@/lib/core/adaptation/versions";
import { detect, detectorScore, findReferenceNeighbours, isFlagged } from "@/lib/core/detector";
import type { DetectorResult } from "@/lib/core/detector";
import type { Decision } from "@/lib/core/detector/types";
import { embedTexts } from "@/lib/core/encoder/embed";
import { nearestLabels } from "@/lib/core/encoder/metrics";
import { createPrng, shuffleInPlace } from "@/lib/core/encoder/prng";
import { WordPieceTokenizer } from "@/lib/core/encoder/wordpiece";
import { nearestCentroidTop2 } from "@/lib/core/eval/confusion";
import { averagePrecision } from "@/lib/core/eval/metrics";
import { simulatePredictions } from "@/lib/core/eval/noise";
import { sampleUpTo, type EvalItem, type PreparedEvaluation } from "@/lib/core/eval/protocol";
import { buildStaticEncoder } from "@/lib/model-build/build";
import { loopPairs, type LoopDecision } from "./loopPairs";

/**
 * The active-learning loop, simulated on real data (`npm run eval:loop`). A base encoder is
 * trained on a small labelled seed (the model a team starts with); the rest of the training split
 * and the calibration part form the dataset, whose imported labels carry hard (confusion-driven)
 * noise and whose new-label items need a label the taxonomy lacks. Each round the detector
 * scores the dataset in the current space, k creatives are taken from the queue in the
 * strategy's order and answered by the ground truth (as annotators would), their decisions become
 * training pairs, the adapter is retrained from all pairs so far, and the dataset is re-embedded
 * and re-scored. Top-1 is measured on the untouched test part.
 */

export const loopStrategies = ["score", "uncertainty", "random", "noretrain"] as const;
export type LoopStrategy = (typeof loopStrategies)[number];

export interface LoopOptions {
  seed: number;
  noiseRate: number;
  rounds: number;
  perRound: number;
  /** Labelled texts the base encoder is trained on. */
  baseTrain: number;
  /** Creatives in the simulated dataset (the queue's pool). */
  pool: number;
  strategies: readonly LoopStrategy[];
  train?: Partial<AdapterTrainOptions>;
  log: (line: string) => void;
}

export interface RoundRecord {
  round: number;
  decisions: number;
  top1: number;
  wrongAp: number;
  newAp: number;
  foundShare: number;
  trainSeconds: number;
  epochs: number;
}

export interface LoopReport {
  dataset: string;
  seed: number;
  labels: number;
  seedTexts: number;
  pool: number;
  test: number;
  issues: { wrong: number; new: number };
  strategies: Record<string, RoundRecord[]>;
}

interface Space {
  pool: Float32Array;
  labels: Float32Array;
  seed: Float32Array;
  test: Float32Array;
}

/** Runs every strategy from the same base space, data and noise. */
export function runLoopEvaluation(
  dataset: string,
  prepared: PreparedEvaluation,
  o: LoopOptions,
): LoopReport {
  const { taxonomy } = prepared;
  const m = taxonomy.length;
  const prng = createPrng(o.seed + 17);
  const shuffled = shuffleInPlace([...prepared.train], prng);
  const seedRows = shuffled.slice(0, o.baseTrain);
  const calibration = prepared.items.filter((i) => i.part === "calibration");
  const rest = shuffled.slice(o.baseTrain).map((t): EvalItem => ({
    text: t.text,
    truth: t.label,
    part: "calibration",
    givenPredicted: -1,
    truePath: taxonomy[t.label]!,
  }));
  const poolItems = [
    ...calibration,
    ...sampleUpTo(rest, Math.max(0, o.pool - calibration.length), prng),
  ];
  const testItems = prepared.items.filter((i) => i.part === "test" && i.truth >= 0);
  const built = buildStaticEncoder({
    texts: seedRows.map((t) => t.text),
    labelPaths: seedRows.map((t) => taxonomy[t.label]!),
    taxonomyLabelPaths: taxonomy,
    seed: o.seed,
  });
  const tokenizer = new WordPieceTokenizer(built.vocab);
  const dim = built.model.dim;
  const embed = (texts: readonly string[]) => embedTexts(tokenizer, built.model, texts);
  const base: Space = {
    labels: embed(built.labelTexts.slice(0, m)),
    pool: embed(poolItems.map((i) => i.text)),
    seed: embed(seedRows.map((t) => t.text)),
    test: embed(testItems.map((i) => i.text)),
  };
  const confusion = nearestCentroidTop2(
    seedRows.map((t) => t.text),
    Int32Array.from(seedRows, (t) => t.label),
    m,
    poolItems.map((i) => i.text),
  );
  const confusable = Int32Array.from(poolItems, (item, i) =>
    confusion.first[i] !== item.truth ? confusion.first[i]! : confusion.second[i]!,
  );
  const sim = simulatePredictions(poolItems, taxonomy, "hard", {
    seed: o.seed,
    noiseRate: o.noiseRate,
    confusable,
    closest: confusion.first,
  });
  const totalIssues = poolItems.filter((_, i) => sim.wrong[i] || sim.isNew[i]).length;
  o.log(
    `${dataset}: ${m} labels, seed ${seedRows.length} texts, pool ${poolItems.length} (${sim.wrong.filter(Boolean).length} wrong, ${sim.isNew.filter(Boolean).length} new), test ${testItems.length}`,
  );
  const context: LoopContext = {
    o,
    dim,
    base,
    taxonomy,
    poolItems,
    seedLabels: Int32Array.from(seedRows, (t) => t.label),
    testTruth: Int32Array.from(testItems, (i) => i.truth),
    predicted: sim.predicted,
    wrong: sim.wrong,
    isNew: sim.isNew,
    totalIssues,
  };
  const strategies: Record<string, RoundRecord[]> = {};
  for (const strategy of o.strategies) {
    strategies[strategy] = runStrategy(
      context,
      strategy,
      (r) =>
        o.log(
          `${dataset} ${strategy} round ${r.round}: decisions ${r.decisions}, top1 ${r.top1.toFixed(3)}, found ${r.foundShare.toFixed(3)} (train ${r.trainSeconds.toFixed(1)} s, ${r.epochs} epochs)`,
        ),
      (r) =>
        o.log(
          `${dataset} ${strategy} round ${r.round}: decisions ${r.decisions}, top1 ${r.top1.toFixed(3)}, wrong AP ${r.wrongAp.toFixed(3)}, new AP ${r.newAp.toFixed(3)}, found ${r.foundShare.toFixed(3)} (train ${r.trainSeconds.toFixed(1)} s, ${r.epochs} epochs)`,
        ),
    );
  }
  return {
    dataset,
    seed: o.seed,
    labels: m,
    seedTexts: seedRows.length,
    pool: poolItems.length,
    test: testItems.length,
    issues: {
      wrong: sim.wrong.filter(Boolean).length,
      new: sim.isNew.filter(Boolean).length,
    },
    strategies,
  };
}

interface LoopContext {
  o: LoopOptions;
  dim: number;
  base: Space;
  taxonomy: string[][];
  poolItems: EvalItem[];
  seedLabels: Int32Array;
  testTruth: Int32Array;
  predicted: Int32Array;
  wrong: boolean[];
  isNew: boolean[];
  totalIssues: number;
}

function adapt(space: Space, adapter: DenseAdapter): Space {
  return {
    pool: applyAdapter(adapter, space.pool),
    labels: applyAdapter(adapter, space.labels),
    seed: applyAdapter(adapter, space.seed),
    test: applyAdapter(adapter, space.test),
  };
}

/** The detector over the pool in a space, with the seed and the decided creatives as reference. */
function score(ctx: LoopContext, space: Space, decided: Map<number, LoopDecision>): DetectorResult {
  const { dim } = ctx;
  const known = [...decided.entries()].filter(([, d]) => d.label >= 0);
  const refCount = ctx.seedLabels.length + known.length;
  const embeddings = new Float32Array(refCount * dim);
  embeddings.set(space.seed);
  const labels = new Int32Array(refCount);
  labels.set(ctx.seedLabels);
  const rowOfCreative = new Int32Array(ctx.poolItems.length).fill(-1);
  known.forEach(([i, d], k) => {
    const row = ctx.seedLabels.length + k;
    embeddings.set(space.pool.subarray(i * dim, (i + 1) * dim), row * dim);
    labels[row] = d.label;
    rowOfCreative[i] = row;
  });
  const reference = { embeddings, labels, rowOfCreative };
  const neighbours = findReferenceNeighbours(space.pool, dim, reference, 10);
  const decisions: Decision[] = [...decided.entries()].map(([i, d]) => ({
    creative: i,
    outcome: d.outcome,
    label: d.label >= 0 ? d.label : undefined,
  }));
  return detect({
    dim,
    texts: space.pool,
    labels: space.labels,
    labelPaths: ctx.taxonomy,
    predicted: ctx.predicted,
    reference: { ...reference, neighbours },
    decisions,
  });
}

function measure(
  ctx: LoopContext,
  space: Space,
  decided: Map<number, LoopDecision>,
): Pick<RoundRecord, "top1" | "foundShare"> {
  const nearest = nearestLabels(space.test, space.labels, ctx.dim);
  let hits = 0;
  nearest.forEach((l, i) => (hits += l === ctx.testTruth[i] ? 1 : 0));
  const found = [...decided.keys()].filter((i) => ctx.wrong[i] || ctx.isNew[i]).length;
  return {
    top1: hits / Math.max(1, nearest.length),
    foundShare: found / Math.max(1, ctx.totalIssues),
  };
}

/**
 * Wrong- and new-label AP of each round's scores on the creatives still undecided after the
 * last round. One fixed set for every round: measured on whatever is open at each round, AP
 * would fall as decisions take away the easy issues, whatever the space.
 */
function undecidedAps(
  ctx: LoopContext,
  scores: { wrong: Float32Array; new: Float32Array }[],
  decided: Map<number, LoopDecision>,
): { wrongAp: number; newAp: number }[] {
  const open = ctx.poolItems.flatMap((_, i) => (decided.has(i) ? [] : [i]));
  const knownOpen = open.filter((i) => !ctx.isNew[i]);
  return scores.map((s) => ({
    wrongAp: averagePrecision(
      knownOpen.map((i) => s.wrong[i]!),
      knownOpen.map((i) => ctx.wrong[i]!),
    ),
    newAp: averagePrecision(
      open.map((i) => s.new[i]!),
      open.map((i) => ctx.isNew[i]!),
    ),
  }));
}

/** The next k undecided creatives in the strategy's order. */
function nextBatch(
  ctx: LoopContext,
  strategy: LoopStrategy,
  result: DetectorResult,
  decided: Map<number, LoopDecision>,
  round: number,
): number[] {
  const open = ctx.poolItems.flatMap((_, i) => (decided.has(i) ? [] : [i]));
  if (strategy === "random") {
    return shuffleInPlace(open, createPrng(ctx.o.seed * 1000 + round)).slice(0, ctx.o.perRound);
  }
  const key =
    strategy === "uncertainty"
      ? (i: number) => result.signals.margin[i]!
      : (
          (s: Float32Array) => (i: number) =>
            -s[i]!
        )(detectorScore(result, ctx.predicted));
  return open.sort((a, b) => key(a) - key(b) || a - b).slice(0, ctx.o.perRound);
}

function runStrategy(
  ctx: LoopContext,
  strategy: LoopStrategy,
  onProgress: (r: Omit<RoundRecord, "wrongAp" | "newAp">) => void,
  onRound: (r: RoundRecord) => void,
): RoundRecord[] {
  const decided = new Map<number, LoopDecision>();
  let space = ctx.base;
  let result = score(ctx, space, decided);
  const records: Omit<RoundRecord, "wrongAp" | "newAp">[] = [];
  const scores: { wrong: Float32Array; new: Float32Array }[] = [];
  let trainSeconds = 0;
  let epochs = 0;
  for (let round = 0; ; round++) {
    const record = {
      round,
      decisions: decided.size,
      ...measure(ctx, space, decided),
      trainSeconds,
      epochs,
    };
    records.push(record);
    scores.push({ wrong: result.flags.wrong_label.score, new: result.flags.new_label.score });
    onProgress(record);
    if (round === ctx.o.rounds) break;
    for (const i of nextBatch(ctx, strategy, result, decided, round)) {
      const item = ctx.poolItems[i]!;
      decided.set(i, {
        outcome:
          item.truth < 0
            ? "new_label"
            : item.truth === ctx.predicted[i]
              ? "confirmed"
              : "corrected",
        label: item.truth,
      });
    }
    if (strategy !== "noretrain") {
      const unflagged = ctx.poolItems.flatMap((_, i) =>
        decided.has(i) ||
        isFlagged(result, ctx.predicted, "wrong_label", i) ||
        isFlagged(result, ctx.predicted, "new_label", i)
          ? []
          : [i],
      );
      const set = loopPairs({
        dim: ctx.dim,
        base: ctx.base,
        predicted: ctx.predicted,
        decided,
        imported: sampleUpTo(unflagged, maxImportedLabelPairs, createPrng(ctx.o.seed + round)),
        importedWeight: importedLabelWeight,
        seedLabels: ctx.seedLabels,
        nearestWrong: (i) => secondBest(result, i, ctx.predicted[i]!),
      });
      const started = performance.now();
      const trained = trainAdapter(set, { seed: ctx.o.seed, ...ctx.o.train });
      trainSeconds = (performance.now() - started) / 1000;
      epochs = trained.history.length;
      space = adapt(ctx.base, trained.adapter);
    }
    result = score(ctx, space, decided);
  }
  const aps = undecidedAps(ctx, scores, decided);
  const full = records.map((r, i) => ({ ...r, ...aps[i]! }));
  full.forEach(onRound);
  return full;
}

/** The best label other than `label` by the current space (the strongest wrong suggestion). */
function secondBest(result: DetectorResult, i: number, label: number): number {
  const { topLabels, topK } = result.signals;
  for (let k = 0; k < topK; k++) {
    const l = topLabels[i * topK + k]!;
    if (l !== label && l >= 0) return l;
  }
  return -1;
}
