/**
 * The app instance `npm run bench:scale` measures: one production server (`next start` of the
 * existing build) over a PostgreSQL database, with the benchmark's admin account, and the peak
 * memory of its process tree read from /proc (npx starts next-server as a child, which is where
 * the requests are served).
 */
import { spawn } from "node:child_process";
import { ensureBuild, waitForServer } from "./benchServer";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { benchAccountEnv } from "./benchAccount";

export interface ScaleServer {
  baseUrl: string;
  /** Largest VmHWM (MiB) of any process of the server's tree. */
  peakRssMb(): number;
  stop(): Promise<void>;
}

/** A process's peak resident memory in MiB (VmHWM), 0 when it is gone. */
export function peakRssMbOf(pid: number | "self"): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0;
  }
}

/** The pids of a process and all its descendants. */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while the list was read.
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
}

/** Starts the production build on `port` over the PostgreSQL database `databaseUrl`. */
export async function startScaleServer(options: {
  port: number;
  databaseUrl: string;
  signal?: AbortSignal;
}): Promise<ScaleServer> {
  ensureBuild();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "ct-bench-scale-"));
  const server = spawn("npx", ["next", "start", "-p", String(options.port), "-H", "127.0.0.1"], {
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      CREATIVE_TRIAGE_DATA_DIR: dataDir,
      CREATIVE_TRIAGE_AUTH_SECRET: randomBytes(32).toString("base64url"),
      CREATIVE_TRIAGE_SIGN_IN_PER_MINUTE: "1000",
      ...benchAccountEnv,
    },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  let peak = 0;
  const peakRssMb = () => {
    if (server.pid !== undefined && server.exitCode === null)
      for (const pid of processTree(server.pid)) peak = Math.max(peak, peakRssMbOf(pid));
    return peak;
  };
  const stop = async () => {
    peakRssMb();
    try {
      if (server.pid !== undefined) process.kill(-server.pid, "SIGTERM");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await rm(dataDir, { recursive: true, force: true });
  };
  const baseUrl = `http://127.0.0.1:${options.port}`;
  try {
    await waitForServer(`${baseUrl}/login`, server, options.signal);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, peakRssMb, stop };
}
