import http from "node:http";
import { describe, expect, it } from "vitest";
import { startGracefulServer, type RequestLogLine } from "./gracefulServer";

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: "127.0.0.1", port, path, agent: false }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on("error", reject);
  });
}

async function slowServer(graceMs: number, delayMs: number, lines: RequestLogLine[] = []) {
  const server = await startGracefulServer(
    (request, response) => {
      setTimeout(() => response.end(`done ${request.url}`), delayMs);
    },
    { port: 0, hostname: "127.0.0.1", graceMs, onRequestDone: (line) => lines.push(line) },
  );
  const address = server.server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  return { ...server, port: address.port };
}

describe("startGracefulServer", () => {
  it("lets an in-flight request finish after shutdown begins and refuses new connections", async () => {
    const lines: RequestLogLine[] = [];
    const server = await slowServer(5_000, 400, lines);
    const inFlight = get(server.port, "/api/decisions?token=secret");
    await new Promise((r) => setTimeout(r, 100));
    expect(server.inFlight()).toBe(1);
    const stopped = server.shutdown();
    await expect(get(server.port, "/api/health")).rejects.toThrow(/ECONNREFUSED/);
    expect(await inFlight).toEqual({ status: 200, body: "done /api/decisions?token=secret" });
    expect(await stopped).toBe(true);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ method: "GET", path: "/api/decisions", status: 200 });
    expect(lines[0]?.durationMs).toBeGreaterThanOrEqual(300);
  });

  it("drops requests still running when the grace period is over", async () => {
    const server = await slowServer(200, 10_000);
    const inFlight = get(server.port, "/slow");
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    expect(await server.shutdown()).toBe(false);
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect(inFlight).rejects.toThrow(/socket hang up|ECONNRESET/);
  });

  it("stops at once when nothing is running", async () => {
    const server = await slowServer(5_000, 10);
    expect(await get(server.port, "/x")).toEqual({ status: 200, body: "done /x" });
    expect(await server.shutdown()).toBe(true);
  });
});
