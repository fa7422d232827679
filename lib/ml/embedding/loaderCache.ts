/**
 * Memoises an async load per key and forgets it when it fails, so the next request retries
 * instead of receiving the same rejection forever (a file fixed on disk, a network back). Loads
 * run one at a time: transformers.js' `env` is global and each load sets it for its model.
 */
export class LoaderCache<V> {
  private readonly entries = new Map<string, Promise<V>>();
  private queue: Promise<unknown> = Promise.resolve();

  /** The cached value for `key`, or the result of `load()` (started after earlier loads end). */
  get(key: string, load: () => Promise<V>): Promise<V> {
    const cached = this.entries.get(key);
    if (cached) return cached;
    const started = this.queue.then(load, load);
    this.queue = started.catch(() => undefined);
    this.entries.set(key, started);
    started.catch(() => {
      if (this.entries.get(key) === started) this.entries.delete(key);
    });
    return started;
  }

  /** Whether a load for `key` is cached or running. */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Drops every entry, handing each loaded value to `dispose` (failed ones are skipped). */
  async clear(dispose: (value: V) => Promise<void>): Promise<void> {
    const pending = [...this.entries.values()];
    this.entries.clear();
    const settled = await Promise.allSettled(pending);
    for (const result of settled) {
      if (result.status === "fulfilled") await dispose(result.value);
    }
  }
}
