import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import type { DatabaseHandle } from "../db";
import { findDatasetByName, listCreativePage } from "../data/creatives";
import { recordDecision, undoLastDecision } from "../data/decisions";
import { overrule } from "../data/overlap";
import { createProposedLabel, findTaxonomyByName, listLabelRefs } from "../data/taxonomies";
import { importCreatives } from "../import/importCreatives";
import { importTaxonomy } from "../import/importTaxonomy";
import { streamOf, testDatabaseTargets } from "../testing/databases";
import { exportLines, type ExportFormat } from "./formats";

for (const target of testDatabaseTargets()) {
  describe(`exports on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let filter: { datasetId: number; taxonomyId: number };
    let labelId: (path: string) => number;

    async function exported(
      format: ExportFormat,
      extra: Record<string, unknown> = {},
    ): Promise<string> {
      let out = "";
      for await (const chunk of exportLines(handle.db, format, { ...filter, ...extra }))
        out += chunk;
      return out;
    }

    beforeAll(async () => {
      handle = await target.open();
      await importTaxonomy(handle.db, {
        file: "t.txt",
        source: streamOf(
          "Vehicles > Auto Repair > Honda\nVehicles > Car Wash\nFood > Sports/Energy Drinks\n",
        ),
        maxBytes: 1e6,
        taxonomy: "t",
      });
      const csv = [
        "id,text,image,predicted_label",
        'a,"Brake job, $99 ""today""",shop/a.png,Vehicles > Car Wash',
        "b,Honda oil change,,Vehicles > Auto Repair > Honda",
        "c,Foam wash,,Vehicles > Car Wash",
      ].join("\n");
      await importCreatives(handle.db, {
        file: "c.csv",
        format: "csv",
        source: streamOf(csv),
        maxBytes: 1e6,
        dataset: "d",
        taxonomy: "t",
      });
      const dataset = (await findDatasetByName(handle.db, "d"))!;
      filter = { datasetId: dataset.id, taxonomyId: dataset.taxonomyId };
      const refs = await listLabelRefs(handle.db, dataset.taxonomyId);
      labelId = (path) => refs.find((r) => r.path.join(" > ") === path)!.id;
      const ids = Object.fromEntries(
        (await listCreativePage(handle.db, dataset.id, { limit: 10, offset: 0 })).items.map((c) => [
          c.externalId,
          c.id,
        ]),
      );
      await recordDecision(handle.db, {
        creativeId: ids.a!,
        annotator: "ann",
        action: "reject",
        labelId: labelId("Vehicles > Auto Repair > Honda"),
        rejectedLabelId: labelId("Vehicles > Car Wash"),
        timeSpentMs: 1200,
      });
      await recordDecision(handle.db, {
        creativeId: ids.b!,
        annotator: "ann",
        action: "accept",
        labelId: labelId("Vehicles > Auto Repair > Honda"),
        timeSpentMs: 800,
      });
      await recordDecision(handle.db, {
        creativeId: ids.c!,
        annotator: "other",
        action: "accept",
        labelId: labelId("Vehicles > Car Wash"),
        timeSpentMs: 500,
      });
      await undoLastDecision(handle.db, { annotator: "other", datasetId: dataset.id });
      await createProposedLabel(handle.db, {
        taxonomyId: dataset.taxonomyId,
        parentId: labelId("Vehicles > Auto Repair"),
        name: "Rivian",
        createdBy: "annotator:ann",
      });
    });
    afterAll(async () => handle?.close());

    it("writes Sentence Transformers pairs readable as CSV and JSONL, without undone decisions", async () => {
      const rows = parse(await exported("pairs.csv"), { columns: true }) as {
        sentence1: string;
        sentence2: string;
        score: string;
      }[];
      expect(rows).toContainEqual({
        sentence1: 'Brake job, $99 "today"',
        sentence2: "Honda, Auto Repair, Vehicles",
        score: "0.9",
      });
      expect(rows).toContainEqual({
        sentence1: 'Brake job, $99 "today"',
        sentence2: "Car Wash, Vehicles",
        score: "0.1",
      });
      expect(rows).toContainEqual({
        sentence1: "Honda oil change",
        sentence2: 'Brake job, $99 "today"',
        score: "0.9",
      });
      expect(rows.some((r) => r.sentence1 === "Foam wash")).toBe(false);
      const jsonl = (await exported("pairs.jsonl"))
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { score: number });
      expect(jsonl).toHaveLength(rows.length);
    });

    it("writes triplets, classification rows, image-text pairs and decisions", async () => {
      expect(parse(await exported("triplets.csv"), { columns: true })).toEqual([
        {
          anchor: 'Brake job, $99 "today"',
          positive: "Honda, Auto Repair, Vehicles",
          negative: "Car Wash, Vehicles",
        },
      ]);
      const classification = parse(await exported("classification.csv"), { columns: true }) as {
        text: string;
        label_path: string;
      }[];
      expect(classification.map((r) => r.label_path)).toEqual([
        "Vehicles > Auto Repair > Honda",
        "Vehicles > Auto Repair > Honda",
      ]);
      expect(parse(await exported("image-text.csv"), { columns: true })).toEqual([
        { image: "shop/a.png", text: 'Brake job, $99 "today"' },
      ]);
      const decisions = (await exported("decisions.jsonl"))
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(decisions).toHaveLength(3);
      expect(decisions[0]).toMatchObject({
        action: "reject",
        label_before: "Vehicles > Car Wash",
        label_after: "Vehicles > Auto Repair > Honda",
        time_spent_ms: 1200,
        retracted_at: null,
        is_review: false,
        superseded_by: null,
      });
      expect(decisions[0]?.input_sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(decisions[2]?.retracted_at).toEqual(expect.any(String));
      expect(
        (await exported("decisions.jsonl", { annotator: "other" })).trim().split("\n"),
      ).toHaveLength(1);
      expect(await exported("pairs.csv", { branch: ["Food"] })).toBe("sentence1,sentence2,score\n");
    });

    it("marks a review decision and the decision it overruled in decisions.jsonl", async () => {
      const b = (
        await listCreativePage(handle.db, filter.datasetId, { limit: 10, offset: 0 })
      ).items.find((c) => c.externalId === "b")!.id;
      const outvoted = await recordDecision(handle.db, {
        creativeId: b,
        annotator: "second",
        action: "pick",
        labelId: labelId("Vehicles > Car Wash"),
        rejectedLabelId: labelId("Vehicles > Auto Repair > Honda"),
        timeSpentMs: 700,
      });
      const review = await recordDecision(handle.db, {
        creativeId: b,
        annotator: "admin",
        action: "accept",
        labelId: labelId("Vehicles > Auto Repair > Honda"),
        timeSpentMs: 900,
        isReview: true,
      });
      await handle.db.transaction((tx) =>
        overrule(tx, {
          creativeId: b,
          byDecisionId: review.decisionId,
          keepLabelId: labelId("Vehicles > Auto Repair > Honda"),
          actor: "admin",
        }),
      );
      const byId = new Map(
        (await exported("decisions.jsonl"))
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l) as Record<string, unknown>)
          .map((d) => [d.decision_id, d]),
      );
      expect(byId.get(outvoted.decisionId)).toMatchObject({
        annotator: "second",
        label_after: "Vehicles > Car Wash",
        is_review: false,
        superseded_by: review.decisionId,
      });
      expect(byId.get(review.decisionId)).toMatchObject({
        annotator: "admin",
        label_after: "Vehicles > Auto Repair > Honda",
        is_review: true,
        superseded_by: null,
      });
      // The first annotator chose the settled label: it stands.
      const agreeing = [...byId.values()].find(
        (d) => d.annotator === "ann" && d.creative_id === "b",
      );
      expect(agreeing).toMatchObject({ is_review: false, superseded_by: null });

      // The classification export takes the settled label; undoing the review brings back the
      // decision it had overruled, the latest standing one.
      const classified = async () =>
        (parse(await exported("classification.csv"), { columns: true }) as Record<string, string>[])
          .filter((r) => r.text === "Honda oil change")
          .map((r) => r.label_path);
      expect(await classified()).toEqual(["Vehicles > Auto Repair > Honda"]);
      await undoLastDecision(handle.db, { annotator: "admin", datasetId: filter.datasetId });
      expect(await classified()).toEqual(["Vehicles > Car Wash"]);
    });

    it("exports the taxonomy with proposed labels so that importing it gives the same taxonomy", async () => {
      const text = await exported("taxonomy.txt");
      expect(text).toContain("Vehicles > Auto Repair > Rivian\n");
      const report = await importTaxonomy(handle.db, {
        file: "round-trip.txt",
        source: streamOf(text),
        maxBytes: 1e6,
        taxonomy: "copy",
      });
      expect(report.status).toBe("done");
      const copyTaxonomy = (await findTaxonomyByName(handle.db, "copy"))!;
      const copy = (await listLabelRefs(handle.db, copyTaxonomy.id)).map((l) => l.path.join(" > "));
      const original = (await listLabelRefs(handle.db, filter.taxonomyId)).map((l) =>
        l.path.join(" > "),
      );
      expect(copy.sort()).toEqual(original.sort());
    });
  });
}
