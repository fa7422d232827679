import "server-only";
import type pino from "pino";

type AuthLogLevel = "debug" | "info" | "warn" | "error";

/** Better Auth's start-up notice that no fixed base URL is configured. */
const baseUrlNotice = /Base URL is not set/;

/**
 * Better Auth's log lines through the server's JSON logger (`component: "auth"`), so a log
 * collector reads them like every other line instead of colored text. Its notice that no base
 * URL is set becomes a debug line: the app answers under whatever host it is reached by on
 * purpose (127.0.0.1, a LAN name, a proxy) and checks each request's Origin against that host
 * (`trustedOrigins` in auth.ts), so the notice warned on every start about a choice.
 */
export function authLogger(log: pino.Logger) {
  const auth = log.child({ component: "auth" });
  return {
    // Every line reaches the handler; LOG_LEVEL decides what is written, as for the rest.
    level: "debug" as const,
    log(level: AuthLogLevel, message: string, ...args: unknown[]) {
      const text = message.replace(/^\[better-auth\]:?\s*/, "");
      const error = args.find((a): a is Error => a instanceof Error);
      const others = args.filter((a) => a !== error);
      const fields = {
        ...(error ? { err: error } : {}),
        ...(others.length > 0 ? { details: others } : {}),
      };
      auth[baseUrlNotice.test(text) ? "debug" : level](fields, text);
    },
  };
}
