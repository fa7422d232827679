import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Database, DatabaseHandle } from "../db";
import { streamPairs } from "../export/exportRows";
import { importCreatives } from "../import/importCreatives";
import { importTaxonomy } from "../import/importTaxonomy";
import { streamOf, testDatabaseTargets } from "../testing/databases";
import { getAgreementMetrics } from "./agreement";
import { findDatasetByName, listCreativePage } from "./creatives";
import {
  currentLabelOf,
  DecisionRejectedError,
  recordDecision,
  undoLastDecision,
} from "./decisions";
import { storeDetectorScores } from "./detectorScores";
import { getOverlapSettings, setOverlapSettings } from "./overlap";
import { claimQueueItems, countQueue, type QueueScope } from "./queue";
import { countReviews, listReviewItems, settleReview } from "./reviews";
import { listLabelRefs, rowsOf } from "./taxonomies";

/** Imports a dataset of `count` creatives, flags all but every third, and ranks them by uncertainty. */
async function setUpQueue(db: Database, name: string, count: number, flagAll = false) {
  const rows = Array.from(
    { length: count },
    (_, i) => `${name}${String(i).padStart(3, "0")},${name} text ${i},A > B,0.5`,
  );
  const report = await importCreatives(db, {
    file: `${name}.csv`,
    format: "csv",
    source: streamOf(`id,text,predicted_label,predicted_score\n${rows.join("\n")}\n`),
    maxBytes: 1e6,
    dataset: name,
    taxonomy: "t",
  });
  expect(report.status).toBe("done");
  const dataset = (await findDatasetByName(db, name))!;
  const scope: QueueScope = { datasetId: dataset.id, modelId: "m", modelVersion: "1" };
  const labelIds = (await listLabelRefs(db, dataset.taxonomyId)).map((l) => l.id);
  const creativeIds = (
    await listCreativePage(db, dataset.id, { limit: 1000, offset: 0 })
  ).items.map((c) => c.id);
  // Uncertainty ranks run backwards through the creatives, so the least certain are the last ones.
  await storeDetectorScores(db, {
    ...scope,
    rows: creativeIds.map((id, i) => ({
      creativeId: id,
      flag: flagAll || i % 3 !== 2 ? "wrong_label" : null,
      score: ((i * 37) % 100) / 100,
      signals: { margin: 0.5 },
      reasons: [],
      scoreRank: i,
      uncertaintyRank: count - i,
    })),
  });
  return { scope, labelIds, creativeIds };
}

async function pairsOf(db: Database, datasetId: number) {
  const pairs = [];
  for await (const p of streamPairs(db, { datasetId })) pairs.push(p);
  return pairs;
}

