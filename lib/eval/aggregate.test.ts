import { describe, expect, it } from "vitest";
import type { MethodScores } from "@/lib/core/eval/score";
import { aggregateReports, bestBaseline, bestBaselineMean, meanStd } from "./aggregate";
import { headlineMode, markdownReport, summaryLine } from "./report";
import type { DatasetReport, EvalMode, ModeReport } from "./run";

const scores = (wrongAuroc: number, wrongAp: number, newAuroc: number, newAp: number) =>
  ({ wrongAuroc, wrongAp, newAuroc, newAp, pAtK: 0.5, fixTop5: NaN }) satisfies MethodScores;

const modeReport = (
  mode: EvalMode,
  detector: MethodScores,
  baselines: Record<string, MethodScores>,
): ModeReport => ({
  mode,
  counts: { test: 100, wrong: 10, new: 5, calibrationDecisions: 20 },
  combiner: { wrong_label: "logistic", new_label: "percentile", temperature: 0.05 },
  detector,
  baselines,
});

const report = (seed: number, modes: ModeReport[]): DatasetReport => ({
  dataset: "toy",
  seed,
  labels: 10,
  heldOutLabels: 2,
  train: 50,
  seconds: { encoder: 1, total: 2 },
  modes,
});

// seed 1: the detector leads everywhere; seed 2: "knn" beats it on new AP by 0.05
const reports = [
  report(1, [
    modeReport("random", scores(0.9, 0.8, 0.9, 0.6), { random: scores(0.5, 0.1, 0.5, 0.05) }),
    modeReport("hard", scores(0.9, 0.7, 0.8, 0.5), {
      random: scores(0.5, 0.1, 0.5, 0.05),
      knn: scores(0.8, 0.6, 0.7, 0.4),
    }),
  ]),
  report(2, [
    modeReport("random", scores(0.8, 0.6, 0.9, 0.6), { random: scores(0.5, 0.1, NaN, 0.05) }),
    modeReport("hard", scores(0.7, 0.5, 0.6, 0.3), {
      random: scores(0.5, 0.1, 0.5, 0.05),
      knn: scores(0.6, 0.4, 0.5, 0.35),
    }),
  ]),
];

describe("meanStd", () => {
  it("gives the sample standard deviation and leaves NaN out", () => {
    const s = meanStd([1, 2, 3, NaN]);
    expect(s.mean).toBe(2);
    expect(s.std).toBe(1);
    expect(s.count).toBe(3);
    expect(meanStd([0.7]).std).toBeNaN();
    expect(meanStd([NaN]).mean).toBeNaN();
  });
});

describe("aggregateReports", () => {
  const [summary] = aggregateReports(reports);
  const hard = summary!.modes.find((m) => m.mode === "hard")!;

  it("groups seeds per dataset and mode", () => {
    expect(summary!.seeds).toEqual([1, 2]);
    expect(summary!.modes.map((m) => m.mode)).toEqual(["random", "hard"]);
    expect(hard.detector.wrongAuroc.mean).toBeCloseTo(0.8, 10);
    expect(hard.detector.wrongAuroc.std).toBeCloseTo(Math.SQRT2 * 0.1, 10);
    expect(hard.baselines.knn!.newAp.mean).toBeCloseTo(0.375, 10);
  });

  it("takes the worst seed's margin over that seed's best baseline, NaN ignored", () => {
    expect(hard.minMargin.wrongAuroc).toBeCloseTo(0.1, 10);
    expect(hard.minMargin.newAp).toBeCloseTo(-0.05, 10);
    const random = summary!.modes[0]!;
    expect(random.minMargin.newAuroc).toBeCloseTo(0.4, 10); // seed 2's random has no new AUROC
    expect(random.baselines.random!.newAuroc.count).toBe(1);
  });

  it("finds the best baseline per seed and by mean", () => {
    expect(bestBaseline(reports[1]!.modes[1]!, "newAp")).toBe(0.35);
    expect(bestBaseline({ baselines: { a: scores(NaN, NaN, NaN, NaN) } }, "newAp")).toBeNaN();
    expect(bestBaselineMean(hard, "wrongAuroc")).toEqual({ name: "knn", mean: 0.7 });
  });

  it("prints the summary line with the old keys as means, then margins and seeds", () => {
    const line = summaryLine(summary!, headlineMode(summary!));
    expect(line).toBe(
      "dataset=toy mode=hard wrong_auroc=0.800 wrong_ap=0.600 new_auroc=0.700 new_ap=0.400 " +
        "p_at_k=0.500 fix_top5=- best_baseline_wrong_auroc=0.700 best_baseline_new_auroc=0.600 " +
        "best_baseline_wrong_ap=0.500 best_baseline_new_ap=0.375 seeds=2 " +
        "min_margin_wrong_auroc=0.100 min_margin_wrong_ap=0.100 min_margin_new_auroc=0.100 " +
        "min_margin_new_ap=-0.050",
    );
  });

  it("writes mean ± std cells and a margin row per mode", () => {
    const md = markdownReport(summary!);
    expect(md).toContain("seeds 1, 2");
    expect(md).toContain("| **detector** | 0.800 ± 0.141 | 0.600 ± 0.141 | 0.700 ± 0.141 |");
    expect(md).toContain(
      "| min margin over best baseline | +0.100 | +0.100 | +0.100 | -0.050 | | |",
    );
    expect(md.match(/^### /gm)).toHaveLength(2);
  });

  it("falls back to the last mode where there is no hard one", () => {
    const [given] = aggregateReports([
      report(1, [modeReport("given", scores(0.9, 0.8, 0.9, 0.6), {})]),
    ]);
    expect(headlineMode(given!).mode).toBe("given");
    expect(summaryLine(given!, headlineMode(given!))).toContain("best_baseline_new_ap=- seeds=1");
  });
});
