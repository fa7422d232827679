import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db";
import { testDatabaseTargets } from "../testing/databases";
import { buildAuth, type Auth } from "./auth";

const origin = "http://127.0.0.1:3999";

/**
 * better-auth keeps its rate-limit counts in memory per process, so each engine's tests sign in
 * from their own client address.
 */
function signIn(auth: Auth, username: string, password: string, address: string) {
  return auth.handler(
    new Request(`${origin}/api/auth/sign-in/username`, {
      method: "POST",
      headers: { "content-type": "application/json", origin, "x-forwarded-for": address },
      body: JSON.stringify({ username, password }),
    }),
  );
}

describe.each(testDatabaseTargets().map((t, i) => ({ ...t, address: `203.0.113.${i + 1}` })))(
  "accounts on $name",
  (target) => {
    let handle: DatabaseHandle;
    let auth: Auth;

    beforeAll(async () => {
      handle = await target.open();
      auth = buildAuth(handle.db, "a-test-secret-that-is-long-enough-0123456789", 3);
      await auth.api.createUser({
        body: {
          email: "ana@creative-triage.invalid",
          password: "correct horse battery",
          name: "Ana",
          role: "annotator",
          data: { username: "ana" },
        },
      });
    });
    afterAll(async () => handle?.close());

    it("signs in with a username into an HttpOnly, SameSite session cookie that carries the role", async () => {
      const response = await signIn(auth, "ana", "correct horse battery", target.address);
      expect(response.status).toBe(200);
      const cookie = response.headers.get("set-cookie") ?? "";
      expect(cookie).toMatch(/better-auth\.session_token=/);
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      const token = /better-auth\.session_token=([^;]+)/.exec(cookie)![1]!;
      const session = await auth.api.getSession({
        headers: new Headers({ cookie: `better-auth.session_token=${token}` }),
      });
      expect(session?.user.username).toBe("ana");
      expect(session?.user.role).toBe("annotator");
      // The password is stored as a hash, never as given.
      const stored = await handle.db.query.accounts.findFirst();
      expect(stored?.password).toBeTruthy();
      expect(stored?.password).not.toContain("correct horse");
    });

    it("refuses a wrong password, then rate-limits the address", async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await signIn(auth, "ana", "wrong password!", target.address)).status);
      expect(statuses.slice(0, 2)).toEqual([401, 401]);
      expect(statuses.at(-1)).toBe(429);
    });

    it("has no open sign-up", async () => {
      const response = await auth.handler(
        new Request(`${origin}/api/auth/sign-up/email`, {
          method: "POST",
          headers: { "content-type": "application/json", origin },
          body: JSON.stringify({ email: "x@y.example", password: "0123456789ab", name: "x" }),
        }),
      );
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(await handle.db.query.users.findMany()).toHaveLength(1);
    });
  },
);
