import { z } from "zod";

/**
 * Reads a JSON answer of the app's API in the browser: a server error becomes an Error carrying
 * the server's own message (`what: message`), and a success is parsed with its zod schema, so
 * a changed server can never hand a page an unchecked shape.
 */

const errorResponseSchema = z.object({ error: z.object({ message: z.string() }) });

export async function readJson<T>(
  response: Response,
  schema: z.ZodType<T>,
  what: string,
): Promise<T> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new Error(`${what}: the server answered ${response.status} without JSON`);
  }
  if (!response.ok) {
    const error = errorResponseSchema.safeParse(body);
    throw new Error(
      `${what}: ${error.success ? error.data.error.message : `HTTP ${response.status}`}`,
    );
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new Error(`${what}: unexpected answer (${parsed.error.issues[0]?.message ?? "invalid"})`);
  }
  return parsed.data;
}
