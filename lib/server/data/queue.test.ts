import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "../db";
import { importCreatives } from "../import/importCreatives";
import { importTaxonomy } from "../import/importTaxonomy";
import { streamOf, testDatabaseTargets } from "../testing/databases";
import { findDatasetByName, listCreativePage } from "./creatives";
import { recordDecision, undoLastDecision } from "./decisions";
import { storeDetectorScores } from "./detectorScores";
import { claimQueueItems, countQueue, releaseLease, type QueueScope } from "./queue";
import { listLabelRefs, rowsOf } from "./taxonomies";

const creativeCount = 60;

for (const target of testDatabaseTargets()) {
  describe(`the shared queue on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let scope: QueueScope;
    let labelIds: number[];
    let creativeIds: number[];

    beforeAll(async () => {
      handle = await target.open();
      await importTaxonomy(handle.db, {
        file: "t.txt",
        source: streamOf("A > B\nA > C\nD\n"),
        maxBytes: 1e6,
        taxonomy: "t",
      });
      const rows = Array.from(
        { length: creativeCount },
        (_, i) => `c${String(i).padStart(3, "0")},text ${i},A > B,0.5`,
      );
      const report = await importCreatives(handle.db, {
        file: "c.csv",
        format: "csv",
        source: streamOf(`id,text,predicted_label,predicted_score\n${rows.join("\n")}\n`),
        maxBytes: 1e6,
        dataset: "q",
        taxonomy: "t",
      });
      expect(report.status).toBe("done");
      const dataset = (await findDatasetByName(handle.db, "q"))!;
      scope = { datasetId: dataset.id, modelId: "m", modelVersion: "1" };
      labelIds = (await listLabelRefs(handle.db, dataset.taxonomyId)).map((l) => l.id);
      creativeIds = (
        await listCreativePage(handle.db, dataset.id, { limit: 1000, offset: 0 })
      ).items.map((c) => c.id);
      await storeDetectorScores(handle.db, {
        ...scope,
        rows: creativeIds.map((id, i) => ({
          creativeId: id,
          flag: i % 3 === 2 ? null : i % 2 === 0 ? "wrong_label" : "new_label",
          score: ((i * 37) % 100) / 100,
          signals: { margin: ((i * 11) % 100) / 100 },
          reasons: [`reason ${i}`],
        })),
      });
    });
    afterAll(async () => handle?.close());

    it("orders by detector score, by uncertainty, or at random", async () => {
      const byScore = await claimQueueItems(handle.db, {
        ...scope,
        annotator: "probe",
        strategy: "score",
        count: 5,
        leaseSeconds: 60,
      });
      const scores = rowsOf<{ creative_id: number; score: number }>(
        await handle.db.execute(
          sql`select creative_id, score from detector_scores where flag is not null order by score desc, creative_id limit 5`,
        ),
      );
      expect(byScore).toEqual(scores.map((s) => s.creative_id));
      for (const id of byScore)
        await releaseLease(handle.db, { creativeId: id, annotator: "probe" });
      const byMargin = await claimQueueItems(handle.db, {
        ...scope,
        annotator: "probe",
        strategy: "uncertainty",
        count: 40,
        leaseSeconds: 60,
      });
      const margins = rowsOf<{ creative_id: number; m: number }>(
        await handle.db.execute(
          sql`select creative_id, (signals->>'margin')::float8 as m from detector_scores where creative_id = any(${sql.param(byMargin)}::int[])`,
        ),
      );
      const marginOf = new Map(margins.map((m) => [m.creative_id, m.m]));
      const inOrder = byMargin.map((id) => marginOf.get(id)!);
      expect(inOrder).toEqual([...inOrder].sort((a, b) => a - b));
      for (const id of byMargin)
        await releaseLease(handle.db, { creativeId: id, annotator: "probe" });
      const random = await claimQueueItems(handle.db, {
        ...scope,
        annotator: "probe",
        strategy: "random",
        count: 10,
        leaseSeconds: 60,
      });
      expect(random).not.toEqual(byScore.slice(0, 10));
      for (const id of random)
        await releaseLease(handle.db, { creativeId: id, annotator: "probe" });
    });

    it("gives annotators claiming at the same moment full and different sets of items", async () => {
      const annotators = ["same-1", "same-2", "same-3", "same-4"];
      const claims = await Promise.all(
        annotators.map((annotator) =>
          claimQueueItems(handle.db, {
            ...scope,
            annotator,
            strategy: "score",
            count: 5,
            leaseSeconds: 60,
          }),
        ),
      );
      expect(claims.map((c) => c.length)).toEqual([5, 5, 5, 5]);
      expect(new Set(claims.flat()).size).toBe(20);
      for (const [i, ids] of claims.entries())
        for (const id of ids)
          await releaseLease(handle.db, { creativeId: id, annotator: annotators[i]! });
    });

    it("never gives two concurrent annotators the same item, and every flagged item is decided once", async () => {
      const annotators = ["ann-1", "ann-2", "ann-3", "ann-4"];
      const held = new Map<number, string>();
      const decidedBy = new Map<number, string>();
      await Promise.all(
        annotators.map(async (annotator, index) => {
          for (;;) {
            const items = await claimQueueItems(handle.db, {
              ...scope,
              annotator,
              strategy: "score",
              count: 3,
              leaseSeconds: 60,
            });
            if (items.length === 0) return;
            for (const id of items) {
              const holder = held.get(id);
              expect(
                holder === undefined || holder === annotator,
                `item ${id} held by ${holder} and ${annotator}`,
              ).toBe(true);
              held.set(id, annotator);
            }
            for (const id of items) {
              await recordDecision(handle.db, {
                creativeId: id,
                annotator,
                action: "pick",
                labelId: labelIds[index % labelIds.length],
                timeSpentMs: 1000,
              });
              expect(decidedBy.has(id)).toBe(false);
              decidedBy.set(id, annotator);
              held.delete(id);
            }
          }
        }),
      );
      const counts = await countQueue(handle.db, scope);
      expect(counts).toEqual({ flagged: 40, decided: 40, leased: 0, remaining: 0 });
      expect(decidedBy.size).toBe(40);
      const pairs = rowsOf<{ n: number }>(
        await handle.db.execute(
          sql`select count(*)::int as n from training_pairs where retracted_at is null`,
        ),
      );
      expect(pairs[0]!.n).toBeGreaterThanOrEqual(40);
    });

    it("a skipped item goes to another annotator, an undone one comes back, an expired lease is freed", async () => {
      const [first] = await undoLastDecisions(1, "ann-1");
      expect(first).toBeDefined();
      const mine = await claimQueueItems(handle.db, {
        ...scope,
        annotator: "ann-1",
        strategy: "score",
        count: 1,
        leaseSeconds: 60,
      });
      expect(mine).toEqual([first]);
      await recordDecision(handle.db, {
        creativeId: first!,
        annotator: "ann-1",
        action: "skip",
        timeSpentMs: 10,
      });
      expect(
        await claimQueueItems(handle.db, {
          ...scope,
          annotator: "ann-1",
          strategy: "score",
          count: 5,
          leaseSeconds: 60,
        }),
      ).toEqual([]);
      const other = await claimQueueItems(handle.db, {
        ...scope,
        annotator: "ann-2",
        strategy: "score",
        count: 5,
        leaseSeconds: 0,
      });
      expect(other).toEqual([first]);
      // ann-2's lease lasted 0 seconds: it has expired, so ann-3 can take the item.
      expect(
        await claimQueueItems(handle.db, {
          ...scope,
          annotator: "ann-3",
          strategy: "score",
          count: 5,
          leaseSeconds: 60,
        }),
      ).toEqual([first]);
      const retracted = rowsOf<{ n: number }>(
        await handle.db.execute(
          sql`select count(*)::int as n from training_pairs where retracted_at is not null`,
        ),
      );
      expect(retracted[0]!.n).toBeGreaterThan(0);
    });

    async function undoLastDecisions(times: number, annotator: string): Promise<number[]> {
      const undone: number[] = [];
      for (let i = 0; i < times; i++) {
        const result = await undoLastDecision(handle.db, { annotator, datasetId: scope.datasetId });
        if (result) undone.push(result.creativeId);
      }
      return undone;
    }
  });
}
