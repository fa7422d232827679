import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "../db";
import { importCreatives } from "../import/importCreatives";
import { importTaxonomy } from "../import/importTaxonomy";
import { streamOf, testDatabaseTargets } from "../testing/databases";
import { listCreativePage, listDatasets, searchCountCap } from "./creatives";
import { recordDecision } from "./decisions";
import { rowsOf } from "./taxonomies";

/** `count` creatives as CSV rows; every other one has a classifier prediction. */
function csvOf(count: number, prefix: string): string {
  const rows = Array.from({ length: count }, (_, i) =>
    i % 2 === 0 ? `${prefix}${i},common word ${i},A > B,0.5` : `${prefix}${i},common word ${i},,`,
  );
  return `id,text,predicted_label,predicted_score\n${rows.join("\n")}\n`;
}

for (const target of testDatabaseTargets()) {
  describe(`dataset counts and the capped search count on ${target.name}`, () => {
    let handle: DatabaseHandle;

    async function importInto(dataset: string, count: number, prefix: string) {
      const report = await importCreatives(handle.db, {
        file: "c.csv",
        format: "csv",
        source: streamOf(csvOf(count, prefix), 1 << 16),
        maxBytes: 1e8,
        dataset,
        taxonomy: "t",
      });
      expect(report.status).toBe("done");
    }

    /** The counts by their definition, as the oracle. */
    async function expected(name: string) {
      const [row] = rowsOf<{ creatives: number; with_image: number; with_prediction: number }>(
        await handle.db.execute(sql`
          select count(*)::int as creatives, count(c.image_ref)::int as with_image,
            count(*) filter (where exists (select 1 from suggestions s where s.creative_id = c.id
              and s.source = 'classifier'))::int as with_prediction
          from creatives c join datasets d on d.id = c.dataset_id where d.name = ${name}`),
      );
      return row!;
    }

    async function listed(name: string) {
      const d = (await listDatasets(handle.db)).find((x) => x.name === name)!;
      return {
        creatives: d.creativeCount,
        with_image: d.withImageCount,
        with_prediction: d.withPredictionCount,
      };
    }

    beforeAll(async () => {
      handle = await target.open();
      await importTaxonomy(handle.db, {
        file: "t.txt",
        source: streamOf("A > B\nA > C\n"),
        maxBytes: 1e6,
        taxonomy: "t",
      });
    });
    afterAll(async () => handle?.close());

    it("caches a dataset's counts and counts again after every kind of change", async () => {
      await importInto("small", 30, "s");
      await importInto("other", 4, "o");
      expect(await listed("small")).toEqual(await expected("small"));
      expect(await listed("other")).toEqual(await expected("other"));
      const cached = () =>
        handle.db
          .execute(
            sql`select k.creatives from dataset_counts k join datasets d on d.id = k.dataset_id
              where d.name = 'small'`,
          )
          .then((r) => rowsOf<{ creatives: number | null }>(r)[0]!.creatives);
      expect(await cached()).toBe(30);

      await importInto("small", 40, "t"); // a second import adds ten
      expect(await cached()).toBeNull();
      expect(await listed("small")).toEqual(await expected("small"));

      await handle.db.execute(
        sql`update creatives set image_ref = 'x.png' where external_id in ('s1', 's2')`,
      );
      expect(await listed("small")).toEqual(await expected("small"));

      await handle.db.execute(
        sql`delete from suggestions where source = 'classifier' and creative_id =
          (select id from creatives where external_id = 's0')`,
      );
      expect(await cached()).toBeNull();
      expect(await listed("small")).toEqual(await expected("small"));

      // A generative suggestion leaves the counts as they were.
      await listed("small");
      await handle.db.execute(sql`
        insert into suggestions (creative_id, source, value, rank, model_version)
        select id, 'generative', 'A > C', 1, 'gpt' from creatives where external_id = 's3'`);
      expect(await cached()).not.toBeNull();

      const small = (await listDatasets(handle.db)).find((d) => d.name === "small")!;
      const page = await listCreativePage(handle.db, small.id, { limit: 5, offset: 0 });
      expect(page).toMatchObject({
        total: (await expected("small")).creatives,
        moreThanTotal: false,
      });
    });

    it("counts a dataset's creatives with a current decision, skips included, retracted ones not", async () => {
      await importInto("decided", 6, "d");
      await importInto("undecided", 3, "u");
      const ids = rowsOf<{ id: number }>(
        await handle.db
          .execute(sql`select c.id from creatives c join datasets d on d.id = c.dataset_id
          where d.name = 'decided' order by c.id`),
      ).map((r) => r.id);
      const [label] = rowsOf<{ id: number }>(
        await handle.db.execute(sql`select id from labels where name = 'B'`),
      );
      const decide = (creativeId: number, annotator: string, action: "pick" | "skip") =>
        recordDecision(handle.db, {
          creativeId,
          annotator,
          action,
          ...(action === "pick" ? { labelId: label!.id } : {}),
          timeSpentMs: 100,
          clientDecisionId: crypto.randomUUID(),
        });
      const decidedOf = async (name: string) =>
        (await listDatasets(handle.db)).find((d) => d.name === name)!.decidedCount;

      await decide(ids[0]!, "ana", "pick");
      await decide(ids[0]!, "bo", "pick"); // two annotators, one creative
      await decide(ids[1]!, "ana", "skip");
      const retracted = await decide(ids[2]!, "ana", "pick");
      expect(await decidedOf("decided")).toBe(3);
      await handle.db.execute(
        sql`update decisions set retracted_at = now() where id = ${retracted.decisionId}`,
      );
      expect(await decidedOf("decided")).toBe(2);
      expect(await decidedOf("undecided")).toBe(0);
    });

    it("counts a search's matches exactly up to the cap, then says there are more", async () => {
      await importInto("large", searchCountCap + 5, "l");
      const large = (await listDatasets(handle.db)).find((d) => d.name === "large")!;
      const common = await listCreativePage(handle.db, large.id, {
        limit: 10,
        offset: 0,
        search: "common",
      });
      expect(common).toMatchObject({ total: searchCountCap, moreThanTotal: true });
      expect(common.items).toHaveLength(10);
      const rare = await listCreativePage(handle.db, large.id, {
        limit: 10,
        offset: 0,
        search: "word 1234",
      });
      expect(rare).toMatchObject({ total: 1, moreThanTotal: false });
      expect(rare.items.map((c) => c.externalId)).toEqual(["l1234"]);
      const whole = await listCreativePage(handle.db, large.id, { limit: 10, offset: 0 });
      expect(whole).toMatchObject({ total: searchCountCap + 5, moreThanTotal: false });
    });
  });
}
