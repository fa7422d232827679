/**
 * `npm run bench:annotate`: serves the built app on a fresh embedded database with the demo,
 * drives the Queue page in Debian's Chromium through 200 keyboard decisions, and prints
 * `decisions=... p50_ms=... p95_ms=...` as its last line: the time from the key press to the next
 * creative painted on screen (measured in the page: keydown to the first frame after it changed).
 * Builds the app first when no build exists.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import { parseCommandLine } from "./args";
import { benchAccountEnv, signInForBench } from "./benchAccount";
import { chromiumArgs, chromiumExecutablePath } from "./chromium";

const port = 3411;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function waitForServer(url: string, server: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (server.exitCode !== null) throw new Error("The app exited before it was ready");
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("The app did not start");
}

/** Stops the server's process group; one that already exited is fine. */
function stopGroup(pid: number): void {
  try {
    process.kill(-pid, "SIGTERM");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

async function main(): Promise<void> {
  const { values } = parseCommandLine("Usage: npm run bench:annotate -- [--decisions N]", {
    decisions: { type: "string" },
  });
  const decisions = Number(values.decisions ?? 200);
  const distDir = process.env.CREATIVE_TRIAGE_DIST_DIR || ".next";
  if (!existsSync(path.join(distDir, "BUILD_ID"))) {
    console.error("No build found: running next build…");
    if (spawnSync("npx", ["next", "build"], { stdio: "inherit" }).status !== 0)
      throw new Error("next build failed");
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "ct-bench-annotate-"));
  const env = {
    ...process.env,
    CREATIVE_TRIAGE_DATA_DIR: dataDir,
    DATABASE_URL: "",
    ...benchAccountEnv,
  };
  let server: ChildProcess | undefined;
  const browser = await chromium.launch({
    executablePath: chromiumExecutablePath,
    args: chromiumArgs,
  });
  try {
    console.error("Loading the demo…");
    if (spawnSync("npm", ["run", "-s", "demo:seed"], { env, stdio: "inherit" }).status !== 0)
      throw new Error("demo:seed failed");
    server = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
      env,
      stdio: "ignore",
    });
    await waitForServer(`http://127.0.0.1:${port}/data`, server);
    const page = await browser.newPage();
    await signInForBench(page, `http://127.0.0.1:${port}`);
    await page.goto(`http://127.0.0.1:${port}/queue`);
    await page.getByTestId("queue-item").waitFor();
    await page.evaluate(() => {
      const w = window as unknown as {
        latencies: number[];
        pressedAt: number | null;
        lastId: string | null;
      };
      w.latencies = [];
      w.pressedAt = null;
      w.lastId =
        document.querySelector("[data-testid=queue-item]")?.getAttribute("data-creative-id") ??
        null;
      window.addEventListener("keydown", () => (w.pressedAt = performance.now()), {
        capture: true,
      });
      new MutationObserver(() => {
        const id =
          document.querySelector("[data-testid=queue-item]")?.getAttribute("data-creative-id") ??
          null;
        if (id === w.lastId || w.pressedAt === null) return;
        w.lastId = id;
        const pressedAt = w.pressedAt;
        w.pressedAt = null;
        requestAnimationFrame(() => w.latencies.push(performance.now() - pressedAt));
      }).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ["data-creative-id"],
      });
    });
    for (let i = 0; i < decisions; i++) {
      const before = await page.getByTestId("queue-item").getAttribute("data-creative-id");
      const canAccept = await page.getByTestId("command-accept").isEnabled();
      await page.keyboard.press(canAccept ? "a" : "1");
      await page.waitForFunction(
        (id) =>
          document.querySelector("[data-testid=queue-item]")?.getAttribute("data-creative-id") !==
          id,
        before,
      );
    }
    await page.waitForFunction(
      (n) => (window as unknown as { latencies: number[] }).latencies.length >= n,
      decisions,
    );
    const latencies = (
      await page.evaluate(() => (window as unknown as { latencies: number[] }).latencies)
    ).sort((a, b) => a - b);
    await page.waitForFunction(
      () => !document.querySelector("[data-testid=pending-decisions]"),
      undefined,
      { timeout: 60_000 },
    );
    console.log(`all ${decisions} decisions stored; slowest ${latencies.at(-1)?.toFixed(1)} ms`);
    console.log(
      `decisions=${latencies.length} p50_ms=${percentile(latencies, 50).toFixed(1)} p95_ms=${percentile(latencies, 95).toFixed(1)}`,
    );
  } finally {
    await browser.close();
    if (server?.pid) stopGroup(server.pid);
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
