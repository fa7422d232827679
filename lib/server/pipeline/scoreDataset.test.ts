import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { defaultModel, modelVersionOf } from "@/lib/core/models/registry";
import type { DatabaseHandle } from "../db";
import { findDatasetByName, listCreativePage } from "../data/creatives";
import { recordDecision } from "../data/decisions";
import { loadRunInputs } from "../data/detectorInputs";
import { DetectorRunRejectedError, storeDetectorRun } from "../data/detectorScores";
import { getGroupsOf, labelNewLabelGroup } from "../data/newLabelGroups";
import { claimQueueItems } from "../data/queue";
import { createProposedLabel, listLabelRefs, rowsOf } from "../data/taxonomies";
import { importCreatives } from "../import/importCreatives";
import { importTaxonomy } from "../import/importTaxonomy";
import { streamOf, testDatabaseTargets } from "../testing/databases";
import { embedDataset } from "./embedDataset";
import { scoreDataset } from "./scoreDataset";
import { adCopyByLabel } from "@/lib/server/testing/adCopy";

/**
 * The detector run over a real (small) dataset with the bundled model: scores, queue ranks and
 * new-label groups stored; decisions read back as the detector's training signal. Texts are
 * ordinary ad copy under five labels, three planted wrong labels, and four pet-grooming ads the
 * taxonomy has no label for.
 */
const model = defaultModel();
const key = { modelId: model.id, modelVersion: modelVersionOf(model) };

const byLabel = adCopyByLabel;
/** Pizza ads labelled as auto repair and coffee as hotels: the classifier's mistakes. */
const planted = [
  ["Cheesy pizza slices and garlic knots, order for delivery", "Vehicles > Auto Repair"],
  ["Fresh espresso and cappuccino made by our baristas", "Travel > Hotels"],
  ["Deep dish pizza night: family meal deal", "Vehicles > Car Sales"],
] as const;
const grooming = [
  "Dog grooming and nail trimming for your pet",
  "Professional pet grooming: bath, haircut and brushing for dogs",
  "Mobile dog groomer comes to your home",
  "Pamper your puppy with a full grooming session",
];

/** Ways to say each text again, so the dataset is large enough for the default thresholds. */
const variants = ["", "Limited offer: ", "This week only. ", "Near you: "];

function csvRows(): string[] {
  const rows: string[] = [];
  let n = 0;
  const add = (text: string, label: string, generative = "") =>
    rows.push(`c${String(n++).padStart(3, "0")},"${text}",${label},0.8,${generative}`);
  for (const [label, texts] of Object.entries(byLabel)) {
    for (const v of variants) for (const t of texts) add(`${v}${t}`, label);
  }
  for (const [text, label] of planted) add(text, label);
  for (const text of grooming) add(text, "Travel > Hotels", "Pets > Pet Grooming");
  return rows;
}

