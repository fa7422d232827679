import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { benchAccountEnv } from "./benchAccount";

/**
 * The throw-away app server of a browser benchmark: the production build (built first when
 * there is none), a fresh embedded database in a temporary folder (with the demo loaded when
 * asked), the benchmark's own admin account, and a stop that ends the whole process group
 * (npx starts next-server as a child) and removes the folder.
 */

export interface BenchServer {
  baseUrl: string;
  stop(): Promise<void>;
}

/** Builds the app unless a build exists (`CREATIVE_TRIAGE_DIST_DIR` or `.next`). */
export function ensureBuild(): void {
  const distDir = process.env.CREATIVE_TRIAGE_DIST_DIR || ".next";
  if (existsSync(path.join(distDir, "BUILD_ID"))) return;
  console.error("No build found: running next build…");
  if (spawnSync("npx", ["next", "build"], { stdio: "inherit" }).status !== 0)
    throw new Error("next build failed");
}

/** Waits until `url` answers 200, or the server exits, or 300 s pass, or `signal` aborts. */
export async function waitForServer(
  url: string,
  server: ChildProcess,
  signal?: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    signal?.throwIfAborted();
    if (server.exitCode !== null) throw new Error(`next start exited with ${server.exitCode}`);
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not answer within 300 s`);
}

/** Stops a process group; one that already exited is fine. */
function stopGroup(pid: number): void {
  try {
    process.kill(-pid, "SIGTERM");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

export async function startBenchServer(options: {
  port: number;
  /** Names the temporary data folder (`ct-<name>-…`). */
  name: string;
  seedDemo: boolean;
  /** The page polled until it answers. */
  readyPath?: string;
}): Promise<BenchServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `ct-${options.name}-`));
  const env = {
    ...process.env,
    CREATIVE_TRIAGE_DATA_DIR: dataDir,
    DATABASE_URL: "",
    ...benchAccountEnv,
  };
  const removeFolder = () => rm(dataDir, { recursive: true, force: true });
  if (options.seedDemo) {
    console.error("Loading the demo…");
    if (spawnSync("npm", ["run", "-s", "demo:seed"], { env, stdio: "inherit" }).status !== 0) {
      await removeFolder();
      throw new Error("demo:seed failed");
    }
  }
  const server = spawn("npx", ["next", "start", "-p", String(options.port), "-H", "127.0.0.1"], {
    env,
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    if (server.pid !== undefined) stopGroup(server.pid);
    // The server may hold the folder a moment after the signal.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await removeFolder();
  };
  try {
    await waitForServer(`${baseUrl}${options.readyPath ?? "/login"}`, server);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, stop };
}
