/**
 * `npm run eval -- [--data file.tsv]... [--seed N] [--noise 0.1]`: the detector's evaluation
 * harness (issue 4's protocol). Each dataset: the bundled encoder architecture trained on its
 * training split, label noise injected at random and confusion-driven ("hard"), the detector and
 * the baselines scored on the test split. Writes a markdown table and JSON under `.eval/` and
 * prints, as the last line, the hard mode's summary of the last dataset. With no `--data`: the
 * demo dataset's ground truth, then CLINC150 and the Amazon toys titles from ../shared/data;
 * `--data demo` names the demo dataset alone.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { prepareEvaluation } from "@/lib/core/eval/protocol";
import { readDemoEvaluation, readEvalTsv } from "@/lib/eval/read";
import { markdownReport, summaryLine } from "@/lib/eval/report";
import { evaluateDataset, type DatasetReport } from "@/lib/eval/run";
import { parseCommandLine } from "./args";

const sharedDatasets = [
  "../shared/data/clinc150/clinc150_full_with_paths.tsv",
  "../shared/data/amazon-uk-toys/amazon_uk_toys_titles_paths.tsv",
];

function main(): void {
  const { values } = parseCommandLine(
    "Usage: npm run eval -- [--data file.tsv]... [--seed N] [--noise RATE] [--out DIR]",
    {
      data: { type: "string", multiple: true },
      seed: { type: "string" },
      noise: { type: "string" },
      out: { type: "string" },
    },
  );
  const seed = Number(values.seed ?? 1);
  const noiseRate = Number(values.noise ?? 0.1);
  const outDir = resolve(values.out ?? ".eval");
  const log = (line: string) => console.error(line);
  const reports: DatasetReport[] = [];
  const requested = values.data ?? [];
  const files = requested.filter((f) => f !== "demo");
  if (requested.length === 0 || requested.includes("demo")) {
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
  if (requested.length === 0) {
    for (const file of sharedDatasets) {
      if (existsSync(file)) files.push(file);
      else console.log(`skipping ${file}: not found (the shared data folder is absent)`);
    }
  }
  for (const file of files) {
    const rows = readEvalTsv(file);
    const name = basename(file).replace(/\.tsv$/, "");
    const hasPredictions = rows.some((r) => r.predicted);
    reports.push(
      evaluateDataset(name, prepareEvaluation(rows, { seed }), {
        seed,
        noiseRate,
        modes: hasPredictions ? ["given"] : ["random", "hard"],
        log,
      }),
    );
  }
  mkdirSync(outDir, { recursive: true });
  const markdown = reports.map(markdownReport).join("\n\n");
  writeFileSync(join(outDir, "report.md"), `# Detector evaluation\n\n${markdown}\n`);
  writeFileSync(join(outDir, "report.json"), `${JSON.stringify(reports, null, 2)}\n`);
  console.log(markdown);
  console.log(`\nwritten: ${join(outDir, "report.md")}, ${join(outDir, "report.json")}`);
  for (const report of reports) {
    const mode = report.modes.find((m) => m.mode === "hard") ?? report.modes.at(-1)!;
    console.log(summaryLine(report, mode));
  }
}

main();
