import pino from "pino";

/**
 * The JSON line format of every server log: level, ISO time, msg and fields, one line per event,
 * which container platforms collect and index as is. `LOG_LEVEL` (trace, debug, info, warn, error,
 * fatal, silent; default info) picks how much; errors passed as `err` keep their stack trace. Not
 * server-only, so the start-up script (outside Next's server build) logs in the same format.
 */
export function createLogger(): pino.Logger {
  return pino({
    level: process.env.LOG_LEVEL?.trim() || "info",
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}
