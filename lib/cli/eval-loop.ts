/**
 * `npm run eval:loop -- --data FILE.tsv [--seed N] [--rounds 10] [--k 100] [--noise 0.1]
 * [--base-train 1500] [--pool 6000] [--strategies score,uncertainty,random,noretrain]`:
 * the active-learning loop simulated on real data (see lib/eval/loop.ts). Prints every round of
 * every strategy, writes JSON under `.eval/`, and ends with one key=value line for the default
 * strategy (detector score) after the last round, beside random order and no retraining.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { adapterObjectives, type AdapterObjective } from "@/lib/core/adaptation/objectives";
import { prepareEvaluation } from "@/lib/core/eval/protocol";
import { readEvalTsv } from "@/lib/eval/read";
import { loopStrategies, runLoopEvaluation, type LoopStrategy } from "@/lib/eval/loop";
import { parseCommandLine } from "./args";

const usage =
  "Usage: npm run eval:loop -- --data FILE.tsv [--seed N] [--rounds R] [--k K] [--noise RATE] [--base-train N] [--pool N] [--strategies a,b] [--out DIR]";

function adapterObjectiveOf(value: string): AdapterObjective {
  const found = adapterObjectives.find((o) => o === value);
  if (!found)
    throw new Error(`--objective: "${value}" is not one of ${adapterObjectives.join(", ")}`);
  return found;
}

function main(): void {
  const { values } = parseCommandLine(usage, {
    data: { type: "string" },
    seed: { type: "string" },
    rounds: { type: "string" },
    k: { type: "string" },
    noise: { type: "string" },
    "base-train": { type: "string" },
    pool: { type: "string" },
    strategies: { type: "string" },
    objective: { type: "string" },
    lr: { type: "string" },
    l2: { type: "string" },
    out: { type: "string" },
  });
  if (!values.data) throw new Error(`--data is required.\n${usage}`);
  const number = (name: string, value: string | undefined, fallback: number) => {
    const n = Number(value ?? fallback);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number, got "${value}"`);
    return n;
  };
  const strategies = (values.strategies ?? loopStrategies.join(",")).split(",").map((s) => {
    if (!(loopStrategies as readonly string[]).includes(s)) {
      throw new Error(
        `--strategies: unknown strategy "${s}" (known: ${loopStrategies.join(", ")})`,
      );
    }
    return s as LoopStrategy;
  });
  const seed = number("seed", values.seed, 1);
  const name = basename(values.data).replace(/\.tsv$/, "");
  const started = performance.now();
  const report = runLoopEvaluation(name, prepareEvaluation(readEvalTsv(values.data), { seed }), {
    seed,
    noiseRate: number("noise", values.noise, 0.1),
    rounds: number("rounds", values.rounds, 10),
    perRound: number("k", values.k, 100),
    baseTrain: number("base-train", values["base-train"], 1500),
    pool: number("pool", values.pool, 6000),
    strategies,
    train: {
      ...(values.objective ? { objective: adapterObjectiveOf(values.objective) } : {}),
      ...(values.lr ? { learningRate: number("lr", values.lr, 0) } : {}),
      ...(values.l2 ? { l2ToIdentity: number("l2", values.l2, 0) } : {}),
    },
    log: (line) => console.error(line),
  });
  const outDir = resolve(values.out ?? ".eval");
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `loop-${name}-seed${seed}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`written: ${file} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  const last = (s: string) => report.strategies[s]?.at(-1);
  const main = report.strategies[strategies[0]!]!;
  const fmt = (v: number | undefined) => (v === undefined ? "na" : v.toFixed(4));
  console.log(
    [
      `dataset=${name}`,
      `strategy=${strategies[0]}`,
      `rounds=${main.length - 1}`,
      `decisions=${main.at(-1)!.decisions}`,
      `top1_before=${fmt(main[0]!.top1)}`,
      `top1_after=${fmt(main.at(-1)!.top1)}`,
      `wrong_ap_before=${fmt(main[0]!.wrongAp)}`,
      `wrong_ap_after=${fmt(main.at(-1)!.wrongAp)}`,
      `new_ap_before=${fmt(main[0]!.newAp)}`,
      `new_ap_after=${fmt(main.at(-1)!.newAp)}`,
      `found_share=${fmt(main.at(-1)!.foundShare)}`,
      `uncertainty_found_share=${fmt(last("uncertainty")?.foundShare)}`,
      `random_found_share=${fmt(last("random")?.foundShare)}`,
      `noretrain_found_share=${fmt(last("noretrain")?.foundShare)}`,
      `noretrain_top1_after=${fmt(last("noretrain")?.top1)}`,
    ].join(" "),
  );
}

main();
