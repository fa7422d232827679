import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { decodeAdapter, encodeAdapter } from "@/lib/core/adaptation/adapter";
import { trainingSetOf, versionMetricsOf } from "@/lib/core/adaptation/round";
import { defaultAdapterTrainOptions, trainAdapter } from "@/lib/core/adaptation/trainAdapter";
import { adaptedModelVersion, type VersionMetrics } from "@/lib/core/adaptation/versions";
import { defaultModel, modelVersionOf } from "@/lib/core/models/registry";
import type { DatabaseHandle } from "../db";
import { importCreatives } from "../import/importCreatives";
import { importTaxonomy } from "../import/importTaxonomy";
import { modelVersionErrorResponse } from "../modelVersionErrors";
import { embedDataset } from "../pipeline/embedDataset";
import { scoreDataset } from "../pipeline/scoreDataset";
import { streamOf, testDatabaseTargets } from "../testing/databases";
import { findDatasetByName, listCreativePage } from "./creatives";
import { recordDecision } from "./decisions";
import {
  createModelVersion,
  getModelVersion,
  getTrainingSettings,
  listModelVersions,
  ModelVersionNotFoundError,
  ModelVersionRejectedError,
  retrainProposal,
  selectModelVersion,
  setRetrainAfterDecisions,
} from "./modelVersions";
import { claimQueueItems } from "./queue";
import { getQueueItems, latestDetectorRun } from "./queueItems";
import { listLabelRefs, rowsOf } from "./taxonomies";
import { loadTrainingData } from "./trainingData";
import { materializeVersionEmbeddings } from "./versionEmbeddings";
import { countClearedFlags } from "./versionRuns";
import { adCopyByLabel } from "@/lib/server/testing/adCopy";

/**
 * Model versions over a real (small) dataset embedded with the bundled model: storing and
 * listing versions, the retraining proposal, selecting a version (the queue follows its run)
 * and rolling back (the base run comes back exactly as stored), a version's vectors, and the
 * flags its run cleared. The version is trained by the core trainer on the server's own data.
 */
const model = defaultModel();
const base = { baseModelId: model.id, baseModelVersion: modelVersionOf(model) };

const byLabel = adCopyByLabel;
/** The classifier's mistakes: each is corrected by a decision before the version is trained. */
const planted = [
  [
    "Cheesy pizza slices and garlic knots, order for delivery",
    "Vehicles > Auto Repair",
    "Food > Pizza",
  ],
  ["Fresh espresso and cappuccino made by our baristas", "Travel > Hotels", "Food > Coffee"],
  ["Deep dish pizza night: family meal deal", "Vehicles > Car Sales", "Food > Pizza"],
  ["Iced mocha and a muffin for your commute", "Vehicles > Auto Repair", "Food > Coffee"],
] as const;
const variants = ["", "Limited offer: ", "This week only. ", "Near you: "];

function csv(): string {
  const rows: string[] = [];
  let n = 0;
  const add = (text: string, label: string) =>
    rows.push(`c${String(n++).padStart(3, "0")},"${text}",${label},0.8`);
  for (const [label, texts] of Object.entries(byLabel)) {
    for (const v of variants) for (const t of texts) add(`${v}${t}`, label);
  }
  for (const [text, label] of planted) add(text, label);
  return `id,text,predicted_label,predicted_score\n${rows.join("\n")}\n`;
}

/** Every stored column of a run's rows and of what it suggested, as the database prints them. */
async function snapshotRun(handle: DatabaseHandle, modelVersion: string) {
  const scores = rowsOf<{ row: string }>(
    await handle.db.execute(sql`select row_to_json(s)::text as row from detector_scores s
      where s.model_id = ${base.baseModelId} and s.model_version = ${modelVersion}
      order by s.creative_id`),
  ).map((r) => r.row);
  const suggestions = rowsOf<{ row: string }>(
    await handle.db.execute(sql`select row_to_json(s)::text as row from suggestions s
      where s.source = 'nearest_label' and s.model_version = ${modelVersion} order by s.id`),
  ).map((r) => r.row);
  const groups = rowsOf<{ row: string }>(
    await handle.db.execute(sql`select row_to_json(g)::text as row from new_label_groups g
      where g.model_id = ${base.baseModelId} and g.model_version = ${modelVersion} order by g.id`),
  ).map((r) => r.row);
  return { scores, suggestions, groups };
}

