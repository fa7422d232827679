import "server-only";
import { asc, eq } from "drizzle-orm";
import type { UpdateUserRequest, CreateUserRequest } from "@/lib/core/auth/userApi";
import type { Auth } from "../auth/auth";
import type { Actor } from "../auth/session";
import type { Database } from "../db";
import { users } from "../db/schema";
import { recordAudit } from "./audit";

export interface UserRow {
  id: string;
  username: string;
  name: string;
  role: string | null;
  banned: boolean;
  createdAt: Date;
}

/** Every account, for the Users page (no password data: it lives in `accounts`). */
export async function listUsers(db: Database): Promise<UserRow[]> {
  const rows = await db
    .select({
      id: users.id,
      username: users.username,
      email: users.email,
      name: users.name,
      role: users.role,
      banned: users.banned,
      createdAt: users.createdAt,
    })
    .from(users)
    .orderBy(asc(users.username));
  return rows.map(({ email, username, banned, ...r }) => ({
    ...r,
    username: username ?? email,
    banned: banned ?? false,
  }));
}

/** A user-facing refusal (taken name, last admin), answered 409/422 instead of 500. */
export class UserChangeError extends Error {}

/**
 * Creates an account through better-auth's admin API (which hashes the password and checks the
 * caller is an admin), then records it in the audit log. better-auth writes the account in its own
 * transaction, so the audit entry follows it rather than sharing it.
 */
export async function createUser(
  db: Database,
  auth: Auth,
  input: { actor: Actor; headers: Headers; user: CreateUserRequest },
): Promise<UserRow> {
  const username = input.user.username.toLowerCase();
  const [taken] = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
  if (taken) throw new UserChangeError(`The username "${username}" is taken`);
  const created = await auth.api.createUser({
    headers: input.headers,
    body: {
      email: `${username}@creative-triage.invalid`,
      password: input.user.password,
      name: input.user.name,
      role: input.user.role,
      data: { username, displayUsername: input.user.username },
    },
  });
  await recordAudit(db, {
    actor: input.actor.username,
    action: "user.create",
    entityType: "user",
    entityId: created.user.id,
    before: null,
    after: { username, name: input.user.name, role: input.user.role },
  });
  return {
    id: created.user.id,
    username,
    name: input.user.name,
    role: input.user.role,
    banned: false,
    createdAt: created.user.createdAt,
  };
}

/**
 * Changes a role, sets a new password (signing the user out everywhere) or blocks an account,
 * through better-auth's admin API, and records the change. An admin cannot demote or block
 * themselves, so an instance always keeps an admin who can undo mistakes.
 */
export async function updateUser(
  db: Database,
  auth: Auth,
  input: { actor: Actor; headers: Headers; userId: string; change: UpdateUserRequest },
): Promise<void> {
  const [before] = await db
    .select({ username: users.username, role: users.role, banned: users.banned })
    .from(users)
    .where(eq(users.id, input.userId));
  if (!before) throw new UserChangeError("No such user");
  const { change, headers, userId } = input;
  const self = userId === input.actor.id;
  if (self && ("banned" in change || ("role" in change && change.role !== "admin")))
    throw new UserChangeError("You cannot remove your own admin role or block yourself");
  let after: Record<string, unknown>;
  if ("role" in change) {
    await auth.api.setRole({ headers, body: { userId, role: change.role } });
    after = { role: change.role };
  } else if ("password" in change) {
    await auth.api.setUserPassword({ headers, body: { userId, newPassword: change.password } });
    await auth.api.revokeUserSessions({ headers, body: { userId } });
    after = { password: "changed" };
  } else if (change.banned) {
    await auth.api.banUser({ headers, body: { userId } });
    after = { banned: true };
  } else {
    await auth.api.unbanUser({ headers, body: { userId } });
    after = { banned: false };
  }
  await recordAudit(db, {
    actor: input.actor.username,
    action: "role" in change ? "user.role" : "password" in change ? "user.password" : "user.ban",
    entityType: "user",
    entityId: userId,
    before:
      "role" in change
        ? { role: before.role }
        : "banned" in change
          ? { banned: before.banned }
          : null,
    after: { username: before.username, ...after },
  });
}
