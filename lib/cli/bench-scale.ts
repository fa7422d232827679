/**
 * `npm run bench:scale -- [--creatives N]`: the product at library scale on PostgreSQL. Creates a
 * fresh database on the server DATABASE_URL names, generates a seeded synthetic library with the
 * demo generator (default 1,000,000 creatives), imports it through the COPY import path, embeds it
 * in Node worker threads, runs the detector (what `npm run score` runs), seeds a decision history
 * outside the queue (`--history`), then starts one production app instance over it and measures
 * what users hit: a few signed-in annotators claim and decide over HTTP (sequential requests per
 * annotator), an admin searches the Creatives page and downloads the decisions export through the
 * export endpoint. `--keep` keeps the database; `--reuse` measures the HTTP side on it again.
 * Progress goes to stderr; Ctrl-C stops at the next step and cleans up. The last line is
 * `creatives=... import_rows_per_s=... embed_per_s=... score_s=... claim_p50_ms=...
 * claim_p95_ms=... counts_p50_ms=... counts_p95_ms=... decide_p50_ms=... decide_p95_ms=... search_p50_ms=... search_p95_ms=...
 * history_decisions=... export_rows=... export_rows_per_s=... app_peak_rss_mb=...
 * bench_peak_rss_mb=...`.
 */
import { randomUUID } from "node:crypto";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import pg from "pg";
import { openDatabase } from "@/lib/server/db/client";
import { benchAccountEnv } from "./benchAccount";
import { parseCommandLine, runCommand } from "./args";
import { LoadSession } from "./loadSession";
import { percentile } from "./percentile";
import { findDatasetByName } from "@/lib/server/data/creatives";
import { buildScaleLibrary, sec, seedDecisionHistory } from "./scaleBuild";
import { scaleSearchTerms } from "./scaleLibrary";
import { peakRssMbOf, startScaleServer } from "./scaleServer";

const usage = `Usage: npm run bench:scale -- [--creatives N] [--annotators N] [--claims N]
                            [--searches N] [--threads N] [--seed N] [--sql FILE] [--keep]
                            [--history N] [--reuse]

  --creatives N   library size (default 1000000)
  --annotators N  signed-in annotators claiming and deciding (default 4)
  --claims N      claims per annotator, each of 5 items decided one by one (default 40)
  --searches N    Creatives page searches by the admin (default 30)
  --history N     decisions seeded outside the queue before the export (default 20000)
  --threads N     embedding worker threads (default: every core)
  --seed N        generator seed (default 20250812)
  --sql FILE      SQL run after the migrations (indexes under trial)
  --keep          keep the database ct_bench_scale afterwards (for EXPLAIN)
  --reuse         measure on the kept ct_bench_scale (migrated to this code) without building
                  it again; only the HTTP figures are printed
DATABASE_URL names the PostgreSQL server; the benchmark creates and drops its own database.`;

const databaseName = "ct_bench_scale";
const datasetName = "scale";
const taxonomyName = "scale taxonomy";
const port = 3340;
const annotatorPassword = "bench scale password";

interface ClaimedItem {
  creativeId: number;
  predicted: { labelId: number } | null;
  nearest: { labelId: number }[];
}

/** Reads a positive whole-number option, with a message naming it when it is not one. */
function wholeNumber(name: string, raw: string | undefined, fallback: number): number {
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`--${name} must be a non-negative whole number, not "${raw}"`);
  return value;
}

/** Logs one progress line on stderr. */
function progress(line: string): void {
  console.error(`[bench:scale] ${line}`);
}

