import "server-only";
import type { z } from "zod";
import { jsonError } from "./http";

/**
 * Reads and validates a JSON request body; the error answer names the field at fault
 * (`labelId: a label is required ...`), never a stack trace.
 */
export async function parseJsonBody<T extends z.ZodType>(
  request: Request,
  schema: T,
): Promise<{ ok: true; data: z.infer<T> } | { ok: false; response: Response }> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return { ok: false, response: jsonError(400, "The request body is not valid JSON") };
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, data: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
  return { ok: false, response: jsonError(400, `${where}${issue?.message ?? "invalid"}`) };
}
