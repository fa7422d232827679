import { detect, detectorScore, findReferenceNeighbours } from "@/lib/core/detector";
import type { Decision, DetectorInput, ReferenceSet } from "@/lib/core/detector/types";
import { embedTexts } from "@/lib/core/encoder/embed";
import { WordPieceTokenizer } from "@/lib/core/encoder/wordpiece";
import { baselineScores } from "@/lib/core/eval/baselines";
import { nearestCentroidTop2 } from "@/lib/core/eval/confusion";
import { simulatePredictions, type NoiseMode } from "@/lib/core/eval/noise";
import { labelKey, type PreparedEvaluation } from "@/lib/core/eval/protocol";
import { scoreMethod, type MethodScores, type Truth } from "@/lib/core/eval/score";
import {
  fitSoftmaxRegression,
  predictSoftmaxRegression,
} from "@/lib/core/classifier/softmax-regression";
import { fitTfidf, transformTfidf } from "@/lib/core/classifier/tfidf";
import { buildStaticEncoder } from "@/lib/model-build/build";

/** How the scored items got their predictions: simulated noise, or the file's own. */
export type EvalMode = NoiseMode | "given";

export interface ModeReport {
  mode: EvalMode;
  counts: { test: number; wrong: number; new: number; calibrationDecisions: number };
  combiner: { wrong_label: string; new_label: string; temperature: number };
  detector: MethodScores;
  baselines: Record<string, MethodScores>;
}

export interface DatasetReport {
  dataset: string;
  seed: number;
  labels: number;
  heldOutLabels: number;
  train: number;
  seconds: { encoder: number; total: number };
  modes: ModeReport[];
}

export interface EvaluateOptions {
  seed: number;
  noiseRate: number;
  modes: EvalMode[];
  generative?: readonly (string | undefined)[];
  log: (line: string) => void;
}

const elapsed = (since: number) => `${((performance.now() - since) / 1000).toFixed(0)} s`;

/** Unit-row embeddings of texts with the trained encoder (the same math as the app's). */
type Embed = (texts: readonly string[]) => Float32Array;

/**
 * Runs the protocol on one prepared dataset: trains the bundled encoder architecture on the
 * training split only, embeds everything, searches neighbours once, trains the TF-IDF baseline,
 * then for each mode simulates predictions, runs the detector (its combiner and thresholds fitted
 * on the calibration part's ground truth, as annotator decisions) and scores it and the
 * baselines on the test part.
 */
