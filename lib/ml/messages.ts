import type { z } from "zod";

/** A parsed worker message, or the reason it was refused (first issue, with its path). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * Validates a message crossing a worker boundary with its protocol's schema; every worker reads
 * `event.data` through this, never with a cast.
 */
export function parseWith<T>(schema: z.ZodType<T>, data: unknown): Parsed<T> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  return { ok: false, reason: `${where}${issue?.message ?? "invalid message"}` };
}

/** The id of a request a worker could not read, so its error reaches the caller (0: none). */
export function requestIdOf(data: unknown): number {
  return typeof data === "object" && data !== null && "id" in data && typeof data.id === "number"
    ? data.id
    : 0;
}
