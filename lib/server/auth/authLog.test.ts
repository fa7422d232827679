import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { authLogger } from "./authLog";

/** A logger at `level` whose JSON lines are collected. */
function collecting(level: string) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { log: pino({ level, base: undefined }, sink), lines };
}

describe("Better Auth's log lines", () => {
  it("are JSON lines of the server's logger, with the error and details as fields", () => {
    const { log, lines } = collecting("info");
    const logger = authLogger(log);
    logger.log("warn", "[better-auth] something odd", { path: "/sign-in" });
    logger.log("error", "sign-in failed", new Error("boom"));
    expect(lines).toMatchObject([
      { level: 40, component: "auth", msg: "something odd", details: [{ path: "/sign-in" }] },
      { level: 50, component: "auth", msg: "sign-in failed", err: { message: "boom" } },
    ]);
  });

  it("keep the notice about an unset base URL at debug, since any host is served on purpose", () => {
    const notice =
      "[better-auth] Base URL is not set. Set the baseURL option or BETTER_AUTH_URL env.";
    const quiet = collecting("info");
    authLogger(quiet.log).log("warn", notice);
    expect(quiet.lines).toEqual([]);
    const verbose = collecting("debug");
    authLogger(verbose.log).log("warn", notice);
    expect(verbose.lines).toMatchObject([{ level: 20, component: "auth" }]);
  });
});
