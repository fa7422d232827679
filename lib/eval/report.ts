import {
  bestBaselineMean,
  marginMetrics,
  metrics,
  type DatasetSummary,
  type MeanStd,
  type MethodSummary,
  type ModeSummary,
} from "./aggregate";

export { bestBaseline } from "./aggregate";

const f3 = (v: number) => (Number.isNaN(v) ? "-" : v.toFixed(3));

/** `mean ± std`, or the mean alone where one seed gives no deviation. */
const cell = (s: MeanStd) => (Number.isNaN(s.std) ? f3(s.mean) : `${f3(s.mean)} ± ${f3(s.std)}`);

/** Seeds as a reader writes them: `1-5` for a run of consecutive seeds, else `1, 3`. */
export function seedList(seeds: readonly number[]): string {
  const run = seeds.every((s, i) => i === 0 || s === seeds[i - 1]! + 1);
  return run && seeds.length > 2 ? `${seeds[0]}-${seeds.at(-1)}` : seeds.join(", ");
}

const signed = (v: number) => (Number.isNaN(v) ? "-" : `${v >= 0 ? "+" : ""}${v.toFixed(3)}`);

/**
 * A markdown table per mode: the detector and every baseline, each figure as mean ± sample
 * standard deviation over the seeds, and a last row with each detection figure's smallest margin
 * over the best baseline of the same seed (negative: some baseline won on some seed).
 */
export function markdownReport(summary: DatasetSummary): string {
  const lines = [
    `## ${summary.dataset}`,
    "",
    `${summary.labels} labels in the taxonomy (${summary.heldOutLabels} leaf labels held out as missing), ` +
      `${Math.round(summary.train)} training texts, seeds ${seedList(summary.seeds)}; ` +
      `about ${summary.seconds.toFixed(0)} s per seed.`,
  ];
  for (const mode of summary.modes) {
    const c = mode.counts;
    lines.push(
      "",
      `### ${mode.mode} predictions: ${c.test.toFixed(0)} test items, ${c.wrong.toFixed(0)} wrong, ` +
        `${c.new.toFixed(0)} new (means over ${mode.seeds.length} seeds); ` +
        `${c.calibrationDecisions.toFixed(0)} calibration decisions; combiner ${mode.combiners.join(", ")}`,
      "",
      "| method | wrong AUROC | wrong AP | new AUROC | new AP | P@k | fix in top 5 |",
      "| --- | --- | --- | --- | --- | --- | --- |",
    );
    const row = (name: string, s: MethodSummary) =>
      `| ${name} | ${metrics.map((m) => cell(s[m])).join(" | ")} |`;
    lines.push(row("**detector**", mode.detector));
    for (const [name, s] of Object.entries(mode.baselines)) lines.push(row(name, s));
    lines.push(
      `| min margin over best baseline | ${marginMetrics.map((m) => signed(mode.minMargin[m])).join(" | ")} | | |`,
    );
  }
  return lines.join("\n");
}

/**
 * The one-line summary of a mode over seeds, the format scripts and the closing notes read: the
 * detector's means under the keys a single-seed run always printed, the best baseline's mean
 * (best by mean), and the worst seed's margin of each detection figure.
 */
export function summaryLine(summary: DatasetSummary, mode: ModeSummary): string {
  const d = mode.detector;
  const best = (m: (typeof marginMetrics)[number]) => f3(bestBaselineMean(mode, m).mean);
  return [
    `dataset=${summary.dataset}`,
    `mode=${mode.mode}`,
    `wrong_auroc=${f3(d.wrongAuroc.mean)}`,
    `wrong_ap=${f3(d.wrongAp.mean)}`,
    `new_auroc=${f3(d.newAuroc.mean)}`,
    `new_ap=${f3(d.newAp.mean)}`,
    `p_at_k=${f3(d.pAtK.mean)}`,
    `fix_top5=${f3(d.fixTop5.mean)}`,
    `best_baseline_wrong_auroc=${best("wrongAuroc")}`,
    `best_baseline_new_auroc=${best("newAuroc")}`,
    `best_baseline_wrong_ap=${best("wrongAp")}`,
    `best_baseline_new_ap=${best("newAp")}`,
    `seeds=${mode.seeds.length}`,
    `min_margin_wrong_auroc=${f3(mode.minMargin.wrongAuroc)}`,
    `min_margin_wrong_ap=${f3(mode.minMargin.wrongAp)}`,
    `min_margin_new_auroc=${f3(mode.minMargin.newAuroc)}`,
    `min_margin_new_ap=${f3(mode.minMargin.newAp)}`,
  ].join(" ");
}

/** The mode a dataset's summary line reports: hard noise where it ran, else the last mode. */
export function headlineMode(summary: DatasetSummary): ModeSummary {
  return summary.modes.find((m) => m.mode === "hard") ?? summary.modes.at(-1)!;
}
