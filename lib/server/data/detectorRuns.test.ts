import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "../db";
import { importCreatives } from "../import/importCreatives";
import { importTaxonomy } from "../import/importTaxonomy";
import { streamOf, testDatabaseTargets } from "../testing/databases";
import { planWithout } from "../testing/plans";
import { sendCreativesToQueue } from "./bulkDecisions";
import { findDatasetByName, listCreativePage } from "./creatives";
import { recordDecision, undoLastDecision } from "./decisions";
import { storeDetectorScores, type DetectorScoreRow } from "./detectorScores";
import { claimQueueItems, countQueue, queueStrategies, type QueueScope } from "./queue";
import { findDatasetQueue } from "./datasetQueue";
import { setOverlapSettings } from "./overlap";
import { freshCandidatesQuery, hasOverlap } from "./queueCandidates";
import { latestDetectorRun } from "./queueItems";
import { queueSizeOf } from "./queueSize";
import { listLabelRefs, rowsOf } from "./taxonomies";
import { setSimilarityThreshold } from "./thresholds";

const creativeCount = 40;

/** Flags every third creative; similarities spread over 0..1 so a threshold takes in more. */
function runRows(creativeIds: number[], flagEvery: number): DetectorScoreRow[] {
  return creativeIds.map((id, i) => ({
    creativeId: id,
    flag: i % flagEvery === 0 ? "wrong_label" : null,
    score: ((i * 37) % 100) / 100,
    signals: { margin: ((i * 11) % 100) / 100, simPredicted: i / creativeCount },
    reasons: [],
    scoreRank: i % flagEvery === 0 ? i : null,
  }));
}

async function openLibrary(handle: DatabaseHandle) {
  await importTaxonomy(handle.db, {
    file: "t.txt",
    source: streamOf("A > B\nA > C\n"),
    maxBytes: 1e6,
    taxonomy: "t",
  });
  const rows = Array.from({ length: creativeCount }, (_, i) => `c${i},text ${i},A > B,0.5`);
  const report = await importCreatives(handle.db, {
    file: "c.csv",
    format: "csv",
    source: streamOf(`id,text,predicted_label,predicted_score\n${rows.join("\n")}\n`),
    maxBytes: 1e6,
    dataset: "runs",
    taxonomy: "t",
  });
  expect(report.status).toBe("done");
  const dataset = (await findDatasetByName(handle.db, "runs"))!;
  const creativeIds = (
    await listCreativePage(handle.db, dataset.id, { limit: 1000, offset: 0 })
  ).items.map((c) => c.id);
  const labelIds = (await listLabelRefs(handle.db, dataset.taxonomyId)).map((l) => l.id);
  return { dataset, creativeIds, labelIds };
}

