import "server-only";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { nextCookies } from "better-auth/next-js";
import { admin, username } from "better-auth/plugins";
import { createAccessControl } from "better-auth/plugins/access";
import { adminAc, defaultStatements, userAc } from "better-auth/plugins/admin/access";
import { usernameSchema } from "@/lib/core/auth/userApi";
import { getDatabase, type Database } from "../db";
import { accounts, sessions, users, verifications } from "../db/schemaAccess";
import { log } from "../log";
import { authLogger } from "./authLog";
import { authSecret } from "./secret";

/**
 * Accounts and sessions through better-auth: scrypt password hashes, HttpOnly SameSite=Lax session
 * cookies (Secure when served over HTTPS), origin checks on its own endpoints and rate-limited
 * sign-in. Sign-up is closed: an admin creates accounts (the first admin is created at first start).
 * The instance is built lazily because the database opens lazily.
 */

const accessControl = createAccessControl(defaultStatements);
/** Only admins manage users; the product's own permissions live in lib/core/auth/roles.ts. */
const accountRoles = {
  admin: adminAc,
  annotator: accessControl.newRole({ user: [], session: [] }),
  analyst: userAc,
};

/** How long a browser's signed session cookie is trusted before the database is asked again. */
export const sessionCacheSeconds = 120;

/** How long an instance trusts cookies it checked a moment ago without checking them again. */
export const actorMemoSeconds = 10;

/** A session lasts a working week and is extended while it is used. */
export const sessionSeconds = 7 * 24 * 60 * 60;
/**
 * Sign-in attempts per client address and minute before better-auth answers 429;
 * `CREATIVE_TRIAGE_SIGN_IN_PER_MINUTE` changes it (the end-to-end suite signs in many test users).
 */
export function signInAttemptsPerMinute(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.CREATIVE_TRIAGE_SIGN_IN_PER_MINUTE ?? 10);
  return Number.isInteger(value) && value > 0 ? value : 10;
}

/** `CREATIVE_TRIAGE_SECURE_COOKIES`: 1 or 0; unset, Secure cookies in production. */
function secureCookies(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.CREATIVE_TRIAGE_SECURE_COOKIES?.trim();
  if (value === "1" || value === "true") return true;
  if (value === "0" || value === "false") return false;
  return env.NODE_ENV === "production";
}

/** The configured instance over a database; exported so tests can build one on their own. */
export function buildAuth(db: Database, secret: string, signInPerMinute: number) {
  return betterAuth({
    secret,
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: { users, sessions, accounts, verifications },
    }),
    user: { modelName: "users" },
    session: {
      modelName: "sessions",
      expiresIn: sessionSeconds,
      updateAge: 24 * 60 * 60,
      // The session (with the user's role) is also kept in a signed cookie for two minutes, so
      // most requests check it without a query. That matters on the embedded database, which has
      // one connection: a long import holds it, and its progress polls must still get through.
      // The price: a role change, block or password reset reaches a browser within two minutes.
      cookieCache: { enabled: true, maxAge: sessionCacheSeconds },
    },
    account: { modelName: "accounts" },
    verification: { modelName: "verifications" },
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: 10,
      maxPasswordLength: 256,
    },
    rateLimit: {
      enabled: true,
      window: 60,
      max: 300,
      customRules: {
        "/sign-in/username": { window: 60, max: signInPerMinute },
        "/sign-in/email": { window: 60, max: signInPerMinute },
      },
    },
    telemetry: { enabled: false },
    logger: authLogger(log),
    // Session cookies are Secure in production (browsers still accept them from localhost over
    // plain HTTP); CREATIVE_TRIAGE_SECURE_COOKIES=0 serves plain HTTP on another host.
    advanced: { useSecureCookies: secureCookies() },
    // The app is served under whatever host people reach it by (127.0.0.1, a LAN name, a proxy):
    // a browser request is trusted when its Origin is the host it was sent to, the same rule as
    // the route guard's CSRF check. Next may rewrite request.url's host, so the Host header decides.
    trustedOrigins: async (request) => {
      const host = request?.headers.get("x-forwarded-host") ?? request?.headers.get("host");
      return host ? [`http://${host}`, `https://${host}`] : [];
    },
    plugins: [
      username({
        minUsernameLength: 2,
        maxUsernameLength: 64,
        // The same rule as the Users form (lib/core/auth/userApi.ts): dashes are allowed too.
        usernameValidator: (name) => usernameSchema.safeParse(name).success,
      }),
      admin({ roles: accountRoles, adminRoles: ["admin"], defaultRole: "annotator" }),
      nextCookies(),
    ],
  });
}

export type Auth = ReturnType<typeof buildAuth>;

async function createAuth(): Promise<Auth> {
  const { db } = await getDatabase();
  return buildAuth(db, await authSecret(), signInAttemptsPerMinute());
}

const globalForAuth = globalThis as unknown as { creativeTriageAuth?: Promise<Auth> };

/** The app's one better-auth instance, on globalThis like the database handle. */
export function getAuth(): Promise<Auth> {
  if (!globalForAuth.creativeTriageAuth) {
    const creating = createAuth();
    globalForAuth.creativeTriageAuth = creating;
    creating.catch(() => {
      if (globalForAuth.creativeTriageAuth === creating)
        globalForAuth.creativeTriageAuth = undefined;
    });
  }
  return globalForAuth.creativeTriageAuth;
}
