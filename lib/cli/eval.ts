/**
 * `npm run eval -- [--data file.tsv]... [--seeds 1-5 | --seed N] [--noise 0.1]`: the detector's
 * evaluation harness (issue 4's protocol, measured over seeds as issue 13 asks). Each dataset and
 * seed: the split drawn, the bundled encoder architecture trained on its training split, label
 * noise injected at random and confusion-driven ("hard"), the detector and the baselines scored
 * on the test split. Writes markdown tables of mean ± standard deviation over the seeds and JSON
 * (summaries and every seed's report) under `.eval/`, and prints a summary line per dataset, the
 * last line being the hard mode of the last dataset. Progress goes to stderr. With no `--data`:
 * the demo dataset's ground truth, then CLINC150 and the Amazon toys titles from ../shared/data;
 * `--data demo` names the demo dataset alone.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { prepareEvaluation } from "@/lib/core/eval/protocol";
import { aggregateReports } from "@/lib/eval/aggregate";
import { readDemoEvaluation, readEvalTsv } from "@/lib/eval/read";
import { headlineMode, markdownReport, summaryLine } from "@/lib/eval/report";
import { evaluateDataset, type DatasetReport } from "@/lib/eval/run";
import { parseSeeds } from "@/lib/eval/seeds";
import { parseCommandLine } from "./args";

const sharedDatasets = [
  "../shared/data/clinc150/clinc150_full_with_paths.tsv",
  "../shared/data/amazon-uk-toys/amazon_uk_toys_titles_paths.tsv",
];

const usage =
  "Usage: npm run eval -- [--data file.tsv]... [--seeds 1-5 | --seed N] [--noise RATE] [--out DIR]";

function main(): void {
  const { values } = parseCommandLine(usage, {
    data: { type: "string", multiple: true },
    seeds: { type: "string" },
    seed: { type: "string" },
    noise: { type: "string" },
    out: { type: "string" },
  });
  if (values.seed !== undefined && values.seeds !== undefined) {
    console.error(`--seed and --seeds name the same thing; give one\n\n${usage}`);
    process.exit(2);
  }
  let seeds: number[];
  try {
    seeds = parseSeeds(values.seed ?? values.seeds ?? "1-5");
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    process.exit(2);
  }
  const noiseRate = Number(values.noise ?? 0.1);
  const outDir = resolve(values.out ?? ".eval");
  const log = (line: string) => console.error(line);
  const reports: DatasetReport[] = [];
  const requested = values.data ?? [];
  const files = requested.filter((f) => f !== "demo");
  if (requested.length === 0 || requested.includes("demo")) {
    for (const seed of seeds) {
      const demo = readDemoEvaluation(process.cwd(), seed);
      reports.push(
        evaluateDataset("demo", demo.prepared, {
          seed,
          noiseRate,
          modes: ["given"],
          generative: demo.generative,
          log,
        }),
      );
    }
  }
  if (requested.length === 0) {
    for (const file of sharedDatasets) {
      if (existsSync(file)) files.push(file);
      else log(`skipping ${file}: not found (the shared data folder is absent)`);
    }
  }
  for (const file of files) {
    const rows = readEvalTsv(file);
    const name = basename(file).replace(/\.tsv$/, "");
    const hasPredictions = rows.some((r) => r.predicted);
    for (const seed of seeds) {
      log(`${name}: seed ${seed}`);
      reports.push(
        evaluateDataset(name, prepareEvaluation(rows, { seed }), {
          seed,
          noiseRate,
          modes: hasPredictions ? ["given"] : ["random", "hard"],
          log,
        }),
      );
    }
  }
  const summaries = aggregateReports(reports);
  mkdirSync(outDir, { recursive: true });
  const markdown = summaries.map(markdownReport).join("\n\n");
  writeFileSync(join(outDir, "report.md"), `# Detector evaluation\n\n${markdown}\n`);
  writeFileSync(
    join(outDir, "report.json"),
    `${JSON.stringify({ seeds, summaries, reports }, null, 2)}\n`,
  );
  console.log(markdown);
  console.log(`\nwritten: ${join(outDir, "report.md")}, ${join(outDir, "report.json")}`);
  for (const summary of summaries) console.log(summaryLine(summary, headlineMode(summary)));
}

main();