for (const target of testDatabaseTargets()) {
  describe(`detector runs and the queue's figures on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let scope: QueueScope;
    let creativeIds: number[];
    let labelIds: number[];

    /** The queue's counts by their definition, one pass over everything, as the oracle. */
    async function expectedCounts(threshold: number | null) {
      const [row] = rowsOf<{ flagged: number; decided: number; leased: number }>(
        await handle.db.execute(sql`
          select count(*)::int as flagged,
            count(*) filter (where exists (select 1 from decisions d where d.creative_id = s.creative_id
              and d.retracted_at is null and (d.is_review or d.action <> 'skip')))::int as decided,
            count(*) filter (where exists (select 1 from queue_leases l
              where l.creative_id = s.creative_id and l.expires_at > now()))::int as leased
          from detector_scores s join creatives c on c.id = s.creative_id
          where c.dataset_id = ${scope.datasetId} and s.model_id = ${scope.modelId}
            and s.model_version = ${scope.modelVersion}
            and (s.flag is not null or s.signals ? 'manual'
              or (s.signals->>'simPredicted')::float8 < ${threshold ?? -2})`),
      );
      return { ...row!, remaining: row!.flagged - row!.decided };
    }

    async function cachedSize(): Promise<number | null> {
      const [row] = rowsOf<{ queue_size: number | null }>(
        await handle.db.execute(sql`
          select queue_size from detector_runs where dataset_id = ${scope.datasetId}
            and model_id = ${scope.modelId} and model_version = ${scope.modelVersion}`),
      );
      return row?.queue_size ?? null;
    }

    beforeAll(async () => {
      handle = await target.open();
      const library = await openLibrary(handle);
      creativeIds = library.creativeIds;
      labelIds = library.labelIds;
      scope = { datasetId: library.dataset.id, modelId: "m", modelVersion: "1" };
    });
    afterAll(async () => handle?.close());

    it("finds a dataset's queue in one read: its run and whether it has overlap", async () => {
      expect(await findDatasetQueue(handle.db, "no such dataset")).toBeNull();
      const dataset = (await findDatasetByName(handle.db, "runs"))!;
      const before = await findDatasetQueue(handle.db, "runs");
      expect(before).toEqual({
        datasetId: dataset.id,
        taxonomyId: dataset.taxonomyId,
        run: await latestDetectorRun(handle.db, dataset.id),
        overlap: false,
      });
      await storeDetectorScores(handle.db, {
        ...scope,
        modelVersion: "0",
        rows: runRows(creativeIds, 5),
      });
      await setOverlapSettings(handle.db, {
        datasetId: dataset.id,
        share: 0.5,
        annotators: 2,
        updatedBy: "admin",
      });
      const after = await findDatasetQueue(handle.db, "runs");
      expect(after?.run).toEqual({ modelId: "m", modelVersion: "0" });
      expect(after?.run).toEqual(await latestDetectorRun(handle.db, dataset.id));
      expect(after?.overlap).toBe(await hasOverlap(handle.db, dataset.id));
      expect(after?.overlap).toBe(true);
      await setOverlapSettings(handle.db, {
        datasetId: dataset.id,
        share: 0,
        annotators: 1,
        updatedBy: "admin",
      });
      expect((await findDatasetQueue(handle.db, "runs"))?.overlap).toBe(false);
      await handle.db.execute(sql`delete from detector_scores where model_version = '0'`);
    });

    it("keeps one row per run of a dataset, whichever statement wrote the scores", async () => {
      expect(await latestDetectorRun(handle.db, scope.datasetId)).toBeNull();
      await storeDetectorScores(handle.db, { ...scope, rows: runRows(creativeIds, 3) });
      await storeDetectorScores(handle.db, {
        ...scope,
        modelVersion: "2",
        rows: runRows(creativeIds.slice(0, 5), 3),
      });
      const runs = rowsOf<{ model_version: string; computed_at: string | Date }>(
        await handle.db.execute(sql`
          select model_version, computed_at from detector_runs where dataset_id = ${scope.datasetId}
          order by model_version`),
      );
      expect(runs.map((r) => r.model_version)).toEqual(["1", "2"]);
      const [latest] = rowsOf<{ computed_at: string | Date }>(
        await handle.db.execute(sql`
          select max(computed_at) as computed_at from detector_scores where model_version = '2'`),
      );
      expect(new Date(runs[1]!.computed_at).getTime()).toBe(
        new Date(latest!.computed_at).getTime(),
      );
      // The newest run is followed; once its scores are gone (their creatives deleted), so is it.
      expect(await latestDetectorRun(handle.db, scope.datasetId)).toEqual({
        modelId: "m",
        modelVersion: "2",
      });
      await handle.db.execute(sql`delete from detector_scores where model_version = '2'`);
      expect(await latestDetectorRun(handle.db, scope.datasetId)).toEqual({
        modelId: "m",
        modelVersion: "1",
      });
    });

    it("counts the queue from its cache, and every change clears the cache", async () => {
      let threshold: number | null = null;
      const check = async () => {
        expect(await countQueue(handle.db, scope)).toEqual(await expectedCounts(threshold));
        expect(await cachedSize()).toBe((await expectedCounts(threshold)).flagged);
        await expectDecidedKept();
      };
      // The triggers' `decided` on every score agrees with the decisions themselves.
      const expectDecidedKept = async () => {
        const [drift] = rowsOf<{ n: number; decided: number }>(
          await handle.db.execute(sql`
            select count(*) filter (where s.decided <> exists (
              select 1 from decisions d where d.creative_id = s.creative_id
                and d.retracted_at is null and (d.is_review or d.action <> 'skip')))::int as n,
              count(*) filter (where s.decided)::int as decided
            from detector_scores s`),
        );
        expect(drift!.n).toBe(0);
        return drift!.decided;
      };
      await check();

      threshold = 0.5;
      await setSimilarityThreshold(handle.db, { ...scope, value: threshold, updatedBy: "analyst" });
      expect(await cachedSize()).toBeNull();
      await check();

      const outside = creativeIds.filter((_, i) => i % 3 !== 0 && i / creativeCount >= 0.5);
      await sendCreativesToQueue(handle.db, {
        datasetId: scope.datasetId,
        creativeIds: outside.slice(0, 2),
        annotator: "analyst",
      });
      expect(await cachedSize()).toBeNull();
      await check();

      const claimed = await claimQueueItems(handle.db, {
        ...scope,
        annotator: "ann",
        strategy: "score",
        count: 3,
        leaseSeconds: 60,
      });
      expect(claimed).toHaveLength(3);
      await check();
      await recordDecision(handle.db, {
        creativeId: claimed[0]!,
        annotator: "ann",
        action: "accept",
        labelId: labelIds[0]!,
        timeSpentMs: 900,
      });
      // A decision changes no creative's flag or score: the cached size stays.
      expect(await cachedSize()).not.toBeNull();
      await recordDecision(handle.db, {
        creativeId: claimed[1]!,
        annotator: "ann",
        action: "skip",
        timeSpentMs: 300,
      });
      await check();
      await undoLastDecision(handle.db, { annotator: "ann", datasetId: scope.datasetId });
      await undoLastDecision(handle.db, { annotator: "ann", datasetId: scope.datasetId });
      await check();
      expect(await expectDecidedKept()).toBe(0);

      // A creative decided before a run of another version starts out decided in it.
      await recordDecision(handle.db, {
        creativeId: claimed[2]!,
        annotator: "ann",
        action: "pick",
        labelId: labelIds[0]!,
        timeSpentMs: 900,
      });
      await storeDetectorScores(handle.db, {
        ...scope,
        modelVersion: "3",
        rows: runRows(creativeIds, 2),
      });
      expect(await expectDecidedKept()).toBe(2);
      await handle.db.execute(sql`delete from detector_scores where model_version = '3'`);

      // A re-run that flags more, then fewer creatives; then a deleted creative.
      await storeDetectorScores(handle.db, { ...scope, rows: runRows(creativeIds, 2) });
      expect(await cachedSize()).toBeNull();
      await check();
      await handle.db.execute(sql`delete from creatives where id = ${creativeIds[0]!}`);
      expect(await cachedSize()).toBeNull();
      await check();
    });

    it("reads the next items off the index of each order", async () => {
      for (const strategy of queueStrategies) {
        const query = freshCandidatesQuery({ ...scope, annotator: "ann", strategy, limit: 15 });
        const planText = await planWithout(handle.db, query);
        expect(planText).toContain(`detector_scores_${strategy}_order_idx`);
        expect(planText).not.toMatch(/\bSort\b/);
      }
    });
  });
}

for (const target of testDatabaseTargets().filter((t) => t.name === "postgres")) {
  describe(`the cached queue size under a concurrent change on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let scope: QueueScope;
    let creativeIds: number[];

    beforeAll(async () => {
      handle = await target.open();
      const library = await openLibrary(handle);
      creativeIds = library.creativeIds;
      scope = { datasetId: library.dataset.id, modelId: "m", modelVersion: "1" };
      await storeDetectorScores(handle.db, { ...scope, rows: runRows(creativeIds, 3) });
    });
    afterAll(async () => handle?.close());

    it("neither waits for a run being stored nor caches what it is about to change", async () => {
      // Never counted yet, so the reader below has to count and would store what it counted.
      const before = creativeIds.filter((_, i) => i % 3 === 0).length;
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const writer = handle.db.transaction(async (tx) => {
        await storeDetectorScores(tx, { ...scope, rows: runRows(creativeIds, 2) });
        locked();
        await held;
      });
      await isLocked;
      // The writer holds the run's row: the reader counts the committed scores and stores nothing.
      expect(await queueSizeOf(handle.db, scope)).toBe(before);
      release();
      await writer;
      const [row] = rowsOf<{ queue_size: number | null }>(
        await handle.db.execute(sql`
          select queue_size from detector_runs where dataset_id = ${scope.datasetId}
            and model_id = 'm' and model_version = '1'`),
      );
      expect(row!.queue_size).toBeNull();
      expect(await queueSizeOf(handle.db, scope)).toBe(creativeIds.length / 2);
    });
  });
}
