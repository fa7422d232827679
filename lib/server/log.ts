import "server-only";
import pino from "pino";

/**
 * The server's one logger: one JSON line per event on stdout (level, time, msg and fields), which
 * container platforms collect and index as is. `LOG_LEVEL` (trace, debug, info, warn, error,
 * fatal, silent; default info) picks how much; errors passed as `err` keep their stack trace.
 */
export const log = pino({
  level: process.env.LOG_LEVEL?.trim() || "info",
  base: undefined,
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
});
