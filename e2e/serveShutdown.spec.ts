import { expect, test } from "@playwright/test";
import { spawn } from "node:child_process";
import http from "node:http";
import { rm } from "node:fs/promises";
import { e2eAdmin } from "./support/accounts";

/**
 * A container platform stops the app with SIGTERM: `npm run serve` must refuse new connections,
 * let a request already running finish (here a sign-in whose body is still arriving), close the
 * database and exit 0. It starts its own server on the production build with a fresh data folder.
 */
const port = Number(process.env.E2E_PORT ?? 3100) + 3;
const dataDir = `${process.env.E2E_DATA_DIR ?? ".data/e2e"}-shutdown`;
const origin = `http://127.0.0.1:${port}`;

async function waitForReady(deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const ok = await fetch(`${origin}/api/health/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`npm run serve was not ready on ${origin}`);
}

test("SIGTERM lets an in-flight request finish, then the server exits 0", async () => {
  test.setTimeout(120_000);
  await rm(dataDir, { recursive: true, force: true });
  const server = spawn(process.execPath, ["--import", "tsx", "lib/cli/serve.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      DATABASE_URL: "",
      CREATIVE_TRIAGE_DATA_DIR: dataDir,
      CREATIVE_TRIAGE_ADMIN_PASSWORD: e2eAdmin.password,
      CREATIVE_TRIAGE_SHUTDOWN_GRACE_SECONDS: "20",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  server.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  server.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    server.on("exit", (code) => resolve(code)),
  );
  try {
    await waitForReady(Date.now() + 90_000);

    const body = JSON.stringify(e2eAdmin);
    const half = Math.floor(body.length / 2);
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = http.request(
        `${origin}/api/auth/sign-in/username?next=%2Fqueue`,
        {
          method: "POST",
          agent: false,
          headers: {
            "content-type": "application/json",
            "content-length": String(Buffer.byteLength(body)),
            origin,
          },
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (text += chunk));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      request.on("error", reject);
      request.write(body.slice(0, half));
      // The rest of the body arrives after SIGTERM: the request is in flight during shutdown.
      setTimeout(() => {
        server.kill("SIGTERM");
        setTimeout(() => request.end(body.slice(half)), 1_500);
      }, 500);
    });

    await new Promise((r) => setTimeout(r, 1_200));
    await expect(fetch(`${origin}/api/health`)).rejects.toThrow();

    const answered = await response;
    expect(answered.status, answered.text).toBe(200);
    expect(await exited, output).toBe(0);

    const lines = output
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: "info",
        msg: "request",
        method: "POST",
        path: "/api/auth/sign-in/username",
        status: 200,
      }),
    );
    expect(lines).toContainEqual(expect.objectContaining({ msg: "Stopped", finished: true }));
    expect(output).not.toContain("next=%2Fqueue");
    expect(output).not.toContain(e2eAdmin.password);
  } finally {
    if (server.exitCode === null) server.kill("SIGKILL");
  }
});