for (const target of testDatabaseTargets()) {
  describe(`overlap, agreement and review on ${target.name}`, () => {
    let handle: DatabaseHandle;

    beforeAll(async () => {
      handle = await target.open();
      await importTaxonomy(handle.db, {
        file: "t.txt",
        source: streamOf("A > B\nA > C\nD\nE\n"),
        maxBytes: 1e6,
        taxonomy: "t",
      });
    });
    afterAll(async () => handle?.close());

    it("sends the least certain share to two distinct annotators, never two at once, and settles disagreements by review", async () => {
      const db = handle.db;
      const { scope, labelIds, creativeIds } = await setUpQueue(db, "ov", 60);
      expect(await getOverlapSettings(db, scope.datasetId)).toMatchObject({
        share: 0,
        annotators: 1,
      });
      await setOverlapSettings(db, {
        datasetId: scope.datasetId,
        share: 0.25,
        annotators: 2,
        updatedBy: "admin",
      });
      // 40 flagged; the least certain quarter (10) are the flagged creatives with the lowest
      // uncertainty rank, i.e. the last ones.
      const flagged = creativeIds.filter((_, i) => i % 3 !== 2);
      const overlapIds = new Set(flagged.slice(-10));
      const disagreeIds = new Set([...overlapIds].filter((_, i) => i % 2 === 1));
      const labelFor = (id: number, annotator: number) =>
        disagreeIds.has(id) ? labelIds[annotator % labelIds.length]! : labelIds[0]!;

      const annotators = ["ann-1", "ann-2", "ann-3", "ann-4"];
      const held = new Map<number, string>();
      const decidedBy = new Map<number, string[]>();
      // Annotators come back in rounds until a whole round claims nothing: one who found the queue
      // empty while another still held a two-annotator item gets it on the next round.
      for (let round = 0; round < 20; round++) {
        let claimedThisRound = 0;
        await Promise.all(
          annotators.map(async (annotator, index) => {
            for (;;) {
              const items = await claimQueueItems(db, {
                ...scope,
                annotator,
                strategy: "uncertainty",
                count: 2,
                leaseSeconds: 60,
              });
              if (items.length === 0) return;
              claimedThisRound += items.length;
              for (const id of items) {
                const holder = held.get(id);
                expect(holder === undefined || holder === annotator, `item ${id} held twice`).toBe(
                  true,
                );
                held.set(id, annotator);
                expect(decidedBy.get(id) ?? []).not.toContain(annotator);
              }
              for (const id of items) {
                held.delete(id);
                decidedBy.set(id, [...(decidedBy.get(id) ?? []), annotator]);
                await recordDecision(db, {
                  creativeId: id,
                  annotator,
                  action: "pick",
                  labelId: labelFor(id, index),
                  timeSpentMs: 500,
                });
              }
            }
          }),
        );
        if (claimedThisRound === 0) break;
      }
      for (const id of flagged) {
        const expected = overlapIds.has(id) ? 2 : 1;
        expect(decidedBy.get(id)?.length, `decisions on ${id}`).toBe(expected);
        expect(new Set(decidedBy.get(id)).size).toBe(expected);
      }
      expect(await countQueue(db, scope)).toEqual({
        flagged: 40,
        decided: 40,
        leased: 0,
        remaining: 0,
      });

      // The five items whose annotators disagreed wait for review; the agreeing ones do not.
      const review = await listReviewItems(db, { ...scope, limit: 50 });
      expect(review.total).toBe(5);
      expect(new Set(review.items.map((i) => i.creativeId))).toEqual(disagreeIds);
      for (const item of review.items) {
        expect(item.votes).toHaveLength(2);
        expect(new Set(item.votes.map((v) => v.labelId)).size).toBe(2);
        expect(item.predicted?.path).toEqual(["A", "B"]);
      }
      expect(await countReviews(db, scope)).toEqual({ inReview: 5, settled: 0 });

      // The admin settles one for the first annotator's label: the other decision is overruled,
      // its pairs leave the export, and the creative carries the settled label.
      const item = review.items[0]!;
      const [kept, lost] = item.votes;
      const pairsBefore = await pairsOf(db, scope.datasetId);
      expect(pairsBefore.some((p) => p.decision_id === lost!.decisionId)).toBe(true);
      const settled = await settleReview(db, {
        ...scope,
        creativeId: item.creativeId,
        admin: "admin",
        labelId: kept!.labelId,
        timeSpentMs: 2000,
      });
      expect(settled.overruled).toBe(1);
      const rows = rowsOf<{ id: number; superseded_by: number | null; is_review: boolean }>(
        await db.execute(
          sql`select id, superseded_by, is_review from decisions where creative_id = ${item.creativeId}`,
        ),
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      expect(rows).toHaveLength(3);
      expect(byId.get(lost!.decisionId)).toMatchObject({
        superseded_by: settled.decisionId,
        is_review: false,
      });
      expect(byId.get(kept!.decisionId)).toMatchObject({ superseded_by: null, is_review: false });
      expect(byId.get(settled.decisionId)).toMatchObject({ superseded_by: null, is_review: true });
      const audit = rowsOf<{ actor: string; entity_id: string; after: { supersededBy: number } }>(
        await db.execute(
          sql`select actor, entity_id, after from audit_events where action = 'decision.overruled'`,
        ),
      );
      expect(audit).toEqual([
        {
          actor: "admin",
          entity_id: String(lost!.decisionId),
          after: expect.objectContaining({ supersededBy: settled.decisionId }),
        },
      ]);
      expect(await currentLabelOf(db, item.creativeId)).toBe(kept!.labelId);
      const pairsAfter = await pairsOf(db, scope.datasetId);
      expect(pairsAfter.some((p) => p.decision_id === lost!.decisionId)).toBe(false);
      expect(pairsAfter.some((p) => p.decision_id === kept!.decisionId)).toBe(true);
      expect(pairsAfter.some((p) => p.decision_id === settled.decisionId)).toBe(true);
      expect(await countReviews(db, scope)).toEqual({ inReview: 4, settled: 1 });
      await expect(
        settleReview(db, {
          ...scope,
          creativeId: item.creativeId,
          admin: "admin",
          labelId: lost!.labelId,
          timeSpentMs: 0,
        }),
      ).rejects.toThrow(DecisionRejectedError);
      const agreeing = [...overlapIds].find((id) => !disagreeIds.has(id))!;
      await expect(
        settleReview(db, {
          ...scope,
          creativeId: agreeing,
          admin: "admin",
          labelId: labelIds[0]!,
          timeSpentMs: 0,
        }),
      ).rejects.toThrow(/not waiting for review/);

      // Undoing the review restores what it overruled and puts the item back in review.
      expect(
        await undoLastDecision(db, { annotator: "admin", datasetId: scope.datasetId }),
      ).toEqual({ decisionId: settled.decisionId, creativeId: item.creativeId });
      expect(await countReviews(db, scope)).toEqual({ inReview: 5, settled: 0 });
      expect(
        (await pairsOf(db, scope.datasetId)).some((p) => p.decision_id === lost!.decisionId),
      ).toBe(true);
    });

    it("does not count skips, and a majority of three overrules the outvoted label", async () => {
      const db = handle.db;
      const { scope, labelIds, creativeIds } = await setUpQueue(db, "mj", 3, true);
      await setOverlapSettings(db, {
        datasetId: scope.datasetId,
        share: 1,
        annotators: 3,
        updatedBy: "admin",
      });
      const [first, second, third] = creativeIds as [number, number, number];
      const decide = (annotator: string, creativeId: number, labelId: number) =>
        recordDecision(db, { creativeId, annotator, action: "pick", labelId, timeSpentMs: 1 });
      const claimAll = (annotator: string) =>
        claimQueueItems(db, { ...scope, annotator, strategy: "score", count: 10, leaseSeconds: 0 });

      // A skip is not a decision: the skipper won't see the item again, but it still needs three.
      expect(await claimAll("s")).toEqual([first, second, third]);
      await recordDecision(db, {
        creativeId: first,
        annotator: "s",
        action: "skip",
        timeSpentMs: 1,
      });
      expect(await claimAll("s")).toEqual([second, third]);

      await decide("p", first, labelIds[0]!);
      // One decision of three: the item is not decided yet, and stays in the queue for others.
      expect(await countQueue(db, scope)).toMatchObject({ flagged: 3, decided: 0, remaining: 3 });
      await decide("q", first, labelIds[0]!);
      expect(await claimAll("p")).toEqual([second, third]);
      expect(await claimAll("r")).toEqual([first, second, third]);
      const outvoted = await decide("r", first, labelIds[1]!);
      expect(await claimAll("t")).toEqual([second, third]);
      // r decided last, but the majority's label stands and r's pairs leave the export.
      expect(await currentLabelOf(db, first)).toBe(labelIds[0]);
      expect(
        (await pairsOf(db, scope.datasetId)).some((p) => p.decision_id === outvoted.decisionId),
      ).toBe(false);
      const overruledBy = rowsOf<{ actor: string }>(
        await db.execute(
          sql`select actor from audit_events where action = 'decision.overruled' and entity_id = ${String(outvoted.decisionId)}`,
        ),
      );
      expect(overruledBy).toEqual([{ actor: "q" }]);

      await decide("p", second, labelIds[0]!);
      await decide("q", second, labelIds[1]!);
      await decide("r", second, labelIds[2]!);
      expect(
        (await listReviewItems(db, { ...scope, limit: 10 })).items.map((i) => i.creativeId),
      ).toEqual([second]);

      // The majority's last voter takes theirs back: the item needs a third annotator again, and
      // r's decision stands once more.
      const undone = await undoLastDecision(db, { annotator: "q", datasetId: scope.datasetId });
      expect(undone).toMatchObject({ creativeId: second });
      expect(await listReviewItems(db, { ...scope, limit: 10 })).toEqual({ items: [], total: 0 });
      await undoLastDecision(db, { annotator: "q", datasetId: scope.datasetId });
      expect(await currentLabelOf(db, first)).toBe(labelIds[1]);
      expect(await claimAll("t")).toEqual([first, second, third]);
    });

    it("reports agreement, the review counts and the models' accuracy against the annotators", async () => {
      const db = handle.db;
      const { scope, creativeIds } = await setUpQueue(db, "ag", 4, true);
      await setOverlapSettings(db, {
        datasetId: scope.datasetId,
        share: 0.5,
        annotators: 2,
        updatedBy: "admin",
      });
      // The classifier predicted A > B for all.
      const dataset = (await findDatasetByName(db, "ag"))!;
      const idOf = new Map(
        (await listLabelRefs(db, dataset.taxonomyId)).map((l) => [l.path.join(" > "), l.id]),
      );
      const [ab, ac, d] = ["A > B", "A > C", "D"].map((p) => idOf.get(p)!) as [
        number,
        number,
        number,
      ];
      const decide = (annotator: string, creativeId: number, labelId: number) =>
        recordDecision(db, { creativeId, annotator, action: "pick", labelId, timeSpentMs: 1 });
      // The least certain half are the last two creatives: one agreed, one disputed and settled.
      const [, c1, c2, c3] = creativeIds as [number, number, number, number];
      await decide("x", c3, ab);
      await decide("y", c3, ab);
      await decide("x", c2, ab);
      await decide("y", c2, ac);
      await decide("x", c1, d);
      await settleReview(db, {
        ...scope,
        creativeId: c2,
        admin: "admin",
        labelId: ac,
        timeSpentMs: 1,
      });
      const metrics = await getAgreementMetrics(db, dataset);
      expect(metrics.counts).toEqual({
        decided: 3,
        decisions: 6,
        overlapItems: 2,
        overlapComplete: 2,
        inReview: 0,
        settled: 1,
      });
      expect(metrics.overlap).toMatchObject({ share: 0.5, annotators: 2, updatedBy: "admin" });
      const settingAudit = rowsOf<{ actor: string; before: unknown; after: unknown }>(
        await db.execute(
          sql`select actor, before, after from audit_events where action = 'overlap.set' and entity_id = ${String(scope.datasetId)}`,
        ),
      );
      expect(settingAudit).toEqual([
        { actor: "admin", before: null, after: { share: 0.5, annotators: 2 } },
      ]);
      const { report } = metrics;
      expect(report.overlapUnits).toBe(2);
      expect(report.pairwise).toEqual({ pairs: 2, exact: 0.5, hierarchical: 0.75 });
      expect(report.annotators.map((r) => [r.annotator, r.units, r.compared, r.exact])).toEqual([
        ["x", 3, 2, 0.5],
        ["y", 2, 2, 1],
      ]);
      // References: c3 A > B (agreed), c2 A > C (settled), c1 D (one annotator); c0 undecided.
      const classifier = report.models.find((m) => m.source === "classifier")!;
      expect(classifier).toMatchObject({ units: 3, covered: 3, exact: 1 / 3 });
      expect(classifier.hierarchical).toBeCloseTo((1 + 0.5 + 0) / 3);
    });
  });
}
