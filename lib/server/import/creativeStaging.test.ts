import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "../db";
import { rowsOf } from "../data/taxonomies";
import { streamOf, testDatabaseTargets } from "../testing/databases";
import { copyTextRow } from "./copyText";
import { openCreativeStaging } from "./creativeStaging";
import { importCreatives, type CreativesImportOptions } from "./importCreatives";
import { importTaxonomy } from "./importTaxonomy";

/** Enough rows that PGlite gets several COPY chunks and PostgreSQL many stream writes. */
const largeRowCount = 40_000;
const labels = ["Vehicles > Auto Repair", "Vehicles > Car Wash", "Food > Energy Drinks"];
/** Texts that a COPY encoder gets wrong when it misses an escape. */
const trickyTexts = [
  "tab\there",
  "line one\nline two",
  "carriage\r\nreturn",
  "back\\slash \\N \\. \\t",
  '"quoted", with commas',
  "emoji 🚗 and accents é",
  "\\",
];

function csvField(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

function largeCsv(rows: number, textOf: (i: number) => string = (i) => `Creative ${i}`): string {
  const lines = ["id,text,predicted_label,predicted_score,generative_label,meta.campaign"];
  for (let i = 0; i < rows; i++) {
    const text = i < trickyTexts.length ? trickyTexts[i]! : textOf(i);
    lines.push(
      `big-${i},${csvField(text)},${labels[i % labels.length]},${((i % 97) / 100).toFixed(2)},${i % 4 === 0 ? "" : `Offer ${i % 7}`},${csvField(`c\t${i % 5}`)}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

describe("copyTextRow", () => {
  it("escapes backslash, tab and line breaks, and writes NULL as \\N", () => {
    expect(copyTextRow(["a\tb", "x\\y", "1\n2\r", null, undefined, 0.5, 7])).toBe(
      "a\\tb\tx\\\\y\t1\\n2\\r\t\\N\t\\N\t0.5\t7\n",
    );
  });

  it("refuses a number the database cannot read back", () => {
    expect(() => copyTextRow([Number.NaN])).toThrow(/NaN/);
  });
});

for (const target of testDatabaseTargets()) {
  describe(`staged creative imports on ${target.name}`, () => {
    let handle: DatabaseHandle;

    async function count(query: string): Promise<number> {
      return rowsOf<{ n: number }>(await handle.db.execute(sql.raw(query)))[0]?.n ?? -1;
    }

    async function snapshot() {
      return {
        creatives: await count("select count(*)::int as n from creatives"),
        suggestions: await count("select count(*)::int as n from suggestions"),
        versions: await count("select coalesce(sum(version), 0)::int as n from datasets"),
        hashes: rowsOf<{ h: string | null }>(
          await handle.db.execute(
            sql`select md5(string_agg(external_id || content_hash, ',' order by external_id)) as h from creatives`,
          ),
        )[0]?.h,
      };
    }

    function largeImport(content: string, extra: Partial<CreativesImportOptions> = {}) {
      return importCreatives(handle.db, {
        file: "large.csv",
        format: "csv",
        source: streamOf(content, 64 * 1024),
        maxBytes: 64 * 1024 * 1024,
        dataset: "large",
        taxonomy: "staging",
        ...extra,
      });
    }

    beforeAll(async () => {
      handle = await target.open();
      const report = await importTaxonomy(handle.db, {
        file: "staging.txt",
        source: streamOf(labels.join("\n")),
        maxBytes: 1024 * 1024,
        taxonomy: "staging",
      });
      expect(report.status).toBe("done");
    });
    afterAll(async () => handle?.close());

    it("imports a large file with every row, suggestion and character intact", async () => {
      const report = await largeImport(largeCsv(largeRowCount));
      expect(report).toMatchObject({
        status: "done",
        rowsRead: largeRowCount,
        rowsWritten: largeRowCount,
        rowsUnchanged: 0,
      });
      const generative = Array.from({ length: largeRowCount }, (_, i) => i % 4 !== 0).filter(
        Boolean,
      ).length;
      expect(await count("select count(*)::int as n from suggestions")).toBe(
        largeRowCount + generative,
      );
      const tricky = rowsOf<{ external_id: string; text: string; metadata: unknown }>(
        await handle.db.execute(
          sql`select external_id, text, metadata from creatives
              where external_id = any(${sql.param(trickyTexts.map((_, i) => `big-${i}`))}::text[])
              order by id`,
        ),
      );
      expect(tricky.map((r) => r.text)).toEqual(trickyTexts);
      expect(tricky[1]?.metadata).toEqual({ campaign: "c\t1" });
      const score = rowsOf<{ score: number; label: string }>(
        await handle.db.execute(sql`
          select s.score, l.name as label from suggestions s
          join creatives c on c.id = s.creative_id join labels l on l.id = s.label_id
          where c.external_id = 'big-12345' and s.source = 'classifier'`),
      );
      expect(score).toEqual([{ score: 0.26, label: "Auto Repair" }]);
      // Ids follow the file's order, as they did when rows were inserted one batch at a time.
      const order = rowsOf<{ external_id: string }>(
        await handle.db.execute(sql`select external_id from creatives order by id limit 3`),
      );
      expect(order.map((r) => r.external_id)).toEqual(["big-0", "big-1", "big-2"]);
      // The planner knows the new rows at once (PGlite has no autovacuum to tell it).
      expect(
        await count("select reltuples::int as n from pg_class where oid = 'creatives'::regclass"),
      ).toBe(largeRowCount);
    });

    it("re-imports only the changed rows and replaces their suggestions", async () => {
      const before = await count("select count(*)::int as n from suggestions");
      const again = await largeImport(largeCsv(largeRowCount));
      expect(again).toMatchObject({ status: "done", rowsWritten: 0, rowsUnchanged: largeRowCount });
      const changed = await largeImport(
        largeCsv(largeRowCount, (i) => (i % 1000 === 0 ? `Changed ${i}` : `Creative ${i}`)),
      );
      expect(changed).toMatchObject({
        status: "done",
        rowsWritten: largeRowCount / 1000 - 1,
        rowsUnchanged: largeRowCount - (largeRowCount / 1000 - 1),
      });
      expect(await count("select count(*)::int as n from suggestions")).toBe(before);
      expect(
        await count("select count(*)::int as n from creatives where text = 'Changed 2000'"),
      ).toBe(1);
    });

    it("leaves the database unchanged when the last row of a large file is bad", async () => {
      const before = await snapshot();
      const content = `${largeCsv(largeRowCount, (i) => `Other ${i}`)}big-last,fine,Vehicles > Nowhere,0.5,,c\n`;
      const report = await largeImport(content);
      expect(report.status).toBe("failed");
      expect(report.message).toMatch(/Nothing was written/);
      expect(report.issues).toEqual([
        expect.objectContaining({
          file: "large.csv",
          // The bad row's physical line: quoted texts above it hold line breaks of their own.
          line: content.split(/[\r\n]/).length - 1,
          field: "predicted_label",
        }),
      ]);
      expect(await snapshot()).toEqual(before);
    });

    it("rolls back a cancel in the middle of streaming and keeps the database usable", async () => {
      const before = await snapshot();
      const controller = new AbortController();
      const report = await largeImport(
        largeCsv(largeRowCount, (i) => `Cancelled ${i}`),
        {
          dataset: "large-cancelled",
          signal: controller.signal,
          onProgress: (p) => {
            if (p.rowsWritten >= largeRowCount / 2) controller.abort();
          },
        },
      );
      expect(report.status).toBe("cancelled");
      expect(await snapshot()).toEqual(before);
      const next = await largeImport("id,text\nafter-cancel,still works\n", { dataset: "after" });
      expect(next).toMatchObject({ status: "done", rowsWritten: 1 });
    });

    it("refuses to stage outside a transaction", async () => {
      await expect(openCreativeStaging(handle.db)).rejects.toThrow(
        /inside the import's transaction/,
      );
    });
  });
}
