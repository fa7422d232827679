import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { adaptedModelVersion } from "@/lib/core/adaptation/versions";
import { defaultModel, modelVersionOf } from "@/lib/core/models/registry";
import type { DatabaseHandle } from "../db";
import { findDatasetByName, listCreativePage } from "../data/creatives";
import { recordDecision } from "../data/decisions";
import { getModelVersion, selectModelVersion } from "../data/modelVersions";
import { latestDetectorRun } from "../data/queueItems";
import { listLabelRefs, rowsOf } from "../data/taxonomies";
import { importCreatives } from "../import/importCreatives";
import { importTaxonomy } from "../import/importTaxonomy";
import { streamOf, testDatabaseTargets } from "../testing/databases";
import { embedDataset } from "./embedDataset";
import { scoreDataset } from "./scoreDataset";
import { TrainRoundRejectedError, trainRound, type RoundPhase } from "./trainRound";

/**
 * A small real round on an imported dataset embedded with the bundled model: the version is
 * stored, its vectors and detector run exist under its model version, the queue follows it, and
 * the same data trains the same bytes.
 */
const model = defaultModel();
const base = { baseModelId: model.id, baseModelVersion: modelVersionOf(model) };
const options = { maxEpochs: 4 };

const texts: Record<string, string[]> = {
  "Food > Pizza": [
    "Hot pepperoni pizza delivered in 30 minutes",
    "Wood-fired margherita pizza, order online now",
    "Two large pizzas for the price of one tonight",
    "Stuffed crust pizza with extra cheese, free delivery",
  ],
  "Food > Coffee": [
    "Freshly roasted espresso beans shipped to your door",
    "Start your morning with our smooth cold brew coffee",
    "Latte and croissant combo at your neighbourhood cafe",
    "Single-origin coffee subscription, cancel anytime",
  ],
  "Travel > Hotels": [
    "Book a beachfront hotel room with free breakfast",
    "Luxury hotel suites downtown, best rate guaranteed",
    "Family-friendly resort hotel with pool and spa",
    "Last-minute hotel deals for your weekend getaway",
  ],
};
const variants = ["", "Limited offer: ", "This week only. ", "Near you: ", "New: "];
const mistake = "Cheesy pizza slices and garlic knots, order for delivery";

function csv(): string {
  const rows: string[] = [];
  let n = 0;
  for (const [label, list] of Object.entries(texts)) {
    for (const v of variants) for (const t of list) rows.push(`c${n++},"${v}${t}",${label},0.8`);
  }
  rows.push(`c${n++},"${mistake}",Travel > Hotels,0.8`);
  return `id,text,predicted_label,predicted_score\n${rows.join("\n")}\n`;
}

