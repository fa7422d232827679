import { deflateRawSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "../db";
import { listDatasets } from "../data/creatives";
import { listImports } from "../data/imports";
import { rowsOf } from "../data/taxonomies";
import { streamOf, testDatabaseTargets } from "../testing/databases";
import { importCreatives, type CreativesImportOptions } from "./importCreatives";
import { importTaxonomy } from "./importTaxonomy";

const taxonomyFile = [
  "Unique ID\tParent ID\tName\tTier 1\tTier 2\tTier 3",
  "1\t\tVehicles\tVehicles\t\t",
  "2\t1\tAutomotive Services\tVehicles\tAutomotive Services\t",
  "3\t2\tAuto Repair\tVehicles\tAutomotive Services\tAuto Repair",
  "4\t2\tCar Wash\tVehicles\tAutomotive Services\tCar Wash",
  "5\t\tFood and Beverages\tFood and Beverages\t\t",
  "6\t5\tSports/Energy Drinks\tFood and Beverages\tSports/Energy Drinks\t",
].join("\r\n");

const goodCsv = [
  "id,text,image,predicted_label,predicted_score,generative_label,meta.advertiser",
  'c1,"Brake service $99, BOOK TODAY",,Vehicles > Automotive Services > Auto Repair,0.93,Auto Service/Brakes,Acme',
  'c2,"Shine like new > WASH NOW",shop/c2.png,Vehicles/Automotive Services/Car Wash,0.81,Car Wash,',
  'c3,"Power up, <script>alert(1)</script>",,Food and Beverages > Sports/Energy Drinks,0.7,,Zap',
].join("\n");

for (const target of testDatabaseTargets()) {
  describe(`creative and taxonomy imports on ${target.name}`, () => {
    let handle: DatabaseHandle;
    const maxBytes = 1024 * 1024;

    async function creativeCount(dataset: string): Promise<number> {
      return (await listDatasets(handle.db)).find((d) => d.name === dataset)?.creativeCount ?? 0;
    }

    async function tableCount(table: "creatives" | "suggestions" | "labels"): Promise<number> {
      const result = await handle.db.execute(sql.raw(`select count(*)::int as n from ${table}`));
      return rowsOf<{ n: number }>(result)[0]?.n ?? -1;
    }

    function csvImport(content: string | Uint8Array, extra: Partial<CreativesImportOptions> = {}) {
      return importCreatives(handle.db, {
        file: "creatives.csv",
        format: "csv",
        source: streamOf(content),
        maxBytes,
        dataset: "ads",
        taxonomy: "iab",
        ...extra,
      });
    }

    beforeAll(async () => {
      handle = await target.open();
      const report = await importTaxonomy(handle.db, {
        file: "taxonomy.tsv",
        source: streamOf(taxonomyFile),
        maxBytes,
        taxonomy: "iab",
      });
      expect(report.status).toBe("done");
    });
    afterAll(async () => handle?.close());

    it("creates labels with their parents, and a re-import changes nothing", async () => {
      expect(await tableCount("labels")).toBe(6);
      const again = await importTaxonomy(handle.db, {
        file: "taxonomy.tsv",
        source: streamOf(taxonomyFile),
        maxBytes,
        taxonomy: "iab",
      });
      expect(again).toMatchObject({ status: "done", rowsWritten: 0, rowsUnchanged: 6 });
      const extension = await importTaxonomy(handle.db, {
        file: "brands.txt",
        source: streamOf(
          "# brands\nVehicles > Automotive Services > Auto Repair > Honda\n\nVehicles > Dealers > Toyota\n",
        ),
        maxBytes,
        taxonomy: "iab",
      });
      expect(extension).toMatchObject({ status: "done", rowsWritten: 3 });
      expect(await tableCount("labels")).toBe(9);
    });

    it("reads a slash-separated path list into a taxonomy of its own", async () => {
      const report = await importTaxonomy(handle.db, {
        file: "company.txt",
        source: streamOf(
          "Service/Vehicles/Maintenance/Honda\nService/Vehicles/Maintenance/Acura\nProduct/Cars/Mercedes\n",
        ),
        maxBytes,
        taxonomy: "company",
      });
      expect(report).toMatchObject({ status: "done", rowsWritten: 8 });
    });

    it("imports creatives with their suggestions, renders nothing as HTML, and is idempotent", async () => {
      const first = await csvImport(goodCsv);
      expect(first).toMatchObject({
        status: "done",
        rowsRead: 3,
        rowsWritten: 3,
        rowsUnchanged: 0,
      });
      expect(await tableCount("suggestions")).toBe(5);
      const rows = rowsOf<{
        text: string;
        metadata: Record<string, unknown>;
        image_ref: string | null;
      }>(
        await handle.db.execute(
          sql`select text, metadata, image_ref from creatives order by external_id`,
        ),
      );
      expect(rows[0]?.metadata).toEqual({ advertiser: "Acme" });
      expect(rows[1]?.image_ref).toBe("shop/c2.png");
      expect(rows[2]?.text).toBe("Power up, <script>alert(1)</script>");
      const again = await csvImport(goodCsv);
      expect(again).toMatchObject({ status: "done", rowsWritten: 0, rowsUnchanged: 3 });
      expect(await tableCount("suggestions")).toBe(5);
      const changed = await csvImport(goodCsv.replace("0.93", "0.5"));
      expect(changed).toMatchObject({ status: "done", rowsWritten: 1, rowsUnchanged: 2 });
    });

    it("imports JSONL with a metadata object", async () => {
      const jsonl = [
        JSON.stringify({
          id: "j1",
          text: "Oil change special",
          predicted_label: "Vehicles > Automotive Services > Auto Repair",
          predicted_score: 0.9,
          metadata: { campaign: "spring" },
        }),
        "",
        JSON.stringify({
          id: 2,
          text: "Detailing",
          predicted_label: "Vehicles > Automotive Services > Car Wash",
        }),
      ].join("\n");
      const report = await importCreatives(handle.db, {
        file: "more.jsonl",
        format: "jsonl",
        source: streamOf(jsonl),
        maxBytes,
        dataset: "jsonl-ads",
        taxonomy: "iab",
      });
      expect(report).toMatchObject({ status: "done", rowsWritten: 2 });
      expect(await creativeCount("jsonl-ads")).toBe(2);
    });

    describe("bad input is refused with its file, line and field, and nothing is written", () => {
      const cases: {
        name: string;
        content: string | Uint8Array;
        format?: "csv" | "jsonl";
        issue: { line: number; field?: string; message: RegExp };
      }[] = [
        {
          name: "a missing column",
          content: "text,predicted_label\nhello,Vehicles",
          issue: { line: 1, field: "id", message: /required column is missing/ },
        },
        {
          name: "an unknown column",
          content: "id,text,predicted_lable\nx,hello,Vehicles",
          issue: { line: 1, field: "predicted_lable", message: /unknown column/ },
        },
        {
          name: "a bad score",
          content: "id,text,predicted_score\nx1,ok,0.5\nx2,hello,1.7",
          issue: { line: 3, field: "predicted_score", message: /from 0 to 1/ },
        },
        {
          name: "an unknown label",
          content: "id,text,predicted_label\nx,hello,Vehicles > Spaceships",
          issue: {
            line: 2,
            field: "predicted_label",
            message: /unknown label "Vehicles > Spaceships"/,
          },
        },
        {
          name: "a duplicate id",
          content: "id,text\nx,a\ny,b\nx,c",
          issue: { line: 4, field: "id", message: /duplicate id "x" \(first on line 2\)/ },
        },
        {
          name: "a wrong field count",
          content: "id,text\nx,a,extra",
          issue: { line: 2, message: /3 fields but the header has 2/ },
        },
        {
          name: "an image path escaping the image folder",
          content: "id,text,image\nx,a,../../etc/passwd",
          issue: { line: 2, field: "image", message: /inside the image folder/ },
        },
        {
          name: "an absolute image path",
          content: "id,text,image\nx,a,/etc/passwd",
          issue: { line: 2, field: "image", message: /inside the image folder/ },
        },
        {
          name: "an empty text without image",
          content: "id,text\nx,   ",
          issue: { line: 2, field: "text", message: /empty and the row has no image/ },
        },
        {
          name: "broken quoting",
          content: 'id,text\nx,"never closed\n',
          issue: { line: 2, message: /not valid CSV/ },
        },
        {
          name: "malformed JSON",
          format: "jsonl",
          content: '{"id":"a","text":"ok"}\n{"id": "b", "text": \n',
          issue: { line: 2, message: /malformed JSON/ },
        },
        {
          name: "a JSON line that is not an object",
          format: "jsonl",
          content: '{"id":"a","text":"ok"}\n[1,2]\n',
          issue: { line: 2, message: /not a JSON object/ },
        },
        {
          name: "a wrong encoding",
          content: new Uint8Array([...new TextEncoder().encode("id,text\nx,caf"), 0xe9, 0x0a]),
          issue: { line: 2, message: /not valid UTF-8/ },
        },
        {
          name: "a UTF-16 file",
          content: new Uint8Array([0xff, 0xfe, 0x69, 0x00, 0x64, 0x00]),
          issue: { line: 0, message: /UTF-16/ },
        },
        {
          // A zip (here the start of one that would expand enormously) is never unpacked.
          name: "a ZIP archive named .csv",
          content: gzipBomb("zip"),
          issue: { line: 0, message: /ZIP archive.*not unpacked/ },
        },
        {
          name: "a gzip archive named .csv",
          content: gzipBomb("gzip"),
          issue: { line: 0, message: /gzip archive/ },
        },
        {
          name: "an oversized file",
          content: `id,text\n${"x,".padEnd(2 * 1024 * 1024, "a")}\n`,
          issue: { line: 0, message: /larger than the import limit/ },
        },
      ];
      for (const c of cases) {
        it(c.name, async () => {
          const before = await tableCount("creatives");
          const report = await importCreatives(handle.db, {
            file: c.format === "jsonl" ? "bad.jsonl" : "bad.csv",
            format: c.format ?? "csv",
            source: streamOf(c.content),
            maxBytes,
            dataset: "bad",
            taxonomy: "iab",
          });
          expect(report.status).toBe("failed");
          expect(report.rowsWritten).toBe(0);
          expect(report.issues[0]).toMatchObject({
            file: c.format === "jsonl" ? "bad.jsonl" : "bad.csv",
            line: c.issue.line,
            ...(c.issue.field ? { field: c.issue.field } : {}),
          });
          expect(report.issues[0]?.message).toMatch(c.issue.message);
          expect(report.message).toMatch(/Nothing was written/);
          expect(await tableCount("creatives")).toBe(before);
          expect(await creativeCount("bad")).toBe(0);
        });
      }

      it("an unknown taxonomy for a new dataset", async () => {
        const report = await csvImport(goodCsv, { dataset: "other", taxonomy: "nope" });
        expect(report.status).toBe("failed");
        expect(report.issues[0]?.message).toMatch(/taxonomy "nope" does not exist/);
      });

      it("a taxonomy file with a bad row", async () => {
        const before = await tableCount("labels");
        const report = await importTaxonomy(handle.db, {
          file: "broken.tsv",
          source: streamOf(
            "Unique ID\tParent ID\tName\tTier 1\tTier 2\n10\t\tA\tA\t\n10\t\tB\tB\t\n11\t\tC\t\tC\n",
          ),
          maxBytes,
          taxonomy: "broken",
        });
        expect(report.status).toBe("failed");
        expect(report.issues.map((i) => [i.line, i.field])).toEqual([
          [3, "Unique ID"],
          [4, "Tier 1"],
        ]);
        expect(await tableCount("labels")).toBe(before);
      });
    });

    it("writes the good rows and reports the bad ones in skip-bad-rows mode", async () => {
      const content = "id,text,predicted_score\ns1,fine,0.4\ns2,bad score,nope\ns3,fine too,\n";
      const report = await csvImport(content, { dataset: "skip", skipBadRows: true });
      expect(report).toMatchObject({
        status: "done",
        rowsRead: 3,
        rowsWritten: 2,
        rowsRejected: 1,
      });
      expect(report.issues).toEqual([
        expect.objectContaining({ line: 3, field: "predicted_score" }),
      ]);
      expect(await creativeCount("skip")).toBe(2);
    });

    it("rolls everything back when cancelled", async () => {
      const controller = new AbortController();
      const rows = Array.from({ length: 2500 }, (_, i) => `k${i},text ${i}`).join("\n");
      const report = await csvImport(`id,text\n${rows}\n`, {
        dataset: "cancelled",
        signal: controller.signal,
        onProgress: (p) => {
          if (p.rowsWritten >= 1000) controller.abort();
        },
      });
      expect(report.status).toBe("cancelled");
      expect(await creativeCount("cancelled")).toBe(0);
    });

    it("keeps a record of every import, failed ones included", async () => {
      const history = await listImports(handle.db, 100);
      expect(history.some((h) => h.status === "failed" && h.errors.length > 0)).toBe(true);
      expect(history.every((h) => /^[0-9a-f]{64}$/.test(h.fileSha256))).toBe(true);
    });
  });
}

/**
 * A real compressed archive of 16 MB of zeros (a few KB compressed): the kind of file that must be
 * refused rather than unpacked.
 */
function gzipBomb(kind: "zip" | "gzip"): Uint8Array {
  const zeros = new Uint8Array(16 * 1024 * 1024);
  const compressed = gzipSync(zeros, { level: 9 });
  if (kind === "gzip") return compressed;
  // A ZIP local file header in front of deflated data is what a .zip starts with.
  const header = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]);
  return new Uint8Array([...header, ...deflateRawSync(zeros, { level: 9 })]);
}