for (const target of testDatabaseTargets()) {
  describe(`model versions on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let datasetId: number;
    let otherDatasetId: number;
    let idOf: (text: string) => number;
    let labelOf: (path: string) => number;
    let metrics: VersionMetrics;
    let weights: Uint8Array;
    let dim: number;

    /** The queue as an annotator sees it now: its run, the first items in order, their cards. */
    const queueNow = async () => {
      const run = await latestDetectorRun(handle.db, datasetId);
      if (!run) throw new Error("no run");
      const ids = await claimQueueItems(handle.db, {
        datasetId,
        ...run,
        annotator: "probe",
        strategy: "score",
        count: 20,
        leaseSeconds: 60,
      });
      await handle.db.execute(sql`delete from queue_leases where annotator = 'probe'`);
      return { run, ids, items: await getQueueItems(handle.db, { ...run, creativeIds: ids }) };
    };

    beforeAll(async () => {
      handle = await target.open();
      await importTaxonomy(handle.db, {
        file: "t.txt",
        source: streamOf(`${Object.keys(byLabel).join("\n")}\n`),
        maxBytes: 1e6,
        taxonomy: "t",
      });
      for (const name of ["versions", "other"]) {
        await importCreatives(handle.db, {
          file: "c.csv",
          format: "csv",
          source: streamOf(csv()),
          maxBytes: 1e6,
          dataset: name,
          taxonomy: "t",
        });
      }
      const dataset = (await findDatasetByName(handle.db, "versions"))!;
      datasetId = dataset.id;
      otherDatasetId = (await findDatasetByName(handle.db, "other"))!.id;
      const creatives = (await listCreativePage(handle.db, datasetId, { limit: 1000, offset: 0 }))
        .items;
      idOf = (text) => creatives.find((c) => c.text === text)!.id;
      const refs = await listLabelRefs(handle.db, dataset.taxonomyId);
      labelOf = (path) => refs.find((l) => l.path.join(" > ") === path)!.id;
      await embedDataset(handle.db, { datasetId, model });
      await scoreDataset(handle.db, { datasetId, model });
      // An annotator corrects the planted mistakes and confirms a few good labels.
      for (const [text, wrong, right] of planted) {
        await recordDecision(handle.db, {
          creativeId: idOf(text),
          annotator: "ann",
          action: "pick",
          labelId: labelOf(right),
          rejectedLabelId: labelOf(wrong),
          timeSpentMs: 1000,
        });
      }
      for (const [label, texts] of Object.entries(byLabel)) {
        for (const text of texts.slice(0, 2)) {
          await recordDecision(handle.db, {
            creativeId: idOf(text),
            annotator: "ann",
            action: "accept",
            labelId: labelOf(label),
            timeSpentMs: 1000,
          });
        }
      }
      const data = await loadTrainingData(handle.db, { datasetId, ...base });
      const options = { ...defaultAdapterTrainOptions, maxEpochs: 5 };
      const result = trainAdapter(trainingSetOf(data), options);
      metrics = versionMetricsOf({ result, options, data, seconds: 1, device: "node" });
      weights = encodeAdapter(result.adapter);
      dim = data.dim;
    }, 180_000);
    afterAll(async () => handle?.close());

    const create = (overrides: Partial<Parameters<typeof createModelVersion>[1]> = {}) =>
      createModelVersion(handle.db, {
        datasetId,
        ...base,
        parentId: null,
        dim,
        weights,
        lastDecisionId: 0,
        decisionCount: 0,
        metrics,
        createdBy: "curator",
        ...overrides,
      });

    it("refuses weights of the wrong length or not finite, and a parent from elsewhere", async () => {
      await expect(create({ weights: weights.subarray(4) })).rejects.toThrow(
        ModelVersionRejectedError,
      );
      const nan = weights.slice();
      new DataView(nan.buffer).setFloat32(8, Number.NaN, true);
      await expect(create({ weights: nan })).rejects.toThrow(/value 2 is not finite/);
      await expect(create({ parentId: 999_999 })).rejects.toThrow(ModelVersionRejectedError);
      const foreign = await create({ datasetId: otherDatasetId });
      await expect(create({ parentId: foreign.id })).rejects.toThrow(/parentId/);
      await expect(
        create({ parentId: foreign.id, datasetId: otherDatasetId }),
      ).resolves.toMatchObject({
        parentId: foreign.id,
      });
      expect(await listModelVersions(handle.db, datasetId)).toEqual([]);
    });

    it("answers 404 for an unknown version and 422 for one that does not fit", async () => {
      expect(await findDatasetByName(handle.db, "no such dataset")).toBeUndefined();
      expect(await getModelVersion(handle.db, 999_999)).toBeNull();
      const unknown = selectModelVersion(handle.db, {
        datasetId,
        ...base,
        versionId: 999_999,
        actor: "curator",
      });
      await expect(unknown).rejects.toThrow(ModelVersionNotFoundError);
      const error = await unknown.catch((e: unknown) => e);
      expect(modelVersionErrorResponse(error, "x").status).toBe(404);
      await expect(materializeVersionEmbeddings(handle.db, 999_999)).rejects.toThrow(
        ModelVersionNotFoundError,
      );
      const [other] = await listModelVersions(handle.db, otherDatasetId);
      // A version of another dataset is not found in this one.
      await expect(
        selectModelVersion(handle.db, { datasetId, ...base, versionId: other!.id, actor: "c" }),
      ).rejects.toThrow(ModelVersionNotFoundError);
      const rejected = await create({ weights: new Uint8Array(3) }).catch((e: unknown) => e);
      expect(modelVersionErrorResponse(rejected, "x").status).toBe(422);
    });

    it("proposes a round once enough decisions arrived since the last version", async () => {
      const decisions = planted.length + 2 * Object.keys(byLabel).length;
      expect(
        await retrainProposal(handle.db, datasetId, base.baseModelId, base.baseModelVersion),
      ).toEqual({ decisionsSince: decisions, retrainAfterDecisions: 200, due: false });
      await setRetrainAfterDecisions(handle.db, {
        datasetId,
        retrainAfterDecisions: decisions,
        actor: "curator",
      });
      const due = await retrainProposal(
        handle.db,
        datasetId,
        base.baseModelId,
        base.baseModelVersion,
      );
      expect(due).toEqual({
        decisionsSince: decisions,
        retrainAfterDecisions: decisions,
        due: true,
      });
      await expect(
        setRetrainAfterDecisions(handle.db, { datasetId, retrainAfterDecisions: 0, actor: "c" }),
      ).rejects.toThrow(ModelVersionRejectedError);
    });

    it("stores a version, lists it, selects it (the queue follows its run) and rolls back exactly", async () => {
      const baseRun = await snapshotRun(handle, base.baseModelVersion);
      const queueBefore = await queueNow();
      expect(queueBefore.run).toEqual({
        modelId: base.baseModelId,
        modelVersion: base.baseModelVersion,
      });

      const data = await loadTrainingData(handle.db, { datasetId, ...base });
      const version = await create({
        parentId: data.parentId,
        lastDecisionId: data.lastDecisionId,
        decisionCount: data.decisionCount,
      });
      const modelVersion = adaptedModelVersion(base.baseModelVersion, version.id);
      expect(version).toMatchObject({ modelVersion, selected: false, parentId: null, dim });
      expect((await listModelVersions(handle.db, datasetId, base)).map((v) => v.id)).toEqual([
        version.id,
      ]);
      const stored = (await getModelVersion(handle.db, version.id))!;
      expect(Buffer.from(stored.weights).equals(Buffer.from(weights))).toBe(true);
      // The version knew every decision so far: no round is due any more.
      expect(
        (await retrainProposal(handle.db, datasetId, base.baseModelId, base.baseModelVersion))
          .decisionsSince,
      ).toBe(0);

      // Its vectors: all of the base model's, once; a second call finds them current.
      const first = await materializeVersionEmbeddings(handle.db, version.id);
      expect(first).toMatchObject({ modelId: base.baseModelId, modelVersion, skipped: 0 });
      expect(first.total).toBeGreaterThan(100);
      expect(first.stored).toBe(first.total);
      const again = await materializeVersionEmbeddings(handle.db, version.id);
      expect(again).toEqual({ ...first, stored: 0, unchanged: first.total });

      const adapter = decodeAdapter(stored.weights, dim);
      await scoreDataset(handle.db, { datasetId, model, version: { modelVersion, adapter } });
      await selectModelVersion(handle.db, {
        datasetId,
        ...base,
        versionId: version.id,
        actor: "curator",
      });
      expect((await getTrainingSettings(handle.db, datasetId)).selected).toEqual({
        modelId: base.baseModelId,
        modelVersion,
        versionId: version.id,
      });
      expect((await listModelVersions(handle.db, datasetId))[0]?.selected).toBe(true);
      const followed = await queueNow();
      expect(followed.run).toEqual({ modelId: base.baseModelId, modelVersion });
      // The queue is the version's run's order, with the version's scores on the cards.
      const versionRanks = rowsOf<{ creative_id: number; score: number }>(
        await handle.db.execute(sql`select s.creative_id, s.score from detector_scores s
          where s.model_version = ${modelVersion} and s.flag is not null
            and not exists (select 1 from decisions d where d.creative_id = s.creative_id)
          order by s.score_rank limit 20`),
      );
      expect(followed.ids).toEqual(versionRanks.map((r) => r.creative_id));
      expect(followed.items.map((i) => i.detectorScore)).toEqual(versionRanks.map((r) => r.score));
      expect(followed.ids).not.toEqual(queueBefore.ids);

      // Rolling back selects the base model: its run, untouched, is the queue again.
      await selectModelVersion(handle.db, {
        datasetId,
        ...base,
        versionId: null,
        actor: "curator",
      });
      expect(await snapshotRun(handle, base.baseModelVersion)).toEqual(baseRun);
      const queueAfter = await queueNow();
      expect(queueAfter.run).toEqual(queueBefore.run);
      expect(queueAfter).toEqual(queueBefore);
    }, 120_000);

    it("counts the flags a version's run cleared of its parent space's run", async () => {
      const [version] = await listModelVersions(handle.db, datasetId, base);
      const modelVersion = version!.modelVersion;
      const pairs = rowsOf<{ parent: string | null; child: string | null }>(
        await handle.db.execute(sql`select p.flag as parent, v.flag as child
          from detector_scores v join detector_scores p on p.creative_id = v.creative_id
            and p.model_id = v.model_id and p.model_version = ${base.baseModelVersion}
          where v.model_version = ${modelVersion}`),
      );
      const cleared = pairs.filter((p) => p.parent !== null && p.child === null);
      const counts = await countClearedFlags(handle.db, {
        datasetId,
        modelId: base.baseModelId,
        modelVersion,
      });
      expect(counts).toEqual({
        wrongLabel: cleared.filter((p) => p.parent === "wrong_label").length,
        newLabel: cleared.filter((p) => p.parent === "new_label").length,
        total: cleared.length,
      });
      // The corrected mistakes were flagged by the base run; the version's run, which knows the
      // decisions, no longer flags them.
      expect(counts.total).toBeGreaterThan(0);
      // The base model's run has nothing to compare with, and another dataset's counts are its own.
      expect(
        await countClearedFlags(handle.db, {
          datasetId,
          modelId: base.baseModelId,
          modelVersion: base.baseModelVersion,
        }),
      ).toEqual({ wrongLabel: 0, newLabel: 0, total: 0 });
      expect(
        await countClearedFlags(handle.db, {
          datasetId: otherDatasetId,
          modelId: base.baseModelId,
          modelVersion,
        }),
      ).toEqual({ wrongLabel: 0, newLabel: 0, total: 0 });
    }, 60_000);
  });
}
