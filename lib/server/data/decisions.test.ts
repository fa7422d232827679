import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db";
import { testDatabaseTargets } from "../testing/databases";
import { importSmallLibrary } from "../testing/smallLibrary";
import { findDatasetByName, listCreativePage } from "./creatives";
import { DecisionRejectedError, recordDecision } from "./decisions";
import { listLabelRefs, rowsOf } from "./taxonomies";

/**
 * A decision reads its context in one statement and writes itself, its training pairs, the lease
 * release and its audit entry in another: each part must still land, exactly once, or not at all.
 */
for (const target of testDatabaseTargets()) {
  describe(`recording a decision on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let ids: number[];
    let labelB: number;
    let labelC: number;

    const count = async (query: ReturnType<typeof sql>) =>
      rowsOf<{ n: number }>(await handle.db.execute(query))[0]!.n;

    beforeAll(async () => {
      handle = await target.open();
      await importSmallLibrary(handle.db, "decided", ["one", "two", "three"]);
      const dataset = (await findDatasetByName(handle.db, "decided"))!;
      const refs = await listLabelRefs(handle.db, dataset.taxonomyId);
      labelB = refs.find((l) => l.path.join(" > ") === "A > B")!.id;
      labelC = refs.find((l) => l.path.join(" > ") === "A > C")!.id;
      ids = (await listCreativePage(handle.db, dataset.id, { limit: 10, offset: 0 })).items.map(
        (c) => c.id,
      );
    });
    afterAll(async () => handle?.close());

    it("writes the decision, its pairs, the lease release and the audit entry together, and a retry once", async () => {
      const [first, second] = ids as [number, number];
      await handle.db.execute(sql`
        insert into queue_leases (creative_id, annotator, expires_at)
        values (${second}, 'ana', now() + interval '10 minutes')`);
      await recordDecision(handle.db, {
        creativeId: first,
        annotator: "bo",
        action: "pick",
        labelId: labelC,
        timeSpentMs: 500,
        clientDecisionId: crypto.randomUUID(),
      });
      const key = crypto.randomUUID();
      const input = {
        creativeId: second,
        annotator: "ana",
        action: "reject" as const,
        labelId: labelC,
        rejectedLabelId: labelB,
        timeSpentMs: 900,
        clientDecisionId: key,
      };
      const stored = await recordDecision(handle.db, input);
      const pairs = rowsOf<{
        kind: string;
        other_label_id: number | null;
        other_creative_id: number | null;
        target: number;
      }>(
        await handle.db.execute(sql`
          select kind, other_label_id, other_creative_id, target from training_pairs
          where decision_id = ${stored.decisionId} order by id`),
      );
      expect(pairs).toEqual([
        { kind: "text_label", other_label_id: labelC, other_creative_id: null, target: 0.9 },
        { kind: "text_label", other_label_id: labelB, other_creative_id: null, target: 0.1 },
        { kind: "text_text", other_label_id: null, other_creative_id: first, target: 0.9 },
      ]);
      expect(stored.pairCount).toBe(3);
      expect(
        await count(sql`select count(*)::int as n from queue_leases where creative_id = ${second}`),
      ).toBe(0);
      const [audit] = rowsOf<{ action: string; before: unknown; after: unknown }>(
        await handle.db.execute(sql`
          select action, before, after from audit_events
          where entity_type = 'decision' and entity_id = ${String(stored.decisionId)}`),
      );
      expect(audit).toEqual({
        action: "decision.reject",
        before: { creativeId: second, labelId: labelB },
        after: { creativeId: second, labelId: labelC, replaces: null, review: false, pairs: 3 },
      });

      // The answer was lost and the browser sends the same decision again: stored once.
      expect(await recordDecision(handle.db, input)).toEqual(stored);
      expect(
        await count(
          sql`select count(*)::int as n from decisions where client_decision_id = ${key}`,
        ),
      ).toBe(1);
    });

    it("retracts what an edit replaces, and a retried edit returns the stored one", async () => {
      const third = ids[2]!;
      const original = await recordDecision(handle.db, {
        creativeId: third,
        annotator: "ana",
        action: "accept",
        labelId: labelB,
        timeSpentMs: 100,
        clientDecisionId: crypto.randomUUID(),
      });
      const edit = {
        creativeId: third,
        annotator: "ana",
        action: "pick" as const,
        labelId: labelC,
        timeSpentMs: 100,
        replacesDecisionId: original.decisionId,
        clientDecisionId: crypto.randomUUID(),
      };
      const edited = await recordDecision(handle.db, edit);
      expect(await recordDecision(handle.db, edit)).toEqual(edited);
      expect(
        await count(sql`select count(*)::int as n from decisions
          where creative_id = ${third} and retracted_at is null`),
      ).toBe(1);
      expect(
        await count(sql`select count(*)::int as n from training_pairs
          where decision_id = ${original.decisionId} and retracted_at is null`),
      ).toBe(0);
      // The edit's previous label is the creative's label once the replaced decision is gone.
      const [row] = rowsOf<{ previous_label_id: number }>(
        await handle.db.execute(
          sql`select previous_label_id from decisions where id = ${edited.decisionId}`,
        ),
      );
      expect(row!.previous_label_id).toBe(labelB);
    });

    it("refuses a label of another taxonomy or an unknown creative and writes nothing", async () => {
      const before = await count(sql`select count(*)::int as n from decisions`);
      const pairsBefore = await count(sql`select count(*)::int as n from training_pairs`);
      await expect(
        recordDecision(handle.db, {
          creativeId: ids[0]!,
          annotator: "ana",
          action: "pick",
          labelId: 999_999,
          timeSpentMs: 1,
        }),
      ).rejects.toThrow(
        new DecisionRejectedError("Label 999999 is not a usable label of this dataset's taxonomy"),
      );
      await expect(
        recordDecision(handle.db, {
          creativeId: 999_999,
          annotator: "ana",
          action: "skip",
          timeSpentMs: 1,
        }),
      ).rejects.toThrow("No creative 999999");
      expect(await count(sql`select count(*)::int as n from decisions`)).toBe(before);
      expect(await count(sql`select count(*)::int as n from training_pairs`)).toBe(pairsBefore);
    });
  });
}
