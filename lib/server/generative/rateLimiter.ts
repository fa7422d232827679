import "server-only";

/**
 * Spaces request starts at least `60,000 / requestsPerMinute` ms apart across all of a job's
 * concurrent workers, so a burst never exceeds the provider's per-minute limit; a 429 that still
 * comes is handled by the client's backoff.
 */
export function createRateLimiter(requestsPerMinute: number) {
  const intervalMs = 60_000 / Math.max(1, requestsPerMinute);
  let next = 0;
  return {
    /** Resolves when the caller may start its request; rejects when `signal` aborts first. */
    async wait(signal?: AbortSignal): Promise<void> {
      const now = Date.now();
      const at = Math.max(now, next);
      next = at + intervalMs;
      const delay = at - now;
      if (delay <= 0) return;
      await new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const timer = setTimeout(resolve, delay);
        signal?.addEventListener(
          "abort",
          () => {
            clearTimeout(timer);
            reject(signal.reason);
          },
          { once: true },
        );
      });
    },
  };
}
