import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "../db";
import { testDatabaseTargets } from "../testing/databases";
import { checkReadiness } from "./health";

for (const target of testDatabaseTargets()) {
  describe(`readiness on ${target.name}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(async () => {
      await handle.close();
    });

    it("is ready once every migration of this build is applied", async () => {
      const readiness = await checkReadiness(handle.db);
      expect(readiness.ready).toBe(true);
      expect(readiness.migrations.applied).toBe(readiness.migrations.expected);
      expect(readiness.migrations.expected).toBeGreaterThan(0);
      expect(readiness.migrations.latest).toMatch(/^\d{4}_/);
    });

    it("is not ready, and says why, when the newest migration is missing", async () => {
      await handle.db
        .transaction(async (tx) => {
          await tx.execute(sql`
          delete from drizzle.__drizzle_migrations
          where id = (select max(id) from drizzle.__drizzle_migrations)`);
          const readiness = await checkReadiness(tx);
          expect(readiness.ready).toBe(false);
          expect(readiness.problem).toMatch(/migrations applied/);
          tx.rollback();
        })
        .catch((error: unknown) => {
          // drizzle's rollback() throws to unwind the transaction; anything else is a failure.
          if (!(error instanceof Error) || !/rollback/i.test(error.message)) throw error;
        });
      expect((await checkReadiness(handle.db)).ready).toBe(true);
    });
  });
}
