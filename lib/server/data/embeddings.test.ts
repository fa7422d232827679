import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db";
import { importCreatives } from "../import/importCreatives";
import { importTaxonomy } from "../import/importTaxonomy";
import { streamOf, testDatabaseTargets } from "../testing/databases";
import { planWithout } from "../testing/plans";
import { findDatasetByName } from "./creatives";
import { rowsOf } from "./taxonomies";
import {
  countPendingEmbeddingInputs,
  listPendingEmbeddingInputs,
  listPendingEmbeddingPage,
  pendingPageQuery,
  type EmbeddingCursor,
  readEmbeddings,
  storeEmbeddings,
  type EmbeddingInput,
} from "./embeddings";

const model = { modelId: "test-model", modelVersion: "v1" };

function vectorFor(item: EmbeddingInput): Float32Array {
  return Float32Array.from({ length: 4 }, (_, i) => item.ownerId + i / 10);
}

for (const target of testDatabaseTargets()) {
  describe(`embeddings on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let datasetId: number;

    async function importAds(csv: string) {
      const report = await importCreatives(handle.db, {
        file: "ads.csv",
        format: "csv",
        source: streamOf(csv),
        maxBytes: 1e6,
        dataset: "ads",
        taxonomy: "t",
      });
      expect(report.status).toBe("done");
    }

    beforeAll(async () => {
      handle = await target.open();
      await importTaxonomy(handle.db, {
        file: "t.txt",
        source: streamOf("A > B\nA > C\n"),
        maxBytes: 1e6,
        taxonomy: "t",
      });
      await importAds('id,text\nx1,first ad\nx2,second ad\nx3,"third, ad"\n');
      datasetId = (await findDatasetByName(handle.db, "ads"))!.id;
    });
    afterAll(async () => handle?.close());

    it("walks the pending inputs page by page from a cursor, each once, in the stable order", async () => {
      const other = { modelId: "paged-model", modelVersion: "v1" };
      const counts = await countPendingEmbeddingInputs(handle.db, { ...other, datasetId });
      const whole = await listPendingEmbeddingPage(handle.db, { ...other, datasetId, limit: 100 });
      expect(counts).toEqual({ total: whole.length, remaining: whole.length });
      const walked: string[] = [];
      let after: EmbeddingCursor | undefined;
      for (;;) {
        const page = await listPendingEmbeddingPage(handle.db, {
          ...other,
          datasetId,
          limit: 2,
          after,
        });
        if (page.length === 0) break;
        walked.push(...page.map((i) => `${i.ownerType}:${i.ownerId}`));
        after = { ownerType: page.at(-1)!.ownerType, ownerId: page.at(-1)!.ownerId };
      }
      expect(walked).toEqual(whole.map((i) => `${i.ownerType}:${i.ownerId}`));
      expect(new Set(walked).size).toBe(walked.length);
      expect(walked[0]).toMatch(/^label:/);
      expect(walked.at(-1)).toMatch(/^creative_text:/);
      // A stored vector leaves the remaining count; the walk after it starts past it.
      await storeEmbeddings(handle.db, {
        ...other,
        dim: 4,
        items: whole.slice(0, 3).map((item) => ({ ...item, vector: vectorFor(item) })),
      });
      expect(await countPendingEmbeddingInputs(handle.db, { ...other, datasetId })).toEqual({
        total: whole.length,
        remaining: whole.length - 3,
      });
      await handle.db.execute(sql`delete from embeddings where model_id = ${other.modelId}`);
    });

    it("reads each page of creatives off the primary key from the cursor on, without sorting", async () => {
      const query = pendingPageQuery("creative_text", {
        ...model,
        datasetId,
        limit: 1024,
        after: { ownerType: "creative_text", ownerId: 1 },
      });
      const planText = await planWithout(handle.db, query);
      expect(planText).toContain("creatives_pkey");
      expect(planText).not.toMatch(/\bSort\b/);
    });

    it("lists creatives and labels still to embed, stores vectors, and resumes where it stopped", async () => {
      const first = await listPendingEmbeddingInputs(handle.db, { ...model, datasetId, limit: 2 });
      expect(first).toMatchObject({ total: 6, remaining: 6 });
      expect(first.items[0]).toMatchObject({ ownerType: "label", path: ["A"], text: null });
      const stored = await storeEmbeddings(handle.db, {
        ...model,
        dim: 4,
        items: first.items.map((item) => ({ ...item, vector: vectorFor(item) })),
      });
      expect(stored).toBe(2);
      const rest = await listPendingEmbeddingInputs(handle.db, { ...model, datasetId, limit: 100 });
      expect(rest).toMatchObject({ total: 6, remaining: 4 });
      expect(rest.items.filter((i) => i.ownerType === "creative_text").map((i) => i.text)).toEqual([
        "first ad",
        "second ad",
        "third, ad",
      ]);
      await storeEmbeddings(handle.db, {
        ...model,
        dim: 4,
        items: rest.items.map((item) => ({ ...item, vector: vectorFor(item) })),
      });
      expect(
        await listPendingEmbeddingInputs(handle.db, { ...model, datasetId, limit: 100 }),
      ).toEqual({ total: 6, remaining: 0, items: [] });
      expect(
        (
          await listPendingEmbeddingInputs(handle.db, {
            ...model,
            modelVersion: "v2",
            datasetId,
            limit: 100,
          })
        ).remaining,
      ).toBe(6);
    });

    it("reads vectors back bit for bit, and a changed text needs a new vector", async () => {
      const creatives = await readEmbeddings(handle.db, { ...model, ownerType: "creative_text" });
      expect(creatives).toHaveLength(3);
      const one = creatives[0]!;
      expect(Array.from(one.vector)).toEqual(
        Array.from(Float32Array.from({ length: 4 }, (_, i) => one.ownerId + i / 10)),
      );
      await importAds('id,text\nx1,first ad (edited)\nx2,second ad\nx3,"third, ad"\n');
      const pending = await listPendingEmbeddingInputs(handle.db, {
        ...model,
        datasetId,
        limit: 100,
      });
      expect(pending.items.map((i) => i.text)).toEqual(["first ad (edited)"]);
    });

    it("lists a creative's stored image for a multimodal model only, keyed by the image's sha256", async () => {
      const clip = { modelId: "test-clip", modelVersion: "v1" };
      const [creative] = rowsOf<{ id: number }>(
        await handle.db.execute(sql`
          select c.id from creatives c where c.dataset_id = ${datasetId} and c.external_id = 'x2'`),
      );
      await handle.db.execute(sql`
        insert into creative_images (creative_id, stored_path, mime_type, bytes, width, height, sha256)
        values (${creative!.id}, 'ab/abc.webp', 'image/webp', 10, 2, 2, 'sha256-of-the-image')`);

      const textOnly = await listPendingEmbeddingInputs(handle.db, {
        ...clip,
        datasetId,
        limit: 100,
      });
      expect(textOnly.items.some((i) => i.ownerType === "creative_image")).toBe(false);
      const withImages = await listPendingEmbeddingInputs(handle.db, {
        ...clip,
        datasetId,
        limit: 100,
        includeImages: true,
      });
      expect(withImages.total).toBe(textOnly.total + 1);
      // Images come last, after labels and texts.
      expect(withImages.items.at(-1)).toEqual({
        ownerType: "creative_image",
        ownerId: creative!.id,
        contentHash: "sha256-of-the-image",
        text: null,
        path: null,
      });

      await storeEmbeddings(handle.db, {
        ...clip,
        dim: 4,
        items: withImages.items.map((item) => ({ ...item, vector: vectorFor(item) })),
      });
      const stored = await readEmbeddings(handle.db, { ...clip, ownerType: "creative_image" });
      expect(stored.map((v) => [v.ownerId, v.contentHash])).toEqual([
        [creative!.id, "sha256-of-the-image"],
      ]);
      expect(
        await listPendingEmbeddingInputs(handle.db, {
          ...clip,
          datasetId,
          limit: 100,
          includeImages: true,
        }),
      ).toMatchObject({ remaining: 0, items: [] });
    });
  });
}
