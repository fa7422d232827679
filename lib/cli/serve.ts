/**
 * `npm run serve`: what the container image runs. It checks the environment and the database
 * (applying migrations, creating the first admin) in a separate step, then serves the production
 * build and stops gracefully on SIGTERM/SIGINT: no new connections, in-flight requests (a decision
 * being saved) finish within CREATIVE_TRIAGE_SHUTDOWN_GRACE_SECONDS, the database closes, exit 0.
 * `next start` would exit 143 without a bound on the wait and without closing the database.
 */
import { spawnSync } from "node:child_process";
import next from "next";
import { createLogger } from "@/lib/server/logFormat";
import { startGracefulServer } from "./gracefulServer";

const log = createLogger();

function numberFromEnv(name: string, fallback: number, max: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > max)
    throw new Error(`Invalid environment variable ${name}: expected a number from 0 to ${max}`);
  return value;
}

async function main(): Promise<void> {
  const port = numberFromEnv("PORT", 3000, 65_535);
  const hostname = process.env.HOSTNAME?.trim() || "0.0.0.0";
  const graceMs = numberFromEnv("CREATIVE_TRIAGE_SHUTDOWN_GRACE_SECONDS", 25, 3600) * 1000;

  const prepared = spawnSync(
    process.execPath,
    ["--import", "tsx", "--conditions=react-server", "lib/cli/serve-prepare.ts"],
    { stdio: "inherit", env: process.env },
  );
  if (prepared.status !== 0) process.exit(prepared.status ?? 1);

  const app = next({ dev: false, dir: process.cwd(), hostname, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = await startGracefulServer((request, response) => handle(request, response), {
    port,
    hostname,
    graceMs,
    onRequestDone: (line) => {
      if (line.path.startsWith("/api/")) log.info(line, "request");
    },
  });
  log.info({ port, hostname, graceMs }, "Serving the production build");

  let stopping = false;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, inFlight: server.inFlight() }, "Shutting down: no new connections");
    const finished = await server.shutdown();
    if (!finished) log.warn({ graceMs }, "Grace period over: unfinished requests were dropped");
    await app.close().catch((error: unknown) => log.error({ err: error }, "Closing Next failed"));
    // The app's database handle (lib/server/db) lives on globalThis in this process.
    const opened = (globalThis as { creativeTriageDb?: Promise<{ close(): Promise<void> }> })
      .creativeTriageDb;
    if (opened) {
      await opened
        .then((db) => db.close())
        .catch((error: unknown) => log.error({ err: error }, "Closing the database failed"));
    }
    log.info({ finished }, "Stopped");
    process.exit(0);
  };
  process.on("SIGTERM", (signal) => void stop(signal));
  process.on("SIGINT", (signal) => void stop(signal));
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, "The server could not start");
  process.exit(1);
});
