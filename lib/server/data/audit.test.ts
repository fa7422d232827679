import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db";
import { testDatabaseTargets } from "../testing/databases";
import { importSmallLibrary } from "../testing/smallLibrary";
import { listAudit } from "./audit";
import { findDatasetByName, listCreativePage } from "./creatives";
import { recordDecision, undoLastDecision } from "./decisions";
import { setSimilarityThreshold } from "./thresholds";
import { createProposedLabel, listLabelRefs } from "./taxonomies";

/** The audit log records an annotation session: who changed what, before and after, in order. */
for (const target of testDatabaseTargets()) {
  describe(`audit log on ${target.name}`, () => {
    let handle: DatabaseHandle;

    beforeAll(async () => {
      handle = await target.open();
      await importSmallLibrary(handle.db, "audited", ["one", "two"]);
    });
    afterAll(async () => handle?.close());

    it("records decisions, undo, a proposed label and a threshold with their actor and states", async () => {
      const dataset = (await findDatasetByName(handle.db, "audited"))!;
      const refs = await listLabelRefs(handle.db, dataset.taxonomyId);
      const labelC = refs.find((l) => l.path.join(" > ") === "A > C")!.id;
      const [one, two] = (await listCreativePage(handle.db, dataset.id, { limit: 10, offset: 0 }))
        .items;
      const decided = await recordDecision(handle.db, {
        creativeId: one!.id,
        annotator: "ana",
        action: "pick",
        labelId: labelC,
        timeSpentMs: 1200,
        clientDecisionId: crypto.randomUUID(),
      });
      await recordDecision(handle.db, {
        creativeId: two!.id,
        annotator: "ana",
        action: "skip",
        timeSpentMs: 300,
        clientDecisionId: crypto.randomUUID(),
      });
      await undoLastDecision(handle.db, { annotator: "ana", datasetId: dataset.id });
      const proposed = await createProposedLabel(handle.db, {
        taxonomyId: dataset.taxonomyId,
        parentId: null,
        name: "New <b>",
        createdBy: "annotator:ana",
      });
      await setSimilarityThreshold(handle.db, {
        datasetId: dataset.id,
        modelId: "m",
        modelVersion: "1",
        value: 0.3,
        updatedBy: "olga",
      });
      await setSimilarityThreshold(handle.db, {
        datasetId: dataset.id,
        modelId: "m",
        modelVersion: "1",
        value: 0.4,
        updatedBy: "olga",
      });

      const log = (await listAudit(handle.db, { limit: 50 })).reverse();
      expect(log.map((e) => `${e.actor} ${e.action}`)).toEqual([
        "ana decision.pick",
        "ana decision.skip",
        "ana decision.undo",
        "ana label.propose",
        "olga threshold.set",
        "olga threshold.set",
      ]);
      expect(log[0]).toMatchObject({
        entityType: "decision",
        entityId: String(decided.decisionId),
        after: { creativeId: one!.id, labelId: labelC },
      });
      expect(log[2]!.after).toMatchObject({ retracted: true });
      expect(log[3]).toMatchObject({ entityId: String(proposed.id), after: { path: ["New <b>"] } });
      expect(log[4]!.before).toBeNull();
      expect(log[5]).toMatchObject({ before: { value: 0.3 }, after: { value: 0.4 } });
      expect(await listAudit(handle.db, { actor: "olga", limit: 50 })).toHaveLength(2);
      expect(await listAudit(handle.db, { entityType: "label", limit: 50 })).toHaveLength(1);
    });
  });
}
