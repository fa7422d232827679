import type { MethodScores } from "@/lib/core/eval/score";
import type { DatasetReport, ModeReport } from "./run";

const f3 = (v: number) => (Number.isNaN(v) ? "-" : v.toFixed(3));

/** The best baseline value of a metric in one mode (random included, NaN ignored). */
export function bestBaseline(mode: ModeReport, metric: keyof MethodScores): number {
  return Math.max(
    ...Object.values(mode.baselines)
      .map((b) => b[metric])
      .filter((v) => !Number.isNaN(v)),
  );
}

/** A markdown table per mode: the detector and every baseline on every metric. */
export function markdownReport(report: DatasetReport): string {
  const lines = [
    `## ${report.dataset}`,
    "",
    `${report.labels} labels in the taxonomy (${report.heldOutLabels} leaf labels held out as missing), ` +
      `${report.train} training texts, seed ${report.seed}; encoder trained in ` +
      `${report.seconds.encoder.toFixed(0)} s, whole run ${report.seconds.total.toFixed(0)} s.`,
  ];
  for (const mode of report.modes) {
    const c = mode.counts;
    lines.push(
      "",
      `### ${mode.mode} predictions: ${c.test} test items, ${c.wrong} wrong, ${c.new} new; ` +
        `${c.calibrationDecisions} calibration decisions; combiner ${mode.combiner.wrong_label}/` +
        `${mode.combiner.new_label}, T = ${mode.combiner.temperature.toFixed(3)}`,
      "",
      "| method | wrong AUROC | wrong AP | new AUROC | new AP | P@k | fix in top 5 |",
      "| --- | --- | --- | --- | --- | --- | --- |",
    );
    const row = (name: string, s: MethodScores) =>
      `| ${name} | ${f3(s.wrongAuroc)} | ${f3(s.wrongAp)} | ${f3(s.newAuroc)} | ${f3(s.newAp)} | ${f3(s.pAtK)} | ${f3(s.fixTop5)} |`;
    lines.push(row("**detector**", mode.detector));
    for (const [name, s] of Object.entries(mode.baselines)) lines.push(row(name, s));
  }
  return lines.join("\n");
}

/** The one-line summary of a mode, the format scripts and the closing notes read. */
export function summaryLine(report: DatasetReport, mode: ModeReport): string {
  const d = mode.detector;
  return [
    `dataset=${report.dataset}`,
    `mode=${mode.mode}`,
    `wrong_auroc=${f3(d.wrongAuroc)}`,
    `wrong_ap=${f3(d.wrongAp)}`,
    `new_auroc=${f3(d.newAuroc)}`,
    `new_ap=${f3(d.newAp)}`,
    `p_at_k=${f3(d.pAtK)}`,
    `fix_top5=${f3(d.fixTop5)}`,
    `best_baseline_wrong_auroc=${f3(bestBaseline(mode, "wrongAuroc"))}`,
    `best_baseline_new_auroc=${f3(bestBaseline(mode, "newAuroc"))}`,
  ].join(" ");
}
