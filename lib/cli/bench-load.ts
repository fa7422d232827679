/**
 * `npm run bench:load`: many annotators on several app instances. Creates a fresh PostgreSQL
 * database on the server DATABASE_URL (or TEST_DATABASE_URL) names, loads the demo, starts two
 * production servers (`next start` of the existing build) on loopback ports over it, signs in 40
 * annotator accounts spread over both, and has them claim, decide (accept, reject, pick), skip and
 * undo at full speed for `--seconds` (every flagged item needs ten annotators in turn; one who has
 * done them all undoes its latest decision to get work back) while an admin imports a CSV and reads the detector's inputs
 * (what a browser scoring run fetches; training and scoring themselves run in the browser). Half
 * way through one instance is killed (SIGKILL): its annotators move to the other one, retry what
 * was in flight (decisions carry an idempotency key) and get their leased items back.
 *
 * Afterwards it checks the database directly: every decision the clients saw acknowledged is
 * there exactly once under the id the API returned (retracted exactly when an acknowledged undo
 * said so), and no creative was held by two annotators at once (each client records the span in
 * which it certainly held an item, from the claim's answer to sending its decision; two such
 * spans of different annotators overlapping is a double lease; leases last 15 minutes, longer
 * than any run). The last line is `annotators=... instances=2 decisions=... double_leases=...
 * lost_decisions=... claim_p95_ms=... decide_p95_ms=... errors=... killed_in_flight=...
 * moved_leases=... returned_leases=...`; it exits with 1 when a decision was lost or an item
 * leased twice.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { parseCommandLine, runCommand } from "./args";
import { benchAccountEnv } from "./benchAccount";
import { LoadSession } from "./loadSession";
import { percentile } from "./percentile";

const ports = [3300, 3301];
const databaseName = "ct_bench_load";
const annotatorPassword = "bench load password";

interface Choice {
  labelId: number;
}
interface ClaimedItem {
  creativeId: number;
  predicted: Choice | null;
  nearest: Choice[];
}
interface ClaimAnswer {
  items: ClaimedItem[];
  run: { modelId: string; modelVersion: string } | null;
}

/** What the clients saw, for the database check afterwards. */
const acknowledged = new Map<string, { decisionId: number; annotator: string }>();
const undone = new Set<number>();
/** Decisions an undo in flight to the killed instance may or may not have retracted. */
const undoUncertain = new Set<string>();
const claimMs: number[] = [];
const decideMs: number[] = [];
const held = new Map<number, { annotator: string; since: number }>();
const doubleLeases: string[] = [];
const errors: string[] = [];
let killedInFlight = 0;

/** The instances; `killed` is set the moment the victim is sent SIGKILL. */
const state = { killed: null as null | string, survivor: "" };

function databaseUrls(): { server: string; bench: string } {
  const server = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (!server)
    throw new Error("Set DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server to load");
  const bench = new URL(server);
  bench.pathname = `/${databaseName}`;
  return { server, bench: bench.toString() };
}

async function createDatabase(serverUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists ${databaseName} with (force)`);
    await client.query(`create database ${databaseName}`);
  } finally {
    await client.end();
  }
}

async function waitForServer(url: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`next start exited with ${server.exitCode}`);
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not answer within 300 s`);
}

