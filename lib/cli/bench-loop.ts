/**
 * `npm run bench:loop`: one active-learning round on the demo dataset in Chromium, as an admin
 * runs it from Settings. Serves the built app on a fresh embedded database with the demo, takes
 * `--decisions` (default 200) creatives from the queue in its order and answers them from the
 * demo's ground truth (accept a right label, pick the true one where the workbench offers it,
 * skip otherwise), then clicks **Train a round** and waits for the round to finish: training in
 * the worker, the version's vectors, the detector run in its space, the selection. The last line
 * is `decisions=... pairs=... epochs=... best_epoch=... initial_validation_loss=...
 * best_validation_loss=... train_seconds=... embed_seconds=... score_seconds=... seconds=...`,
 * where `seconds` is the round's wall time in the page.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import { parseCommandLine } from "./args";
import { signInForBench } from "./benchAccount";
import { ensureBuild, startBenchServer, type BenchServer } from "./benchServer";
import { chromiumArgs, chromiumExecutablePath } from "./chromium";

const port = 3412;

interface Choice {
  labelId: number;
  path: string[];
}
interface ClaimedItem {
  creativeId: number;
  externalId: string;
  predicted: Choice | null;
  nearest: Choice[];
  generative: { label: Choice | null } | null;
}

/** The demo's true label per creative (`Vehicles > ...`), from the committed ground truth. */
function groundTruth(): Map<string, string> {
  const file = path.join(process.cwd(), "lib/demo/data/ground-truth.jsonl");
  const truth = new Map<string, string>();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as { id: string; true_label: string; issue: string };
    if (row.issue !== "new_label") truth.set(row.id, row.true_label);
  }
  return truth;
}

/** What a careful annotator would do with the choices the workbench shows. */
function answer(item: ClaimedItem, truth: Map<string, string>) {
  const want = truth.get(item.externalId);
  const same = (c: Choice | null | undefined) =>
    !!c && want !== undefined && c.path.join(" > ") === want;
  if (same(item.predicted)) return { action: "accept" as const, labelId: item.predicted!.labelId };
  const offered = [...item.nearest, ...(item.generative?.label ? [item.generative.label] : [])];
  const right = offered.find(same);
  if (right) {
    return {
      action: "pick" as const,
      labelId: right.labelId,
      ...(item.predicted ? { rejectedLabelId: item.predicted.labelId } : {}),
    };
  }
  return { action: "skip" as const };
}

async function decide(page: Page, baseUrl: string, count: number): Promise<number> {
  const truth = groundTruth();
  let decided = 0;
  while (decided < count) {
    const claim = await page.request.post(`${baseUrl}/api/queue/claim`, {
      data: { dataset: "demo", count: Math.min(50, count - decided) },
    });
    if (!claim.ok()) throw new Error(`claiming queue items failed: ${claim.status()}`);
    const { items } = (await claim.json()) as { items: ClaimedItem[] };
    if (items.length === 0) break;
    for (const item of items) {
      const response = await page.request.post(`${baseUrl}/api/decisions`, {
        data: {
          creativeId: item.creativeId,
          ...answer(item, truth),
          timeSpentMs: 3000,
          clientDecisionId: crypto.randomUUID(),
        },
      });
      if (!response.ok()) throw new Error(`a decision was refused: ${await response.text()}`);
      decided++;
    }
  }
  return decided;
}

async function main(): Promise<void> {
  const { values } = parseCommandLine("Usage: npm run bench:loop -- [--decisions N]", {
    decisions: { type: "string" },
  });
  const decisions = Number(values.decisions ?? 200);
  if (!Number.isInteger(decisions) || decisions < 1)
    throw new Error(`--decisions must be a whole number above 0, got "${values.decisions}"`);
  ensureBuild();
  let server: BenchServer | undefined;
  const browser = await chromium.launch({
    executablePath: chromiumExecutablePath,
    args: chromiumArgs,
  });
  try {
    server = await startBenchServer({ port, name: "bench-loop", seedDemo: true });
    const page = await browser.newPage();
    await signInForBench(page, server.baseUrl);
    const decided = await decide(page, server.baseUrl, decisions);
    console.error(`${decided} decisions made; training a round…`);
    await page.goto(`${server.baseUrl}/settings`);
    const panel = page.getByTestId("training-panel");
    await panel.getByTestId("training-start").click();
    const outcome = panel.getByTestId("training-done").or(panel.getByTestId("training-failed"));
    await outcome.waitFor({ timeout: 600_000 });
    if ((await outcome.getAttribute("data-testid")) === "training-failed") {
      throw new Error(`the round failed: ${await outcome.textContent()}`);
    }
    const read = async (name: string) => Number(await outcome.getAttribute(`data-${name}`));
    const figures = {
      decisions: decided,
      pairs: await read("pairs"),
      epochs: await read("epochs"),
      best_epoch: await read("best-epoch"),
      initial_validation_loss: (await read("initial-validation-loss")).toFixed(4),
      best_validation_loss: (await read("best-validation-loss")).toFixed(4),
      train_seconds: (await read("train-seconds")).toFixed(2),
      embed_seconds: (await read("embed-seconds")).toFixed(2),
      score_seconds: (await read("score-seconds")).toFixed(2),
      seconds: (await read("seconds")).toFixed(2),
    };
    console.log(
      Object.entries(figures)
        .map(([k, v]) => `${k}=${v}`)
        .join(" "),
    );
  } finally {
    await browser.close();
    await server?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
