import "server-only";
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { readServerConfig } from "../config";

/**
 * The key that signs session cookies: `CREATIVE_TRIAGE_AUTH_SECRET` when set (needed when several
 * app servers share one PostgreSQL), otherwise generated once and kept in the data folder with
 * owner-only permissions, so the quick start needs no setup and sessions survive restarts.
 */
export async function authSecret(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const fromEnv = env.CREATIVE_TRIAGE_AUTH_SECRET?.trim();
  if (fromEnv) {
    if (fromEnv.length < 32)
      throw new Error("CREATIVE_TRIAGE_AUTH_SECRET must be at least 32 characters long");
    return fromEnv;
  }
  const file = path.join(readServerConfig(env).dataDir, "auth-secret");
  try {
    const stored = (await readFile(file, "utf8")).trim();
    if (stored.length >= 32) return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const secret = randomBytes(32).toString("base64url");
  await mkdir(path.dirname(file), { recursive: true });
  // `wx`: two processes starting at once must not overwrite each other's secret.
  try {
    await writeFile(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return (await readFile(file, "utf8")).trim();
  }
}