/** Runs a statement on the PostgreSQL server outside the benchmark's database. */
async function onServer(serverUrl: string, statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A decision the way a quick annotator makes one: mostly accept, some reject, pick and skip. */
function decisionFor(item: ClaimedItem, roll: number) {
  const other = item.nearest.find((n) => n.labelId !== item.predicted?.labelId);
  if (roll < 0.1) return { action: "skip" as const };
  if (item.predicted && (roll < 0.7 || !other))
    return { action: "accept" as const, labelId: item.predicted.labelId };
  if (item.predicted && other)
    return {
      action: "reject" as const,
      labelId: other.labelId,
      rejectedLabelId: item.predicted.labelId,
    };
  const chosen = other ?? item.nearest[0];
  return chosen
    ? { action: "pick" as const, labelId: chosen.labelId }
    : { action: "skip" as const };
}

/**
 * Claims and decides `claims` times in a row, recording each request's milliseconds; after each
 * claim it asks for the progress counts as the workbench does.
 */
async function annotate(
  session: LoadSession,
  claims: number,
  timings: { claim: number[]; decide: number[]; counts: number[] },
  signal: AbortSignal,
  onRequest: () => void,
): Promise<void> {
  for (let i = 0; i < claims && !signal.aborted; i++) {
    let started = performance.now();
    const answer = await session.send("POST", "/api/queue/claim", {
      dataset: datasetName,
      count: 5,
    });
    timings.claim.push(performance.now() - started);
    onRequest();
    if (answer.status !== 200)
      throw new Error(`claim answered ${answer.status}: ${answer.text.slice(0, 200)}`);
    const items = (answer.body as { items: ClaimedItem[] }).items;
    if (items.length === 0) return;
    started = performance.now();
    const counted = await session.send(
      "GET",
      `/api/queue/counts?${new URLSearchParams({ dataset: datasetName })}`,
    );
    timings.counts.push(performance.now() - started);
    onRequest();
    if (counted.status !== 200)
      throw new Error(`counts answered ${counted.status}: ${counted.text.slice(0, 200)}`);
    for (const [n, item] of items.entries()) {
      if (signal.aborted) return;
      started = performance.now();
      const decided = await session.send("POST", "/api/decisions", {
        creativeId: item.creativeId,
        ...decisionFor(item, ((i * 5 + n) * 0.618) % 1),
        timeSpentMs: 800,
        clientDecisionId: randomUUID(),
      });
      timings.decide.push(performance.now() - started);
      onRequest();
      if (decided.status !== 200)
        throw new Error(`decision answered ${decided.status}: ${decided.text.slice(0, 200)}`);
    }
  }
}

async function main(): Promise<number> {
  const { values } = parseCommandLine(usage, {
    creatives: { type: "string" },
    annotators: { type: "string" },
    claims: { type: "string" },
    searches: { type: "string" },
    threads: { type: "string" },
    seed: { type: "string" },
    sql: { type: "string" },
    keep: { type: "boolean" },
    reuse: { type: "boolean" },
    history: { type: "string" },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const creatives = wholeNumber("creatives", values.creatives, 1_000_000);
  const annotators = Math.max(1, wholeNumber("annotators", values.annotators, 4));
  const claims = wholeNumber("claims", values.claims, 40);
  const searches = wholeNumber("searches", values.searches, 30);
  const history = wholeNumber("history", values.history, 20_000);
  const threads = wholeNumber("threads", values.threads, os.availableParallelism());
  const seed = wholeNumber("seed", values.seed, 20_250_812);
  if (creatives < 1) throw new Error("--creatives must be at least 1");
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error("Set DATABASE_URL to the PostgreSQL server to benchmark on");
  const extraSql = values.sql ? await fs.readFile(values.sql, "utf8") : null;
  const benchUrl = new URL(serverUrl);
  benchUrl.pathname = `/${databaseName}`;

  const controller = new AbortController();
  const { signal } = controller;
  process.once("SIGINT", () => {
    progress("Ctrl-C: stopping after the current step and cleaning up…");
    controller.abort();
  });
  const runTag = randomUUID().slice(0, 8);
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), "ct-bench-scale-"));
  if (!values.reuse)
    await onServer(serverUrl, [
      `drop database if exists ${databaseName} with (force)`,
      `create database ${databaseName}`,
    ]);
  const handle = await openDatabase({ engine: "postgres", url: benchUrl.toString() });
  let server: Awaited<ReturnType<typeof startScaleServer>> | null = null;
  try {
    if (extraSql) await handle.db.execute(extraSql);

    const figures = values.reuse
      ? null
      : await buildScaleLibrary(handle.db, {
          creatives,
          seed,
          threads,
          workDir,
          datasetName,
          taxonomyName,
          signal,
          progress,
        });
    signal.throwIfAborted();
    const dataset = await findDatasetByName(handle.db, datasetName);
    if (!dataset) throw new Error(`The database ${databaseName} has no dataset "${datasetName}"`);
    const seeded = await seedDecisionHistory(handle.db, {
      datasetId: dataset.id,
      count: history,
      annotator: "scale-history",
      progress,
    });
    // The server creates its first admin with this run's password only on a database without
    // accounts: a reused database forgets the accounts of earlier runs (decisions keep names).
    if (values.reuse)
      await handle.db.execute(sql`delete from sessions; delete from accounts; delete from users`);
    signal.throwIfAborted();

    server = await startScaleServer({ port, databaseUrl: benchUrl.toString(), signal });
    const admin = new LoadSession(server.baseUrl);
    await admin.signIn("admin", benchAccountEnv.CREATIVE_TRIAGE_ADMIN_PASSWORD);
    const sessions: LoadSession[] = [];
    for (let i = 1; i <= annotators; i++) {
      // A reused database keeps the accounts of earlier runs.
      const username = `scale-annotator-${i}-${runTag}`;
      const created = await admin.send("POST", "/api/users", {
        username,
        name: `Scale annotator ${i}`,
        role: "annotator",
        password: annotatorPassword,
      });
      if (created.status !== 201) throw new Error(`Creating ${username} failed: ${created.text}`);
      const session = new LoadSession(server.baseUrl);
      await session.signIn(username, annotatorPassword);
      sessions.push(session);
    }

    const timings = { claim: [] as number[], decide: [] as number[], counts: [] as number[] };
    let requests = 0;
    const ticker = setInterval(
      () => progress(`requests: ${requests} (${timings.claim.length} claims)`),
      5000,
    );
    try {
      await Promise.all(
        sessions.map((session) => annotate(session, claims, timings, signal, () => requests++)),
      );
    } finally {
      clearInterval(ticker);
    }
    progress(`${timings.claim.length} claims, ${timings.decide.length} decisions`);

    const searchMs: number[] = [];
    for (let i = 0; i < searches && !signal.aborted; i++) {
      const q = scaleSearchTerms[i % scaleSearchTerms.length]!;
      const query = new URLSearchParams({ dataset: datasetName, q });
      const t = performance.now();
      const answer = await admin.send("GET", `/creatives?${query}`);
      searchMs.push(performance.now() - t);
      if (answer.status !== 200) throw new Error(`Search for "${q}" answered ${answer.status}`);
      progress(`search ${i + 1}/${searches} "${q}": ${(performance.now() - t).toFixed(0)} ms`);
    }

    signal.throwIfAborted();
    const started = performance.now();
    const exported = await admin.send(
      "GET",
      `/api/export/decisions.jsonl?${new URLSearchParams({ dataset: datasetName })}`,
    );
    if (exported.status !== 200)
      throw new Error(`The export answered ${exported.status}: ${exported.text.slice(0, 200)}`);
    const exportRows = exported.text.split("\n").filter(Boolean).length;
    const exportRate = exportRows / ((performance.now() - started) / 1000);
    progress(`exported ${exportRows} decisions in ${sec(started)} s`);

    const appPeak = server.peakRssMb();
    console.log(
      [
        `creatives=${creatives}`,
        ...(figures
          ? [
              `import_rows_per_s=${Math.round(figures.importRate)}`,
              `embed_per_s=${figures.embedRate.toFixed(1)}`,
              `score_s=${figures.scoreSeconds.toFixed(1)}`,
              `flagged=${figures.flagged}`,
            ]
          : []),
        `claims=${timings.claim.length}`,
        `claim_p50_ms=${percentile(timings.claim, 50).toFixed(1)}`,
        `claim_p95_ms=${percentile(timings.claim, 95).toFixed(1)}`,
        `counts_p50_ms=${percentile(timings.counts, 50).toFixed(1)}`,
        `counts_p95_ms=${percentile(timings.counts, 95).toFixed(1)}`,
        `decisions=${timings.decide.length}`,
        `decide_p50_ms=${percentile(timings.decide, 50).toFixed(1)}`,
        `decide_p95_ms=${percentile(timings.decide, 95).toFixed(1)}`,
        `search_p50_ms=${percentile(searchMs, 50).toFixed(1)}`,
        `search_p95_ms=${percentile(searchMs, 95).toFixed(1)}`,
        `history_decisions=${seeded}`,
        `export_rows=${exportRows}`,
        `export_rows_per_s=${Math.round(exportRate)}`,
        `app_peak_rss_mb=${appPeak.toFixed(0)}`,
        `bench_peak_rss_mb=${peakRssMbOf("self").toFixed(0)}`,
      ].join(" "),
    );
    return 0;
  } finally {
    await server?.stop();
    await handle.close();
    await fs.rm(workDir, { recursive: true, force: true });
    if (!values.keep && !values.reuse)
      await onServer(serverUrl, [`drop database if exists ${databaseName} with (force)`]);
  }
}

runCommand(main);
