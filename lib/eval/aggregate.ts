import type { MethodScores } from "@/lib/core/eval/score";
import type { DatasetReport, EvalMode, ModeReport } from "./run";

/**
 * Seeds folded into the figures a paper reports: per dataset, mode, method and metric the mean
 * and sample standard deviation over seeds, and for the four detection figures the worst seed's
 * margin of the detector over the best baseline, so "ahead on average" cannot hide a seed where
 * a baseline wins. Pure functions over the per-seed reports.
 */

export type Metric = keyof MethodScores;

/** Every metric of a method, in table order. */
export const metrics: readonly Metric[] = [
  "wrongAuroc",
  "wrongAp",
  "newAuroc",
  "newAp",
  "pAtK",
  "fixTop5",
];

/** The four detection figures the margins are taken on (baselines have no suggestions). */
export const marginMetrics = ["wrongAuroc", "wrongAp", "newAuroc", "newAp"] as const;
export type MarginMetric = (typeof marginMetrics)[number];

export interface MeanStd {
  mean: number;
  /** Sample standard deviation (n - 1); NaN with fewer than two values. */
  std: number;
  /** How many seeds had a value (NaN ignored). */
  count: number;
}

export type MethodSummary = Record<Metric, MeanStd>;

export interface ModeSummary {
  mode: EvalMode;
  seeds: number[];
  /** Mean counts over seeds (the splits differ slightly per seed). */
  counts: ModeReport["counts"];
  /** The combiner choices seen over the seeds, e.g. `logistic/percentile`. */
  combiners: string[];
  detector: MethodSummary;
  baselines: Record<string, MethodSummary>;
  /** Min over seeds of detector minus that seed's best baseline (NaN where no seed had both). */
  minMargin: Record<MarginMetric, number>;
}

export interface DatasetSummary {
  dataset: string;
  seeds: number[];
  labels: number;
  heldOutLabels: number;
  /** Mean training texts and seconds per seed. */
  train: number;
  seconds: number;
  modes: ModeSummary[];
}

/** Mean and sample standard deviation, NaN values left out. */
export function meanStd(values: readonly number[]): MeanStd {
  const kept = values.filter((v) => !Number.isNaN(v));
  const count = kept.length;
  if (count === 0) return { mean: NaN, std: NaN, count };
  const mean = kept.reduce((a, b) => a + b, 0) / count;
  const variance = kept.reduce((a, v) => a + (v - mean) ** 2, 0) / (count - 1);
  return { mean, std: count > 1 ? Math.sqrt(variance) : NaN, count };
}

/** The best baseline value of a metric in one mode (random included, NaN ignored; NaN if none). */
export function bestBaseline(mode: Pick<ModeReport, "baselines">, metric: Metric): number {
  const values = Object.values(mode.baselines)
    .map((b) => b[metric])
    .filter((v) => !Number.isNaN(v));
  return values.length ? Math.max(...values) : NaN;
}

/** The best baseline by mean over seeds: its name and mean (NaN and "" when none has one). */
export function bestBaselineMean(
  mode: ModeSummary,
  metric: Metric,
): { name: string; mean: number } {
  let best = { name: "", mean: NaN };
  for (const [name, s] of Object.entries(mode.baselines)) {
    if (!Number.isNaN(s[metric].mean) && !(s[metric].mean <= best.mean)) {
      best = { name, mean: s[metric].mean };
    }
  }
  return best;
}

function summarise(scores: readonly MethodScores[]): MethodSummary {
  return Object.fromEntries(
    metrics.map((m) => [m, meanStd(scores.map((s) => s[m]))]),
  ) as MethodSummary;
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** One mode over seeds: `runs` are that mode's reports, one per seed, with their seeds. */
export function summariseMode(runs: readonly { seed: number; mode: ModeReport }[]): ModeSummary {
  const modes = runs.map((r) => r.mode);
  const names = [...new Set(modes.flatMap((m) => Object.keys(m.baselines)))];
  const minMargin = Object.fromEntries(
    marginMetrics.map((metric) => {
      const margins = modes
        .map((m) => m.detector[metric] - bestBaseline(m, metric))
        .filter((v) => !Number.isNaN(v));
      return [metric, margins.length ? Math.min(...margins) : NaN];
    }),
  ) as Record<MarginMetric, number>;
  return {
    mode: modes[0]!.mode,
    seeds: runs.map((r) => r.seed),
    counts: {
      test: mean(modes.map((m) => m.counts.test)),
      wrong: mean(modes.map((m) => m.counts.wrong)),
      new: mean(modes.map((m) => m.counts.new)),
      calibrationDecisions: mean(modes.map((m) => m.counts.calibrationDecisions)),
    },
    combiners: [...new Set(modes.map((m) => `${m.combiner.wrong_label}/${m.combiner.new_label}`))],
    detector: summarise(modes.map((m) => m.detector)),
    baselines: Object.fromEntries(
      names.map((name) => [
        name,
        summarise(modes.flatMap((m) => (m.baselines[name] ? [m.baselines[name]] : []))),
      ]),
    ),
    minMargin,
  };
}

/**
 * Groups per-seed reports by dataset (in first-seen order) and mode, and summarises each. A
 * dataset's fixed facts (label counts) come from its first report.
 */
export function aggregateReports(reports: readonly DatasetReport[]): DatasetSummary[] {
  const byDataset = new Map<string, DatasetReport[]>();
  for (const r of reports) byDataset.set(r.dataset, [...(byDataset.get(r.dataset) ?? []), r]);
  return [...byDataset.entries()].map(([dataset, runs]) => {
    const modeNames = [...new Set(runs.flatMap((r) => r.modes.map((m) => m.mode)))];
    return {
      dataset,
      seeds: runs.map((r) => r.seed),
      labels: runs[0]!.labels,
      heldOutLabels: runs[0]!.heldOutLabels,
      train: mean(runs.map((r) => r.train)),
      seconds: mean(runs.map((r) => r.seconds.total)),
      modes: modeNames.map((name) =>
        summariseMode(
          runs.flatMap((r) => {
            const mode = r.modes.find((m) => m.mode === name);
            return mode ? [{ seed: r.seed, mode }] : [];
          }),
        ),
      ),
    };
  });
}
