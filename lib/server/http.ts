import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import type { ImportIssue } from "@/lib/core/import/issues";
import { log } from "@/lib/server/log";

/** The one shape of an error answer: a message a person can act on, and the issues behind it. */
export interface ErrorBody {
  error: { message: string; issues?: ImportIssue[] };
}

export function jsonError(status: number, message: string, issues?: ImportIssue[]) {
  return NextResponse.json<ErrorBody>(
    { error: { message, ...(issues ? { issues } : {}) } },
    { status },
  );
}

/** Validates query parameters with a zod schema; the error names the parameter. */
export function parseSearchParams<T extends z.ZodType>(
  schema: T,
  params: URLSearchParams,
): { ok: true; data: z.infer<T> } | { ok: false; response: NextResponse } {
  const raw: Record<string, string> = {};
  params.forEach((value, key) => (raw[key] = value));
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data };
  const issue = parsed.error.issues[0];
  return {
    ok: false,
    response: jsonError(
      400,
      `Invalid parameter ${String(issue?.path[0] ?? "")}: ${issue?.message ?? "invalid"}`,
    ),
  };
}

/** A server failure answered without leaking SQL or stack traces; the details go to the log. */
export function internalError(error: unknown, what: string) {
  log.error({ err: error }, `${what} failed`);
  return jsonError(500, `${what} failed on the server. Nothing was changed; try again.`);
}