/** Ends a server's whole process group (npx starts next-server as a child). */
function signalGroup(server: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (server.pid !== undefined) process.kill(-server.pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

/** True when a failure is the killed instance going away under a request sent to it. */
function lostToKill(session: LoadSession): boolean {
  return state.killed !== null && session.baseUrl === state.killed;
}

/** Records an error the benchmark counts (the first few are printed). */
function fail(what: string): void {
  errors.push(what);
  if (errors.length <= 5) console.error(`error: ${what}`);
}

/** Claims items; a claim lost with the killed instance moves the annotator and is repeated. */
async function claim(session: LoadSession, annotator: string): Promise<ClaimAnswer | null> {
  for (;;) {
    const started = performance.now();
    try {
      const answer = await session.send("POST", "/api/queue/claim", { dataset: "demo", count: 5 });
      const now = performance.now();
      claimMs.push(now - started);
      if (answer.status !== 200) {
        fail(`claim ${answer.status}: ${answer.text.slice(0, 200)}`);
        return null;
      }
      const body = answer.body as ClaimAnswer;
      for (const item of body.items) {
        const holder = held.get(item.creativeId);
        if (holder && holder.annotator !== annotator) {
          doubleLeases.push(
            `creative ${item.creativeId}: held by ${holder.annotator} since ${holder.since.toFixed(0)} ms, leased to ${annotator} at ${now.toFixed(0)} ms`,
          );
        } else if (!holder) held.set(item.creativeId, { annotator, since: now });
      }
      return body;
    } catch (error) {
      if (!lostToKill(session)) {
        fail(`claim: ${(error as Error).message}`);
        return null;
      }
      killedInFlight++;
      session.baseUrl = state.survivor;
    }
  }
}

/** A decision the way a quick annotator makes one: mostly accept, some reject, pick and skip. */
function chooseDecision(item: ClaimedItem) {
  const roll = Math.random();
  const other = item.nearest.find((n) => n.labelId !== item.predicted?.labelId);
  if (roll < 0.1) return { action: "skip" as const };
  if (item.predicted && (roll < 0.7 || !other))
    return { action: "accept" as const, labelId: item.predicted.labelId };
  if (item.predicted && other && roll < 0.85)
    return {
      action: "reject" as const,
      labelId: other.labelId,
      rejectedLabelId: item.predicted.labelId,
    };
  const chosen = other ?? item.nearest[0];
  if (!chosen) return { action: "skip" as const };
  return {
    action: "pick" as const,
    labelId: chosen.labelId,
    ...(item.predicted ? { rejectedLabelId: item.predicted.labelId } : {}),
  };
}

/** Sends one decision, retried on the surviving instance with the same key if it was in flight. */
async function decide(session: LoadSession, annotator: string, item: ClaimedItem): Promise<void> {
  const clientDecisionId = randomUUID();
  const body = {
    creativeId: item.creativeId,
    ...chooseDecision(item),
    timeSpentMs: 800,
    clientDecisionId,
  };
  if (held.get(item.creativeId)?.annotator === annotator) held.delete(item.creativeId);
  for (;;) {
    const started = performance.now();
    try {
      const answer = await session.send("POST", "/api/decisions", body);
      decideMs.push(performance.now() - started);
      if (answer.status !== 200) {
        fail(`decision ${answer.status}: ${answer.text.slice(0, 200)}`);
        return;
      }
      const { decisionId } = answer.body as { decisionId: number };
      acknowledged.set(clientDecisionId, { decisionId, annotator });
      return;
    } catch (error) {
      if (!lostToKill(session)) {
        fail(`decision: ${(error as Error).message}`);
        return;
      }
      killedInFlight++;
      session.baseUrl = state.survivor;
    }
  }
}

/** Undoes the annotator's latest decision; one lost in flight is not repeated (not idempotent). */
async function undo(session: LoadSession, lastKey: string): Promise<void> {
  try {
    const answer = await session.send("POST", "/api/decisions/undo", { dataset: "demo" });
    if (answer.status !== 200) {
      fail(`undo ${answer.status}: ${answer.text.slice(0, 200)}`);
      return;
    }
    undone.add((answer.body as { decisionId: number }).decisionId);
  } catch (error) {
    if (!lostToKill(session)) {
      fail(`undo: ${(error as Error).message}`);
      return;
    }
    killedInFlight++;
    undoUncertain.add(lastKey);
    session.baseUrl = state.survivor;
  }
}

/** One annotator working the queue at full speed until the deadline. */
async function annotate(
  session: LoadSession,
  annotator: string,
  deadline: number,
  returned: { moved: Set<number>; back: Set<number> },
): Promise<void> {
  while (performance.now() < deadline) {
    const answer = await claim(session, annotator);
    if (!answer) continue;
    if (answer.items.length === 0) {
      // The queue is done for this annotator: taking back the latest decision returns its item.
      const last = [...acknowledged].findLast(([, a]) => a.annotator === annotator);
      if (last) await undo(session, last[0]);
      else await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    for (const item of answer.items) {
      if (returned.moved.has(item.creativeId)) returned.back.add(item.creativeId);
      if (performance.now() >= deadline) return;
      await decide(session, annotator, item);
      if (Math.random() < 0.05) {
        const last = [...acknowledged].findLast(([, a]) => a.annotator === annotator);
        if (last) await undo(session, last[0]);
      }
    }
  }
}

/** The admin's work meanwhile: a small CSV import, then the detector inputs read every 10 s. */
async function administer(admin: LoadSession, taxonomy: string, deadline: number): Promise<void> {
  const rows = Array.from(
    { length: 25 },
    (_, i) => `load-${i + 1},"Spring sale on garden furniture, item ${i + 1}"`,
  );
  const query = new URLSearchParams({
    fileName: "bench-load.csv",
    kind: "creatives",
    dataset: "bench-load-import",
    taxonomy,
    jobId: randomUUID(),
  });
  const imported = await admin.send(
    "POST",
    `/api/imports?${query}`,
    `id,text\n${rows.join("\n")}\n`,
    "text/csv",
  );
  if (imported.status !== 200) fail(`import ${imported.status}: ${imported.text.slice(0, 200)}`);
  const peek = await admin.send("POST", "/api/queue/claim", { dataset: "demo", count: 1 });
  const run = (peek.body as ClaimAnswer | null)?.run;
  while (performance.now() < deadline && run) {
    const inputs = new URLSearchParams({ dataset: "demo", ...run });
    const answer = await admin.send("GET", `/api/detector-run?${inputs}`);
    if (answer.status !== 200)
      fail(`detector inputs ${answer.status}: ${answer.text.slice(0, 200)}`);
    await new Promise((resolve) => setTimeout(resolve, 10_000));
  }
}

/** Compares what the clients saw acknowledged with the database. */
async function checkDatabase(benchUrl: string): Promise<{ lost: number; decisions: number }> {
  const client = new pg.Client({ connectionString: benchUrl });
  await client.connect();
  try {
    const keys = [...acknowledged.keys()];
    const { rows } = await client.query<{
      id: number;
      client_decision_id: string;
      retracted: boolean;
    }>(
      `select id, client_decision_id, retracted_at is not null as retracted
       from decisions where client_decision_id = any($1::text[])`,
      [keys],
    );
    const byKey = new Map<string, typeof rows>();
    for (const row of rows)
      byKey.set(row.client_decision_id, [...(byKey.get(row.client_decision_id) ?? []), row]);
    let lost = 0;
    for (const [key, ack] of acknowledged) {
      const found = byKey.get(key) ?? [];
      const problem =
        found.length !== 1
          ? `${found.length} rows`
          : found[0]!.id !== ack.decisionId
            ? `stored as ${found[0]!.id}, acknowledged as ${ack.decisionId}`
            : !undoUncertain.has(key) && found[0]!.retracted !== undone.has(ack.decisionId)
              ? `retracted=${found[0]!.retracted} but undo acknowledged=${undone.has(ack.decisionId)}`
              : null;
      if (problem) {
        lost++;
        if (lost <= 5) console.error(`lost decision ${key} (${ack.annotator}): ${problem}`);
      }
    }
    return { lost, decisions: acknowledged.size };
  } finally {
    await client.end();
  }
}

async function main(): Promise<number> {
  const { values } = parseCommandLine(
    "Usage: npm run bench:load -- [--seconds N] [--annotators N]   (DATABASE_URL names the server)",
    { seconds: { type: "string" }, annotators: { type: "string" } },
  );
  const seconds = Number(values.seconds ?? 180);
  const annotators = Number(values.annotators ?? 40);
  if (!Number.isFinite(seconds) || seconds < 10)
    throw new Error(`--seconds must be a number of at least 10, got "${values.seconds}"`);
  if (!Number.isInteger(annotators) || annotators < 2)
    throw new Error(
      `--annotators must be a whole number of at least 2, got "${values.annotators}"`,
    );
  const distDir = process.env.CREATIVE_TRIAGE_DIST_DIR || ".next";
  if (!existsSync(path.join(distDir, "BUILD_ID")))
    throw new Error("No production build: run `npm run build` first");
  const urls = databaseUrls();
  await createDatabase(urls.server);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "ct-bench-load-"));
  const env = {
    ...process.env,
    DATABASE_URL: urls.bench,
    CREATIVE_TRIAGE_DATA_DIR: dataDir,
    CREATIVE_TRIAGE_AUTH_SECRET: randomBytes(32).toString("base64url"),
    CREATIVE_TRIAGE_SIGN_IN_PER_MINUTE: "1000",
    ...benchAccountEnv,
  };
  const servers: ChildProcess[] = [];
  try {
    console.error("Loading the demo into a fresh PostgreSQL database…");
    if (spawnSync("npm", ["run", "-s", "demo:seed"], { env, stdio: "inherit" }).status !== 0)
      throw new Error("demo:seed failed");
    for (const port of ports) {
      servers.push(
        spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
          env,
          stdio: ["ignore", "ignore", "inherit"],
          detached: true,
        }),
      );
    }
    const bases = ports.map((port) => `http://127.0.0.1:${port}`);
    await Promise.all(bases.map((base, i) => waitForServer(`${base}/login`, servers[i]!)));
    state.survivor = bases[1]!;

    const admin = new LoadSession(bases[1]!);
    await admin.signIn("admin", benchAccountEnv.CREATIVE_TRIAGE_ADMIN_PASSWORD);
    const names = Array.from({ length: annotators }, (_, i) => `load-annotator-${i + 1}`);
    const sessions: LoadSession[] = [];
    for (const [i, username] of names.entries()) {
      const created = await admin.send("POST", "/api/users", {
        username,
        name: `Load annotator ${i + 1}`,
        role: "annotator",
        password: annotatorPassword,
      });
      if (created.status !== 201) throw new Error(`Creating ${username} failed: ${created.text}`);
      const session = new LoadSession(bases[i % bases.length]!);
      await session.signIn(username, annotatorPassword);
      sessions.push(session);
    }
    // Every flagged item goes to ten annotators in turn, so forty of them contend for leases.
    const overlap = await admin.send("POST", "/api/overlap", {
      dataset: "demo",
      share: 1,
      annotators: 10,
    });
    if (overlap.status !== 200) throw new Error(`Setting the overlap failed: ${overlap.text}`);
    const pool = new pg.Client({ connectionString: urls.bench });
    await pool.connect();
    const taxonomy = (await pool.query<{ name: string }>("select name from taxonomies limit 1"))
      .rows[0]?.name;
    if (!taxonomy) throw new Error("The demo has no taxonomy");

    console.error(`${annotators} annotators on ${bases.length} instances for ${seconds} s…`);
    const started = performance.now();
    const deadline = started + seconds * 1000;
    const returned = { moved: new Set<number>(), back: new Set<number>() };
    const victimAnnotators = names.filter((_, i) => i % bases.length === 0);
    const kill = new Promise<void>((resolve) =>
      setTimeout(
        async () => {
          state.killed = bases[0]!;
          signalGroup(servers[0]!, "SIGKILL");
          const { rows } = await pool.query<{ creative_id: number }>(
            "select creative_id from queue_leases where expires_at > now() and annotator = any($1::text[])",
            [victimAnnotators],
          );
          for (const row of rows) returned.moved.add(row.creative_id);
          console.error(
            `killed the instance on port ${ports[0]} after ${((performance.now() - started) / 1000).toFixed(1)} s; its annotators held ${rows.length} leases`,
          );
          resolve();
        },
        (seconds * 1000) / 2,
      ),
    );
    const progress = setInterval(
      () =>
        console.error(
          `${((performance.now() - started) / 1000).toFixed(0)} s: ${acknowledged.size} decisions, ${errors.length} errors`,
        ),
      10_000,
    );
    await Promise.all([
      ...sessions.map((session, i) => annotate(session, names[i]!, deadline, returned)),
      administer(admin, taxonomy, deadline),
      kill,
    ]);
    clearInterval(progress);
    await pool.end();
    for (const server of servers) signalGroup(server, "SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 1000));

    const { lost, decisions } = await checkDatabase(urls.bench);
    for (const line of doubleLeases.slice(0, 5)) console.error(`double lease: ${line}`);
    console.log(
      [
        `annotators=${annotators}`,
        `instances=${bases.length}`,
        `decisions=${decisions}`,
        `double_leases=${doubleLeases.length}`,
        `lost_decisions=${lost}`,
        `claim_p95_ms=${percentile(claimMs, 95).toFixed(1)}`,
        `decide_p95_ms=${percentile(decideMs, 95).toFixed(1)}`,
        `errors=${errors.length}`,
        `killed_in_flight=${killedInFlight}`,
        `moved_leases=${returned.moved.size}`,
        `returned_leases=${returned.back.size}`,
      ].join(" "),
    );
    return doubleLeases.length === 0 && lost === 0 ? 0 : 1;
  } finally {
    for (const server of servers) signalGroup(server, "SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await rm(dataDir, { recursive: true, force: true });
  }
}

runCommand(main);