for (const target of testDatabaseTargets()) {
  describe(`scoring a dataset on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let datasetId: number;
    let idOf: (text: string) => number;
    let labelOf: (path: string) => number;

    beforeAll(async () => {
      handle = await target.open();
      await importTaxonomy(handle.db, {
        file: "t.txt",
        source: streamOf(`${Object.keys(byLabel).join("\n")}\n`),
        maxBytes: 1e6,
        taxonomy: "t",
      });
      await importCreatives(handle.db, {
        file: "c.csv",
        format: "csv",
        source: streamOf(
          `id,text,predicted_label,predicted_score,generative_label\n${csvRows().join("\n")}\n`,
        ),
        maxBytes: 1e6,
        dataset: "score",
        taxonomy: "t",
      });
      const dataset = (await findDatasetByName(handle.db, "score"))!;
      datasetId = dataset.id;
      const creatives = (await listCreativePage(handle.db, datasetId, { limit: 1000, offset: 0 }))
        .items;
      idOf = (text) => creatives.find((c) => c.text === text)!.id;
      const refs = await listLabelRefs(handle.db, dataset.taxonomyId);
      labelOf = (path) => refs.find((l) => l.path.join(" > ") === path)!.id;
      await embedDataset(handle.db, { datasetId, model });
    }, 120_000);
    afterAll(async () => handle?.close());

    it("stores verdicts, diversified queue ranks and new-label groups", async () => {
      const result = await scoreDataset(handle.db, { datasetId, model });
      expect(result.scored).toBe(25 * variants.length + planted.length + grooming.length);
      // The first run is a bulk write: its scores were vacuumed once stored (only a vacuum marks
      // pages all-visible), not left for autovacuum to do while annotators claim.
      const [vacuumed] = rowsOf<{ pages: number }>(
        await handle.db.execute(
          sql`select relallvisible::int as pages from pg_class where oid = 'detector_scores'::regclass`,
        ),
      );
      expect(vacuumed!.pages).toBeGreaterThan(0);
      const rows = rowsOf<{
        creative_id: number;
        flag: string | null;
        score_rank: number;
        group_id: number | null;
      }>(
        await handle.db.execute(sql`
          select creative_id, flag, score_rank, group_id from detector_scores
          where model_id = ${key.modelId} and model_version = ${key.modelVersion}`),
      );
      const flagged = rows.filter((r) => r.flag !== null);
      expect(flagged.length).toBe(result.wrongLabel + result.newLabel);
      // The ranks are a permutation of the flagged creatives; the rest come after them.
      expect(flagged.map((r) => r.score_rank).sort((a, b) => a - b)).toEqual(
        flagged.map((_, i) => i),
      );
      for (const r of rows.filter((r) => r.flag === null)) {
        expect(r.score_rank).toBe(flagged.length);
      }
      // Every planted mistake is flagged.
      const flagOf = new Map(rows.map((r) => [r.creative_id, r.flag]));
      for (const [text] of planted) expect(flagOf.get(idOf(text))).not.toBeNull();
      // Groups hold only new-label candidates, and their stored size is their membership.
      const groups = rowsOf<{ id: number; size: number; members: number; others: number }>(
        await handle.db.execute(sql`select g.id, g.size,
            (select count(*) from detector_scores s where s.group_id = g.id)::int as members,
            (select count(*) from detector_scores s where s.group_id = g.id
               and s.flag is distinct from 'new_label')::int as others
          from new_label_groups g where g.dataset_id = ${datasetId}`),
      );
      expect(groups.length).toBe(result.groups);
      for (const g of groups) {
        expect(g.members).toBe(g.size);
        expect(g.size).toBeGreaterThanOrEqual(2);
        expect(g.others).toBe(0);
      }
      // The queue serves the run's diversified order.
      const claimed = await claimQueueItems(handle.db, {
        datasetId,
        ...key,
        annotator: "probe",
        strategy: "score",
        count: 5,
        leaseSeconds: 60,
      });
      const byRank = flagged.sort((a, b) => a.score_rank - b.score_rank).slice(0, 5);
      expect(claimed).toEqual(byRank.map((r) => r.creative_id));
    }, 60_000);

    it("learns from decisions: they reach the detector as outcomes, and a re-run replaces the group set", async () => {
      const accept = byLabel["Food > Pizza"]!.slice(0, 3);
      for (const text of accept) {
        await recordDecision(handle.db, {
          creativeId: idOf(text),
          annotator: "ann",
          action: "accept",
          labelId: labelOf("Food > Pizza"),
          timeSpentMs: 1000,
        });
      }
      await recordDecision(handle.db, {
        creativeId: idOf(planted[0][0]),
        annotator: "ann",
        action: "pick",
        labelId: labelOf("Food > Pizza"),
        rejectedLabelId: labelOf("Vehicles > Auto Repair"),
        timeSpentMs: 1000,
      });
      await recordDecision(handle.db, {
        creativeId: idOf(planted[1][0]),
        annotator: "ann",
        action: "skip",
        timeSpentMs: 1000,
      });
      const inputs = await loadRunInputs(handle.db, { datasetId, ...key });
      const outcome = (text: string) => inputs.creatives.find((c) => c.id === idOf(text))?.decision;
      for (const text of accept) {
        expect(outcome(text)).toEqual({ outcome: "confirmed", labelId: labelOf("Food > Pizza") });
      }
      expect(outcome(planted[0][0])).toEqual({
        outcome: "corrected",
        labelId: labelOf("Food > Pizza"),
      });
      expect(outcome(planted[1][0])).toBeNull();

      const sentByHand = idOf(byLabel["Travel > Hotels"]![0]!);
      await handle.db
        .execute(sql`update detector_scores set signals = signals || '{"manual": 1}'::jsonb
        where creative_id = ${sentByHand}`);
      const rerun = await scoreDataset(handle.db, { datasetId, model });
      const [kept] = rowsOf<{ manual: boolean }>(
        await handle.db.execute(sql`select signals ? 'manual' as manual from detector_scores
          where creative_id = ${sentByHand}`),
      );
      expect(kept?.manual).toBe(true);
      const after = rowsOf<{ n: number; dangling: number }>(
        await handle.db.execute(sql`select count(*)::int as n,
          (select count(*) from detector_scores s where s.group_id is not null
             and not exists (select 1 from new_label_groups g where g.id = s.group_id))::int as dangling
          from new_label_groups`),
      )[0]!;
      expect(after.n).toBe(rerun.groups);
      expect(after.dangling).toBe(0);
    }, 60_000);
    it("stores a run's groups with their members, replaces them on the next run, and refuses foreign ids", async () => {
      const inputs = await loadRunInputs(handle.db, { datasetId, ...key });
      const creativeIds = inputs.creatives.map((c) => c.id);
      const labelIds = inputs.labels.map((l) => l.id);
      const groomingRows = grooming.map((t) => creativeIds.indexOf(idOf(t)));
      const row = (i: number) => ({
        flag: groomingRows.includes(i) ? ("new_label" as const) : null,
        score: groomingRows.includes(i) ? 1.5 : 0.5,
        signals: { margin: 0.1 },
        reasons: [],
        suggestions: [{ label: 0, path: inputs.labels[0]!.path.join(" > "), score: 0.4 }],
        scoreRank: groomingRows.includes(i) ? groomingRows.indexOf(i) : grooming.length,
        uncertaintyRank: groomingRows.includes(i) ? groomingRows.indexOf(i) : grooming.length,
        group: groomingRows.includes(i) ? 0 : -1,
        suggestedParent: -1,
      });
      const run = {
        rows: creativeIds.map((_, i) => row(i)),
        groups: [
          {
            members: groomingRows,
            suggestedName: "Pet Grooming",
            suggestedParent: -1,
            cohesion: 0.8,
          },
        ],
      };
      const store = () =>
        handle.db.transaction((tx) =>
          storeDetectorRun(tx, { datasetId, ...key, creativeIds, labelIds, run }),
        );
      expect(await store()).toEqual({ scored: creativeIds.length, groups: 1, bulk: true });
      await store();
      const groups = rowsOf<{ suggested_name: string; members: number[] }>(
        await handle.db.execute(sql`select g.suggested_name,
            array(select s.creative_id from detector_scores s where s.group_id = g.id
              order by s.creative_id) as members
          from new_label_groups g where g.dataset_id = ${datasetId}`),
      );
      expect(groups).toEqual([
        { suggested_name: "Pet Grooming", members: grooming.map(idOf).sort((a, b) => a - b) },
      ]);

      // A card shows the other undecided members; one decision labels all of them.
      const first = idOf(grooming[0]!);
      const shown = (await getGroupsOf(handle.db, { creativeIds: [first], ...key })).get(first)!;
      expect(shown).toMatchObject({ size: grooming.length, suggestedName: "Pet Grooming" });
      expect(shown.others.map((o) => o.creativeId).sort((a, b) => a - b)).toEqual(
        grooming
          .slice(1)
          .map(idOf)
          .sort((a, b) => a - b),
      );
      // Cards of one group read together count it once; a skip leaves a member open.
      const second = idOf(grooming[1]!);
      await recordDecision(handle.db, {
        creativeId: second,
        annotator: "bo",
        action: "skip",
        timeSpentMs: 100,
      });
      const both = await getGroupsOf(handle.db, { creativeIds: [first, second], ...key });
      expect([both.get(first)?.undecided, both.get(second)?.undecided]).toEqual([
        grooming.length - 1,
        grooming.length - 1,
      ]);
      const dataset = (await findDatasetByName(handle.db, "score"))!;
      const label = await createProposedLabel(handle.db, {
        taxonomyId: dataset.taxonomyId,
        parentId: null,
        name: "Pet Grooming",
        createdBy: "annotator:ann",
      });
      const outcome = await labelNewLabelGroup(handle.db, {
        groupId: shown.id,
        labelId: label.id,
        annotator: "ann",
        requestId: "5b1d3c9e-8f4a-4c1e-9d2b-1a2b3c4d5e6f",
        exceptCreativeIds: [first],
      });
      expect(outcome.decided).toBe(grooming.length - 1);
      expect(outcome.pairCount).toBeGreaterThan(0);
      const decided = rowsOf<{ action: string; label_id: number }>(
        await handle.db.execute(sql`select action, label_id from decisions
          where creative_id = any(${sql.param(grooming.slice(1).map(idOf))}::int[]) and retracted_at is null
            and annotator = 'ann'`),
      );
      expect(decided).toHaveLength(grooming.length - 1);
      for (const d of decided) expect(d).toEqual({ action: "new_label", label_id: label.id });
      const after = (await getGroupsOf(handle.db, { creativeIds: [first], ...key })).get(first)!;
      expect(after.undecided).toBe(0);
      // A decided member's card counts the members still open, the first one here.
      const decidedCard = (await getGroupsOf(handle.db, { creativeIds: [second], ...key })).get(
        second,
      )!;
      expect(decidedCard).toMatchObject({ undecided: 1, others: [{ creativeId: first }] });

      await expect(
        handle.db.transaction((tx) =>
          storeDetectorRun(tx, {
            datasetId,
            ...key,
            creativeIds: [...creativeIds.slice(1), 999_999],
            labelIds,
            run,
          }),
        ),
      ).rejects.toBeInstanceOf(DetectorRunRejectedError);
    }, 60_000);
  });
}
