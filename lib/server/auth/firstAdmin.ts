import "server-only";
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { count } from "drizzle-orm";
import { readServerConfig } from "../config";
import { getDatabase } from "../db";
import { users } from "../db/schemaAccess";
import { recordAudit } from "../data/audit";
import { getAuth } from "./auth";
import { log } from "@/lib/server/log";

/** Where the generated first admin password is kept (owner-only), named in the README. */
export const adminPasswordFileName = "admin-password.txt";

/**
 * On a database without users, creates the first admin so the quick start needs no setup: the
 * password is `CREATIVE_TRIAGE_ADMIN_PASSWORD` when set (automated setups), otherwise generated,
 * printed once and written to the data folder readable by the owner only. Later starts do nothing.
 */
export async function ensureFirstAdmin(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { db } = await getDatabase();
  const [existing] = await db.select({ n: count() }).from(users);
  if ((existing?.n ?? 0) > 0) return;
  const username = env.CREATIVE_TRIAGE_ADMIN_USERNAME?.trim() || "admin";
  const given = env.CREATIVE_TRIAGE_ADMIN_PASSWORD;
  if (given !== undefined && given.length < 10)
    throw new Error("CREATIVE_TRIAGE_ADMIN_PASSWORD must be at least 10 characters long");
  const password = given ?? randomBytes(15).toString("base64url");
  const auth = await getAuth();
  try {
    const created = await auth.api.createUser({
      body: {
        email: `${username}@creative-triage.invalid`,
        password,
        name: "Administrator",
        role: "admin",
        data: { username, displayUsername: username },
      },
    });
    await recordAudit(db, {
      actor: "system:first-start",
      action: "user.create",
      entityType: "user",
      entityId: created.user.id,
      before: null,
      after: { username, role: "admin" },
    });
  } catch (error) {
    // Two servers starting on one empty PostgreSQL at once: the other one created it.
    const [again] = await db.select({ n: count() }).from(users);
    if ((again?.n ?? 0) > 0) return;
    throw error;
  }
  if (given !== undefined) {
    log.info({ username }, "Created the admin account with CREATIVE_TRIAGE_ADMIN_PASSWORD");
    return;
  }
  const file = path.join(readServerConfig(env).dataDir, adminPasswordFileName);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `username: ${username}\npassword: ${password}\n`, { mode: 0o600 });
  console.log(
    [
      "",
      "  First start: created the admin account.",
      `    username: ${username}`,
      `    password: ${password}`,
      `  It is also in ${file} (readable by you only). Sign in and change it under Users.`,
      "",
    ].join("\n"),
  );
}
