/**
 * When to try a request again after a 429, a 5xx, a timeout or a dropped connection: the server's
 * own `Retry-After` (seconds or an HTTP date) when it sent one, else exponential backoff with
 * jitter, never longer than `maxDelayMs`.
 */
export interface BackoffOptions {
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultBackoff: BackoffOptions = { baseDelayMs: 1_000, maxDelayMs: 60_000 };

/** Milliseconds a `Retry-After` value asks for, or null when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** The wait before attempt `attempt + 1` (attempt counts from 1), in milliseconds. */
export function retryDelayMs(
  attempt: number,
  retryAfter: string | null,
  options: BackoffOptions = defaultBackoff,
  random: () => number = Math.random,
): number {
  const asked = retryAfterMs(retryAfter);
  if (asked !== null) return Math.min(asked, options.maxDelayMs);
  const exponential = options.baseDelayMs * 2 ** (attempt - 1);
  return Math.min(options.maxDelayMs, Math.round(exponential * (0.75 + 0.5 * random())));
}

/** Statuses worth another try: rate limited, or the server (or a gateway before it) failed. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}