export function evaluateDataset(
  dataset: string,
  prepared: PreparedEvaluation,
  o: EvaluateOptions,
): DatasetReport {
  const started = performance.now();
  const { taxonomy, train, items } = prepared;
  const m = taxonomy.length;
  o.log(
    `${dataset}: ${m} labels (${prepared.heldOutLabels.length} held out), ${train.length} training texts, ${items.length} scored items`,
  );
  const built = buildStaticEncoder({
    texts: train.map((t) => t.text),
    labelPaths: train.map((t) => taxonomy[t.label]!),
    taxonomyLabelPaths: taxonomy,
    seed: o.seed,
  });
  const encoderSeconds = (performance.now() - started) / 1000;
  const keys = taxonomy.map(labelKey);
  if (built.labelKeys.slice(0, m).some((k, i) => k !== keys[i])) {
    throw new Error("encoder label order differs from the taxonomy");
  }
  const tokenizer = new WordPieceTokenizer(built.vocab);
  const dim = built.model.dim;
  const embed: Embed = (texts) => embedTexts(tokenizer, built.model, texts);
  const labels = embed(built.labelTexts.slice(0, m));
  const texts = embed(items.map((i) => i.text));
  const reference: ReferenceSet = {
    embeddings: embed(train.map((t) => t.text)),
    labels: Int32Array.from(train, (t) => t.label),
    texts: train.map((t) => t.text),
  };
  reference.neighbours = findReferenceNeighbours(texts, dim, reference, 10);
  const generative = o.generative ? embed(o.generative.map((g) => g ?? "")) : undefined;
  if (generative && o.generative) {
    o.generative.forEach((g, i) => {
      if (!g) generative.fill(0, i * dim, (i + 1) * dim);
    });
  }
  o.log(`${dataset}: encoder ${encoderSeconds.toFixed(1)} s, embedded and searched neighbours`);

  const tfidf = fitTfidf(train.map((t) => t.text));
  const classifier = fitSoftmaxRegression(
    transformTfidf(
      tfidf,
      train.map((t) => t.text),
    ),
    Int32Array.from(train, (t) => t.label),
    m,
    { seed: o.seed },
  );
  const lrProbabilities = predictSoftmaxRegression(
    classifier,
    transformTfidf(
      tfidf,
      items.map((i) => i.text),
    ),
  );
  const confusion = nearestCentroidTop2(
    train.map((t) => t.text),
    Int32Array.from(train, (t) => t.label),
    m,
    items.map((i) => i.text),
  );
  o.log(`${dataset}: TF-IDF baseline and confusion model ready at ${elapsed(started)}`);
  const confusable = Int32Array.from(items, (item, i) =>
    confusion.first[i] !== item.truth ? confusion.first[i]! : confusion.second[i]!,
  );

  const test = items.flatMap((item, i) => (item.part === "test" ? [i] : []));
  const modes = o.modes.map((mode): ModeReport => {
    const sim =
      mode === "given"
        ? {
            predicted: Int32Array.from(items, (i) => i.givenPredicted),
            wrong: items.map((i) => i.truth >= 0 && i.givenPredicted !== i.truth),
            isNew: items.map((i) => i.truth < 0),
          }
        : simulatePredictions(items, taxonomy, mode, {
            seed: o.seed,
            noiseRate: o.noiseRate,
            confusable,
            closest: confusion.first,
          });
    const decisions: Decision[] = items.flatMap((item, i): Decision[] =>
      item.part !== "calibration"
        ? []
        : [
            {
              creative: i,
              outcome: sim.isNew[i] ? "new_label" : sim.wrong[i] ? "corrected" : "confirmed",
              label: item.truth >= 0 ? item.truth : undefined,
            },
          ],
    );
    const input: DetectorInput = {
      dim,
      texts,
      creativeTexts: items.map((i) => i.text),
      labels,
      labelPaths: taxonomy,
      predicted: sim.predicted,
      generative,
      reference,
      decisions,
    };
    const result = detect(input);
    const truth: Truth = {
      test,
      wrong: sim.wrong,
      isNew: sim.isNew,
      truth: items.map((i) => i.truth),
    };
    const detector = scoreMethod(
      truth,
      {
        wrong: result.flags.wrong_label.score,
        new: result.flags.new_label.score,
        queue: detectorScore(result, sim.predicted),
      },
      result.suggestions,
    );
    const baselines = Object.fromEntries(
      baselineScores({
        signals: result.signals,
        predicted: sim.predicted,
        tfidfProbabilities: lrProbabilities,
        classes: m,
        seed: o.seed,
        dim,
        embeddings: texts,
        reference,
      }).map((b) => [b.name, scoreMethod(truth, b)]),
    );
    o.log(
      `${dataset} ${mode}: wrong AUROC ${detector.wrongAuroc.toFixed(3)}, new AUROC ${detector.newAuroc.toFixed(3)}`,
    );
    return {
      mode,
      counts: {
        test: test.length,
        wrong: test.filter((i) => sim.wrong[i]).length,
        new: test.filter((i) => sim.isNew[i]).length,
        calibrationDecisions: decisions.length,
      },
      combiner: {
        wrong_label: result.flags.wrong_label.choice ?? result.flags.wrong_label.kind,
        new_label: result.flags.new_label.choice ?? result.flags.new_label.kind,
        temperature: result.signals.temperature,
      },
      detector,
      baselines,
    };
  });
  return {
    dataset,
    seed: o.seed,
    labels: m,
    heldOutLabels: prepared.heldOutLabels.length,
    train: train.length,
    seconds: { encoder: encoderSeconds, total: (performance.now() - started) / 1000 },
    modes,
  };
}
