import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "../db";
import { importCreatives } from "../import/importCreatives";
import { importTaxonomy } from "../import/importTaxonomy";
import { streamOf, testDatabaseTargets } from "../testing/databases";
import {
  proposeLabelForCreatives,
  recordBulkDecisions,
  sendCreativesToQueue,
} from "./bulkDecisions";
import { findDatasetByName, listCreativePage } from "./creatives";
import { DecisionRejectedError, recordDecision, undoLastDecision } from "./decisions";
import { storeDetectorScores } from "./detectorScores";
import { claimQueueItems, countQueue, type QueueScope } from "./queue";
import { listLabelRefs, rowsOf } from "./taxonomies";

const creativeCount = 12;

for (const target of testDatabaseTargets()) {
  describe(`bulk decisions on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let scope: QueueScope;
    let taxonomyId: number;
    let label: (path: string) => number;
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
        (_, i) => `c${String(i).padStart(2, "0")},text ${i},A > B,0.5`,
      );
      await importCreatives(handle.db, {
        file: "c.csv",
        format: "csv",
        source: streamOf(`id,text,predicted_label,predicted_score\n${rows.join("\n")}\n`),
        maxBytes: 1e6,
        dataset: "bulk",
        taxonomy: "t",
      });
      const dataset = (await findDatasetByName(handle.db, "bulk"))!;
      taxonomyId = dataset.taxonomyId;
      scope = { datasetId: dataset.id, modelId: "m", modelVersion: "1" };
      const refs = await listLabelRefs(handle.db, taxonomyId);
      label = (path) => refs.find((l) => l.path.join(" > ") === path)!.id;
      creativeIds = (
        await listCreativePage(handle.db, dataset.id, { limit: 100, offset: 0 })
      ).items.map((c) => c.id);
      // Only the first four are flagged; the last one has no verdict at all.
      await storeDetectorScores(handle.db, {
        ...scope,
        rows: creativeIds.slice(0, -1).map((id, i) => ({
          creativeId: id,
          flag: i < 4 ? "wrong_label" : null,
          score: 1 - i / 100,
          signals: { margin: 0.5 },
          reasons: [],
        })),
      });
    });
    afterAll(async () => handle?.close());

    const pairsOf = async (decisionId: number) =>
      rowsOf<{ kind: string; other_label_id: number | null; target: number }>(
        await handle.db.execute(
          sql`select kind, other_label_id, target from training_pairs where decision_id = ${decisionId} order by id`,
        ),
      );

    it("records one decision per creative with its pairs, skipping decided creatives", async () => {
      const [first, second, third] = creativeIds;
      await recordDecision(handle.db, {
        creativeId: first!,
        annotator: "ann",
        action: "accept",
        labelId: label("A > B"),
        timeSpentMs: 100,
      });
      const outcome = await recordBulkDecisions(handle.db, {
        creativeIds: [first!, second!, third!, third!],
        labelId: label("A > C"),
        action: "pick",
        annotator: "analyst",
        source: "map",
      });
      expect(outcome.decided).toBe(2);
      expect(outcome.skipped).toBe(1);
      // The planner knows the new decisions at once (PGlite has no autovacuum to tell it).
      const [stats] = rowsOf<{ tuples: number }>(
        await handle.db.execute(
          sql`select reltuples::int as tuples from pg_class where oid = 'decisions'::regclass`,
        ),
      );
      expect(stats?.tuples).toBe(3);
      expect(outcome.results[0]).toMatchObject({
        creativeId: first,
        status: "skipped",
        reason: "already decided",
      });
      const decided = outcome.results.filter((r) => r.status === "decided");
      expect(decided.map((r) => r.creativeId)).toEqual([second, third]);
      for (const result of decided) {
        const pairs = await pairsOf(result.decisionId);
        // The chosen label pulls, the label it replaces pushes.
        expect(pairs).toContainEqual({
          kind: "text_label",
          other_label_id: label("A > C"),
          target: 0.9,
        });
        expect(pairs).toContainEqual({
          kind: "text_label",
          other_label_id: label("A > B"),
          target: 0.1,
        });
      }
      expect(outcome.pairCount).toBeGreaterThanOrEqual(4);
      const [stored] = rowsOf<{ previous: number; source: string }>(
        await handle.db.execute(
          sql`select previous_label_id as previous, client_decision_id as source from decisions where id = ${decided[0]!.status === "decided" ? decided[0]!.decisionId : 0}`,
        ),
      );
      expect(stored?.previous).toBe(label("A > B"));
      expect(stored?.source).toMatch(/^map:/);
    });

    it("stores a retried request once", async () => {
      const request = {
        creativeIds: [creativeIds[3]!],
        labelId: label("D"),
        action: "pick" as const,
        annotator: "analyst",
        source: "map",
        requestId: "3f1c7d2e-8a4b-4c9e-9f00-5b2d1a6e7c10",
      };
      const once = await recordBulkDecisions(handle.db, request);
      const again = await recordBulkDecisions(handle.db, request);
      expect(again.results).toEqual(once.results);
      const [count] = rowsOf<{ n: number }>(
        await handle.db.execute(
          sql`select count(*)::int as n from decisions where creative_id = ${creativeIds[3]!}`,
        ),
      );
      expect(count?.n).toBe(1);
    });

    it("writes nothing when one creative or the label does not fit", async () => {
      const before = rowsOf<{ n: number }>(
        await handle.db.execute(sql`select count(*)::int as n from decisions`),
      )[0]?.n;
      await expect(
        recordBulkDecisions(handle.db, {
          creativeIds: [creativeIds[5]!, 999_999],
          labelId: label("D"),
          action: "pick",
          annotator: "analyst",
          source: "map",
        }),
      ).rejects.toBeInstanceOf(DecisionRejectedError);
      await expect(
        recordBulkDecisions(handle.db, {
          creativeIds: [creativeIds[5]!],
          labelId: 999_999,
          action: "pick",
          annotator: "analyst",
          source: "map",
        }),
      ).rejects.toThrow(/not a usable label/);
      const after = rowsOf<{ n: number }>(
        await handle.db.execute(sql`select count(*)::int as n from decisions`),
      )[0]?.n;
      expect(after).toBe(before);
    });

    it("proposes a new label and assigns it to the group in one go", async () => {
      const group = [creativeIds[6]!, creativeIds[7]!];
      const outcome = await proposeLabelForCreatives(handle.db, {
        creativeIds: group,
        taxonomyId,
        parentId: label("A"),
        name: "E",
        annotator: "analyst",
        source: "map",
      });
      expect(outcome.label).toMatchObject({ path: ["A", "E"], status: "proposed" });
      expect(outcome.decided).toBe(2);
      const actions = rowsOf<{ action: string; label_id: number }>(
        await handle.db.execute(
          sql`select action, label_id from decisions where creative_id = any(${sql.param(group)}::int[])`,
        ),
      );
      expect(actions).toEqual(
        group.map(() => ({ action: "new_label", label_id: outcome.label.id })),
      );
      await expect(
        proposeLabelForCreatives(handle.db, {
          creativeIds: [creativeIds[8]!],
          taxonomyId,
          parentId: 999_999,
          name: "F",
          annotator: "analyst",
          source: "map",
        }),
      ).rejects.toBeInstanceOf(DecisionRejectedError);
    });

    it("sends unflagged creatives to the queue and says why others were not", async () => {
      const before = await countQueue(handle.db, scope);
      const unflagged = creativeIds[9]!;
      const unscored = creativeIds.at(-1)!;
      const decided = creativeIds[1]!;
      const outcome = await sendCreativesToQueue(handle.db, {
        datasetId: scope.datasetId,
        creativeIds: [unflagged, unscored, decided],
        annotator: "analyst",
      });
      expect(outcome).toEqual({
        queued: [unflagged],
        alreadyQueued: [],
        notScored: [unscored],
        alreadyDecided: [decided],
      });
      const after = await countQueue(handle.db, scope);
      expect(after.flagged).toBe(before.flagged + 1);
      const again = await sendCreativesToQueue(handle.db, {
        datasetId: scope.datasetId,
        creativeIds: [unflagged],
        annotator: "analyst",
      });
      expect(again.alreadyQueued).toEqual([unflagged]);
      const claimed = await claimQueueItems(handle.db, {
        ...scope,
        annotator: "ann2",
        strategy: "score",
        count: 20,
        leaseSeconds: 60,
      });
      expect(claimed).toContain(unflagged);
      const [reasons] = rowsOf<{ reasons: string[] }>(
        await handle.db.execute(
          sql`select reasons from detector_scores where creative_id = ${unflagged}`,
        ),
      );
      expect(reasons?.reasons).toEqual(["Sent to the queue from the map by analyst"]);
      await expect(
        sendCreativesToQueue(handle.db, {
          datasetId: scope.datasetId,
          creativeIds: [999_999],
          annotator: "analyst",
        }),
      ).rejects.toThrow(/not in this dataset/);
    });

    it("undo retracts a bulk decision like any other", async () => {
      const undone = await undoLastDecision(handle.db, {
        annotator: "analyst",
        datasetId: scope.datasetId,
      });
      expect(undone?.creativeId).toBe(creativeIds[7]);
    });
  });
}
