/**
 * `npm run eval:queue`: how many of the first creatives the demo's queue serves really need a
 * fix, with and without the supervised head, on the app's own path: the whole demo library
 * embedded with the bundled model in Node, its shipped predictions and generative labels, no
 * decisions yet (the first session), `runDetector` as the queue stores it. A served creative is
 * right to serve when the demo's ground truth says its label is wrong or missing. Then the first
 * `decided` served creatives are answered from the ground truth (as annotators would: confirm,
 * correct to the true label, or call it new) and the detector runs again, once with the head
 * and once without; the undecided rest of the queue is measured the same way. The last line is
 * `creatives=... precision_at_K=... decided=... remaining_needs_fix=... after_served=... after_found=...
 * after_precision_at_K=...
 * after_precision_at_K_without_head=...` for K in 25, 50, 100, 200.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { runDetector } from "@/lib/core/detector/run";
import {
  buildDetectorInput,
  generativeLabelText,
  type RunInputs,
} from "@/lib/core/detector/runInput";
import { labelKey } from "@/lib/core/eval/protocol";
import { defaultModel, labelTextFor } from "@/lib/core/models/registry";
import { splitPath } from "@/lib/demo/taxonomy";
import { readDemoEvaluation } from "@/lib/eval/read";
import { loadNodeEmbedder } from "@/lib/ml/embedding/nodeEnvironment";

const creativeRow = z.object({
  id: z.string(),
  text: z.string(),
  predicted_label: z.string(),
  generative_label: z.string().optional(),
});
const truthRow = z.object({ id: z.string(), issue: z.string(), true_label: z.string() });
const cutoffs = [25, 50, 100, 200];

function readJsonl<T>(file: string, schema: z.ZodType<T>): T[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim().length > 0)
    .map((line, i) => {
      const parsed = schema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file} line ${i + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

const decidedCount = 100;

/** The undecided creatives the queue serves, in its stored order (score rank). */
function servedOrder(run: ReturnType<typeof runDetector>, decided: ReadonlySet<number>): number[] {
  return run.rows
    .map((row, i) => ({ i, rank: row.flag && !decided.has(i) ? row.scoreRank : Infinity }))
    .filter((r) => Number.isFinite(r.rank))
    .sort((a, b) => a.rank - b.rank)
    .map((r) => r.i);
}

function precisionAt(served: readonly number[], needsFix: readonly boolean[], k: number): string {
  const first = served.slice(0, k);
  return (first.length === 0 ? 0 : first.filter((i) => needsFix[i]).length / first.length).toFixed(
    3,
  );
}

async function main(): Promise<void> {
  const dir = join(process.cwd(), "lib/demo/data");
  const taxonomy = readDemoEvaluation(process.cwd(), 1).prepared.taxonomy;
  const labelIndex = new Map(taxonomy.map((path, i) => [labelKey(path), i]));
  const creatives = readJsonl(join(dir, "creatives.jsonl"), creativeRow);
  const truth = new Map(readJsonl(join(dir, "ground-truth.jsonl"), truthRow).map((t) => [t.id, t]));
  const needsFix = creatives.map((c) => (truth.get(c.id)?.issue ?? "none") !== "none");

  const model = defaultModel();
  const embedder = await loadNodeEmbedder(model, join(process.cwd(), "public", "models"));
  const texts = await embedder.embed(creatives.map((c) => c.text));
  const labelVectors = await embedder.embed(taxonomy.map((path) => labelTextFor(model, path)));
  const generative = await embedder.embed(
    creatives.map((c) => generativeLabelText(model, c.generative_label ?? "", " > ")),
  );
  creatives.forEach((c, i) => {
    if (!c.generative_label) generative.fill(0, i * embedder.dim, (i + 1) * embedder.dim);
  });
  await embedder.dispose();

  const inputs: RunInputs = {
    dim: embedder.dim,
    creatives: creatives.map((c, i) => ({
      id: i + 1,
      text: c.text,
      predictedLabelId: (labelIndex.get(labelKey(splitPath(c.predicted_label))) ?? -2) + 1,
      predictedScore: null,
      generativeValue: c.generative_label ?? null,
      decision: null,
    })),
    labels: taxonomy.map((path, i) => ({ id: i + 1, path })),
    texts,
    labelVectors,
    generative,
  };
  const timed = (runInputs: RunInputs, head: boolean) => {
    const input = buildDetectorInput(runInputs);
    const t0 = performance.now();
    const run = runDetector(
      head
        ? input
        : {
            ...input,
            creativeTexts: undefined,
            reference: { ...input.reference!, texts: undefined },
          },
    );
    return { run, seconds: (performance.now() - t0) / 1000 };
  };
  const first = timed(inputs, true);
  const firstServed = servedOrder(first.run, new Set());

  // Annotators answer the first creatives the queue serves, from the ground truth.
  const decided = new Set(firstServed.slice(0, decidedCount));
  const answered: RunInputs = {
    ...inputs,
    creatives: inputs.creatives.map((c, i) => {
      if (!decided.has(i)) return c;
      const row = truth.get(creatives[i]!.id);
      const trueId = (labelIndex.get(labelKey(splitPath(row?.true_label ?? ""))) ?? -2) + 1;
      if (row?.issue === "new_label") {
        return { ...c, decision: { outcome: "new_label" as const, labelId: null } };
      }
      return trueId === c.predictedLabelId || trueId <= 0
        ? { ...c, decision: { outcome: "confirmed" as const, labelId: c.predictedLabelId } }
        : { ...c, decision: { outcome: "corrected" as const, labelId: trueId } };
    }),
  };
  const head = timed(answered, true);
  const bare = timed(answered, false);
  const headServed = servedOrder(head.run, decided);
  const bareServed = servedOrder(bare.run, decided);
  const figures = [
    `creatives=${creatives.length}`,
    `needs_fix=${needsFix.filter(Boolean).length}`,
    ...cutoffs.map((k) => `precision_at_${k}=${precisionAt(firstServed, needsFix, k)}`),
    `decided=${decided.size}`,
    `remaining_needs_fix=${needsFix.filter((fix, i) => fix && !decided.has(i)).length}`,
    `after_served=${headServed.length}`,
    `after_served_without_head=${bareServed.length}`,
    `after_found=${headServed.filter((i) => needsFix[i]).length}`,
    `after_found_without_head=${bareServed.filter((i) => needsFix[i]).length}`,
    ...cutoffs.flatMap((k) => [
      `after_precision_at_${k}=${precisionAt(headServed, needsFix, k)}`,
      `after_precision_at_${k}_without_head=${precisionAt(bareServed, needsFix, k)}`,
    ]),
    `seconds_first=${first.seconds.toFixed(1)}`,
    `seconds_after=${head.seconds.toFixed(1)}`,
    `seconds_after_without_head=${bare.seconds.toFixed(1)}`,
  ];
  console.log(figures.join(" "));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
