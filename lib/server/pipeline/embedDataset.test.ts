import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultModel } from "@/lib/core/models/registry";
import type { DatabaseHandle } from "../db";
import { findDatasetByName } from "../data/creatives";
import { rowsOf } from "../data/taxonomies";
import { importCreatives } from "../import/importCreatives";
import { importTaxonomy } from "../import/importTaxonomy";
import { streamOf, testDatabaseTargets } from "../testing/databases";
import { embedDataset, type EmbedProgress } from "./embedDataset";

const model = defaultModel();
const creatives = 2500;
/** Vehicles, Auto Repair, Travel, Air Travel. */
const labels = 4;

/** Every stored vector of the bundled model, as text, in owner order. */
async function storedVectors(handle: DatabaseHandle): Promise<string[]> {
  return rowsOf<{ v: string }>(
    await handle.db.execute(sql`
      select owner_type || ':' || owner_id || '=' || vector::text as v from embeddings
      where model_id = ${model.id} order by owner_type, owner_id`),
  ).map((r) => r.v);
}

for (const target of testDatabaseTargets()) {
  describe(`Node embedding on worker threads on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let datasetId: number;

    beforeAll(async () => {
      handle = await target.open();
      await importTaxonomy(handle.db, {
        file: "t.txt",
        source: streamOf("Vehicles > Auto Repair\nTravel > Air Travel\n"),
        maxBytes: 1e6,
        taxonomy: "t",
      });
      const rows = Array.from(
        { length: creatives },
        (_, i) => `c${i},"brake repair ${i} and cheap flights ${i % 17}",Travel > Air Travel,0.5`,
      );
      await importCreatives(handle.db, {
        file: "c.csv",
        format: "csv",
        source: streamOf(`id,text,predicted_label,predicted_score\n${rows.join("\n")}\n`),
        maxBytes: 1e7,
        dataset: "pool",
        taxonomy: "t",
      });
      datasetId = (await findDatasetByName(handle.db, "pool"))!.id;
    });
    afterAll(async () => handle?.close());

    it("embeds on two worker threads exactly what one thread embeds, and says how many threads", async () => {
      const progress: EmbedProgress[] = [];
      const pooled = await embedDataset(handle.db, {
        datasetId,
        model,
        threads: 2,
        onProgress: (p) => progress.push(p),
      });
      expect(pooled).toMatchObject({ embedded: creatives + labels, threads: 2 });
      expect(progress.at(-1)).toEqual({
        done: creatives + labels,
        total: creatives + labels,
        threads: 2,
      });
      expect(progress.every((p) => p.threads === 2)).toBe(true);
      const fromPool = await storedVectors(handle);

      await handle.db.execute(sql`delete from embeddings`);
      const single = await embedDataset(handle.db, { datasetId, model, threads: 1 });
      expect(single).toMatchObject({ embedded: creatives + labels, threads: 1 });
      expect(await storedVectors(handle)).toEqual(fromPool);
    });

    it("stops when cancelled, keeps what it stored, and the next run embeds only the rest", async () => {
      await handle.db.execute(sql`delete from embeddings`);
      const controller = new AbortController();
      await expect(
        embedDataset(handle.db, {
          datasetId,
          model,
          threads: 2,
          signal: controller.signal,
          onProgress: () => controller.abort(),
        }),
      ).rejects.toThrow();
      const kept = (await storedVectors(handle)).length;
      expect(kept).toBeGreaterThan(0);
      expect(kept).toBeLessThan(creatives + labels);
      const rest = await embedDataset(handle.db, { datasetId, model, threads: 2 });
      expect(rest.embedded).toBe(creatives + labels - kept);
      expect(await storedVectors(handle)).toHaveLength(creatives + labels);
    });
  });
}