for (const target of testDatabaseTargets()) {
  describe(`a training round on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let datasetId: number;
    /** The version the round without selecting stored. */
    let unselectedId: number;

    beforeAll(async () => {
      handle = await target.open();
      await importTaxonomy(handle.db, {
        file: "t.txt",
        source: streamOf(`${Object.keys(texts).join("\n")}\n`),
        maxBytes: 1e6,
        taxonomy: "t",
      });
      await importCreatives(handle.db, {
        file: "c.csv",
        format: "csv",
        source: streamOf(csv()),
        maxBytes: 1e6,
        dataset: "round",
        taxonomy: "t",
      });
      datasetId = (await findDatasetByName(handle.db, "round"))!.id;
      await embedDataset(handle.db, { datasetId, model });
      await scoreDataset(handle.db, { datasetId, model });
    }, 120_000);
    afterAll(async () => handle?.close());

    it("refuses a dataset without decisions, naming what is missing", async () => {
      await expect(
        trainRound(handle.db, { datasetId, model, actor: "t", options }),
      ).rejects.toThrow(TrainRoundRejectedError);
      await expect(
        trainRound(handle.db, { datasetId, model, actor: "t", options }),
      ).rejects.toThrow(/no decisions/);
    });

    it("trains without selecting: the queue stays on the base run", async () => {
      const dataset = (await findDatasetByName(handle.db, "round"))!;
      const creatives = (await listCreativePage(handle.db, datasetId, { limit: 1000, offset: 0 }))
        .items;
      const refs = await listLabelRefs(handle.db, dataset.taxonomyId);
      const labelOf = (path: string) => refs.find((l) => l.path.join(" > ") === path)!.id;
      const decide = (text: string, label: string, rejected?: string) =>
        recordDecision(handle.db, {
          creativeId: creatives.find((c) => c.text === text)!.id,
          annotator: "ann",
          action: rejected ? "pick" : "accept",
          labelId: labelOf(label),
          rejectedLabelId: rejected ? labelOf(rejected) : undefined,
          timeSpentMs: 1000,
        });
      await decide(mistake, "Food > Pizza", "Travel > Hotels");
      for (const [label, list] of Object.entries(texts)) {
        for (const t of list.slice(0, 2)) await decide(t, label);
      }
      const round = await trainRound(handle.db, {
        datasetId,
        model,
        actor: "t",
        options,
        select: false,
      });
      expect(round.selected).toBeNull();
      unselectedId = round.version.id;
      expect(round.version.selected).toBe(false);
      expect(await latestDetectorRun(handle.db, datasetId)).toEqual({
        modelId: base.baseModelId,
        modelVersion: base.baseModelVersion,
      });
    }, 120_000);

    it("stores, embeds, scores and selects a version; the same data trains the same bytes", async () => {
      const epochs: number[] = [];
      const phases: RoundPhase[] = [];
      const round = await trainRound(handle.db, {
        datasetId,
        model,
        actor: "t",
        options,
        onEpoch: (e, max) => {
          expect(max).toBe(options.maxEpochs);
          epochs.push(e.epoch);
        },
        onPhase: (p) => phases.push(p),
      });
      const modelVersion = adaptedModelVersion(base.baseModelVersion, round.version.id);
      expect(phases).toEqual(["load", "train", "store", "embed", "score", "select"]);
      expect(epochs).toEqual(round.metrics.history.map((h) => h.epoch));
      expect(round.metrics).toMatchObject({ device: "node", objective: "softmax" });
      expect(round.counts.decisions).toBe(7);
      expect(round.counts.decisionPairs).toBeGreaterThan(0);
      expect(round.version).toMatchObject({ modelVersion, parentId: null, selected: true });
      expect(round.selected).toEqual({
        modelId: base.baseModelId,
        modelVersion,
        versionId: round.version.id,
      });
      expect(await latestDetectorRun(handle.db, datasetId)).toEqual({
        modelId: base.baseModelId,
        modelVersion,
      });

      // Its vectors: one per base vector of the dataset.
      const [counts] = rowsOf<{ adapted: number; base: number }>(
        await handle.db.execute(sql`select
          count(*) filter (where model_version = ${modelVersion})::int as adapted,
          count(*) filter (where model_version = ${base.baseModelVersion})::int as base
          from embeddings where model_id = ${base.baseModelId}`),
      );
      expect(counts!.adapted).toBe(counts!.base);
      expect(round.embeddings).toMatchObject({ stored: counts!.base, total: counts!.base });
      // Its detector run, under the adapted model version, for every creative.
      const [run] = rowsOf<{ n: number; flagged: number }>(
        await handle.db.execute(sql`select count(*)::int as n,
          count(*) filter (where flag is not null)::int as flagged
          from detector_scores where model_id = ${base.baseModelId} and model_version = ${modelVersion}`),
      );
      expect(run!.n).toBe(round.counts.scored);
      expect(run!.flagged).toBe(round.counts.flaggedAfter);

      // Rolled back, the data is what the first rounds trained on: the same adapter, to the byte.
      await selectModelVersion(handle.db, { datasetId, ...base, versionId: null, actor: "t" });
      const again = await trainRound(handle.db, { datasetId, model, actor: "t", options });
      expect(again.version.id).not.toBe(round.version.id);
      const bytes = async (id: number) =>
        Buffer.from((await getModelVersion(handle.db, id))!.weights);
      expect((await bytes(again.version.id)).equals(await bytes(round.version.id))).toBe(true);
      expect((await bytes(unselectedId)).equals(await bytes(round.version.id))).toBe(true);
      expect(again.metrics.history).toEqual(
        round.metrics.history.map((h, i) => ({ ...h, seconds: again.metrics.history[i]!.seconds })),
      );
    }, 180_000);
  });
}
