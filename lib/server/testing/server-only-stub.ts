/**
 * Vitest runs server modules outside Next's bundler, where the `server-only` marker package would
 * throw; this empty module stands in for it in unit tests only.
 */
export {};
