import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

/**
 * The quick start's first admin, on a real embedded database in a fresh data folder: created once
 * with a generated password that is printed and kept owner-only, and never again.
 */
describe("the first admin", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "ct-first-admin-"));
  const saved = { ...process.env };

  beforeAll(() => {
    process.env.CREATIVE_TRIAGE_DATA_DIR = dataDir;
    process.env.DATABASE_URL = "";
    delete process.env.CREATIVE_TRIAGE_ADMIN_PASSWORD;
    delete process.env.CREATIVE_TRIAGE_AUTH_SECRET;
  });
  afterAll(async () => {
    const { getDatabase } = await import("../db");
    await (await getDatabase()).close();
    process.env = saved;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("is created at first start with a generated password, printed once and kept owner-only", async () => {
    const printed = vi.spyOn(console, "log").mockImplementation(() => undefined);
    const { ensureFirstAdmin } = await import("./firstAdmin");
    await ensureFirstAdmin();
    const file = path.join(dataDir, "admin-password.txt");
    const [, password] = /password: (\S+)/.exec(readFileSync(file, "utf8")) ?? [];
    expect(password?.length).toBeGreaterThanOrEqual(16);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(dataDir, "auth-secret")).mode & 0o777).toBe(0o600);
    expect(printed.mock.calls.flat().join("\n")).toContain(password!);

    // The password signs in as an admin.
    const { getAuth } = await import("./auth");
    const auth = await getAuth();
    const signedIn = await auth.api.signInUsername({
      body: { username: "admin", password: password! },
    });
    expect(signedIn?.user).toMatchObject({ username: "admin", role: "admin" });

    // A second start changes nothing and prints nothing.
    printed.mockClear();
    await ensureFirstAdmin();
    expect(printed).not.toHaveBeenCalled();
    const { getDatabase } = await import("../db");
    const { db } = await getDatabase();
    expect(await db.query.users.findMany()).toHaveLength(1);
    printed.mockRestore();
  });
});
