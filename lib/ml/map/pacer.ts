import { MapError } from "./protocol";

/**
 * Keeps a long computation in the worker responsive: every `yieldEveryMs` it gives the event loop
 * a turn (so a `cancel` message can arrive) and then throws if the request was cancelled. The
 * pipeline's loops call `check()` often; it costs a clock read when no turn is due.
 */
export class Pacer {
  private lastYield = performance.now();
  private cancelled = false;

  constructor(private readonly yieldEveryMs = 40) {}

  /** Marks the request cancelled; the next `check()` throws. */
  cancel(): void {
    this.cancelled = true;
  }

  /** Yields when due; throws a `cancelled` MapError once cancelled. */
  async check(): Promise<void> {
    if (performance.now() - this.lastYield >= this.yieldEveryMs) {
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      this.lastYield = performance.now();
    }
    if (this.cancelled) throw new MapError("cancelled", "the map computation was cancelled");
  }
}

/** Calls `send` at most every `everyMs`, and always for the final value (`force`). */
export function throttle<T>(everyMs: number, send: (value: T) => void) {
  let last = -Infinity;
  return (value: T, force = false) => {
    const now = performance.now();
    if (!force && now - last < everyMs) return;
    last = now;
    send(value);
  };
}
