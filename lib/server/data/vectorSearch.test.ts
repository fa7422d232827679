import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../db";
import { importCreatives } from "../import/importCreatives";
import { importTaxonomy } from "../import/importTaxonomy";
import { streamOf, testDatabaseTargets } from "../testing/databases";
import { planWithout } from "../testing/plans";
import { findDatasetByName, listCreativePage } from "./creatives";
import { readEmbeddings, storeEmbeddings } from "./embeddings";
import { findNearestLabels } from "./nearestLabels";
import { findSimilarCreatives } from "./similarCreatives";
import { listLabelRefs, rowsOf } from "./taxonomies";
import { ensureVectorIndex, findVectorIndex } from "./vectorIndexes";

const model = { modelId: "m/with'quote", modelVersion: "v1" };
const dim = 6;
const creativeCount = 60;

/** A seeded vector near one of three directions, so neighbours are not all ties. */
function vectorOf(seed: number): Float32Array {
  let state = seed * 2654435761;
  const random = () => ((state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  const v = Float32Array.from({ length: dim }, () => random() * 0.4);
  v[seed % 3] = v[seed % 3]! + 1;
  return v;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return dot / Math.sqrt(na * nb);
}

/** The exact answer computed here, to check what the database answers. */
function bruteForce(query: Float32Array, others: Map<number, Float32Array>, k: number) {
  return [...others]
    .map(([id, v]) => ({ id, similarity: cosine(query, v) }))
    .sort((a, b) => b.similarity - a.similarity || a.id - b.id)
    .slice(0, k);
}

for (const target of testDatabaseTargets()) {
  describe(`vector search on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let creativeIds: number[];
    const vectors = new Map<number, Float32Array>();
    const labelVectors = new Map<number, Float32Array>();
    const confirmed = new Set<number>();

    beforeAll(async () => {
      handle = await target.open();
      await importTaxonomy(handle.db, {
        file: "t.txt",
        source: streamOf("A > B\nA > C\nD\nE > F\n"),
        maxBytes: 1e6,
        taxonomy: "t",
      });
      const rows = Array.from({ length: creativeCount }, (_, i) => `x${i},text ${i},D,0.5`);
      await importCreatives(handle.db, {
        file: "c.csv",
        format: "csv",
        source: streamOf(`id,text,predicted_label,predicted_score\n${rows.join("\n")}\n`),
        maxBytes: 1e6,
        dataset: "vectors",
        taxonomy: "t",
      });
      // A second dataset on the same taxonomy: its creatives must never be returned.
      await importCreatives(handle.db, {
        file: "o.csv",
        format: "csv",
        source: streamOf("id,text,predicted_label,predicted_score\no1,other,D,0.5\n"),
        maxBytes: 1e6,
        dataset: "other",
        taxonomy: "t",
      });
      const dataset = (await findDatasetByName(handle.db, "vectors"))!;
      const other = (await findDatasetByName(handle.db, "other"))!;
      creativeIds = (
        await listCreativePage(handle.db, dataset.id, { limit: 100, offset: 0 })
      ).items.map((c) => c.id);
      const otherIds = (
        await listCreativePage(handle.db, other.id, { limit: 10, offset: 0 })
      ).items.map((c) => c.id);
      const labels = await listLabelRefs(handle.db, dataset.taxonomyId);
      creativeIds.forEach((id, i) => vectors.set(id, vectorOf(i + 1)));
      labels.forEach((l, i) => labelVectors.set(l.id, vectorOf(100 + i)));
      await storeEmbeddings(handle.db, {
        ...model,
        dim,
        items: [
          ...[...vectors].map(([id, vector]) => ({
            ownerType: "creative_text" as const,
            ownerId: id,
            contentHash: `c${id}`,
            vector,
          })),
          // The other dataset's creative sits exactly on the first creative's vector.
          ...otherIds.map((id) => ({
            ownerType: "creative_text" as const,
            ownerId: id,
            contentHash: `o${id}`,
            vector: vectors.get(creativeIds[0]!)!,
          })),
          ...[...labelVectors].map(([id, vector]) => ({
            ownerType: "label" as const,
            ownerId: id,
            contentHash: `l${id}`,
            vector,
          })),
        ],
      });
      // Every fifth creative is confirmed with a label; one more decision was undone.
      const labelE = labels.find((l) => l.path.join(">") === "E>F")!;
      for (const [i, id] of creativeIds.entries()) {
        if (i % 5 !== 0 && i !== 7) continue;
        await handle.db.execute(sql`
          insert into decisions (creative_id, annotator, action, label_id, retracted_at)
          values (${id}, 'ann', 'relabel', ${labelE.id}, ${i === 7 ? sql`now()` : sql`null`})`);
        if (i !== 7) confirmed.add(id);
      }
    });
    afterAll(async () => handle?.close());

    it("stores vectors exactly and reads them back as they were", async () => {
      const stored = await readEmbeddings(handle.db, { ...model, ownerType: "creative_text" });
      for (const v of stored.filter((s) => vectors.has(s.ownerId))) {
        expect([...v.vector]).toEqual([...vectors.get(v.ownerId)!]);
      }
    });

    it("finds a creative's nearest labels in SQL, as an exact scan would", async () => {
      const query = creativeIds[4]!;
      const found = await findNearestLabels(handle.db, { ...model, creativeId: query, limit: 3 });
      const expected = bruteForce(vectors.get(query)!, labelVectors, 3);
      expect(found!.map((l) => l.labelId)).toEqual(expected.map((e) => e.id));
      found!.forEach((l, i) => expect(l.score).toBeCloseTo(expected[i]!.similarity, 5));
      expect(found![0]!.path.length).toBeGreaterThan(0);
      expect(
        await findNearestLabels(handle.db, {
          ...model,
          modelVersion: "v9",
          creativeId: query,
          limit: 3,
        }),
      ).toBeNull();
    });

    it("finds similar creatives of the same dataset only, exactly, with their labels", async () => {
      const query = creativeIds[0]!;
      const others = new Map([...vectors].filter(([id]) => id !== query));
      const result = await findSimilarCreatives(handle.db, {
        ...model,
        creativeId: query,
        limit: 8,
        method: "exact",
      });
      expect(result!.method).toBe("exact");
      const expected = bruteForce(vectors.get(query)!, others, 8);
      expect(result!.items.map((s) => s.creativeId)).toEqual(expected.map((e) => e.id));
      result!.items.forEach((s, i) => expect(s.similarity).toBeCloseTo(expected[i]!.similarity, 5));
      for (const item of result!.items) {
        expect(item.label!.source).toBe(confirmed.has(item.creativeId) ? "decision" : "classifier");
        expect(item.label!.path).toEqual(confirmed.has(item.creativeId) ? ["E", "F"] : ["D"]);
        expect(item.text).toBe(`text ${item.externalId.slice(1)}`);
      }
    });

    it("finds the nearest confirmed creatives (kNN-to-confirmed), ignoring undone decisions", async () => {
      const query = creativeIds[3]!;
      const result = await findSimilarCreatives(handle.db, {
        ...model,
        creativeId: query,
        limit: 5,
        confirmedOnly: true,
      });
      const pool = new Map([...vectors].filter(([id]) => confirmed.has(id) && id !== query));
      expect(result!.items.map((s) => s.creativeId)).toEqual(
        bruteForce(vectors.get(query)!, pool, 5).map((e) => e.id),
      );
      expect(result!.items.every((s) => s.label?.source === "decision")).toBe(true);
    });

    it("builds an HNSW index only past its threshold, uses it, and agrees with the exact scan", async () => {
      const space = { ...model, ownerType: "creative_text" as const };
      expect(await ensureVectorIndex(handle.db, space)).toBeNull();
      expect(await findVectorIndex(handle.db, space)).toBeNull();
      const built = await ensureVectorIndex(handle.db, space, { minRows: 10 });
      expect(built).toMatchObject({ dim, created: true });
      expect(await ensureVectorIndex(handle.db, space, { minRows: 10 })).toMatchObject({
        name: built!.name,
        created: false,
      });
      expect(await findVectorIndex(handle.db, space)).toEqual({ name: built!.name, dim });

      for (const [i, confirmedOnly] of [
        [0, false],
        [11, false],
        [3, true],
      ] as const) {
        const query = { ...model, creativeId: creativeIds[i]!, limit: 6, confirmedOnly };
        const viaIndex = await findSimilarCreatives(handle.db, query);
        const exact = await findSimilarCreatives(handle.db, { ...query, method: "exact" });
        expect(viaIndex!.method).toBe("hnsw");
        // A graph over 61 points finds every true neighbour.
        expect(viaIndex!.items.map((s) => s.creativeId)).toEqual(
          exact!.items.map((s) => s.creativeId),
        );
      }

      // The planner prefers scanning and sorting so small a table; forbid that to see the index match the
      // parameters of a query in this form.
      const cast = sql.raw(`::vector(${dim})`);
      const planText = await planWithout(
        handle.db,
        sql`select e.owner_id from embeddings e
          where e.owner_type = 'creative_text' and e.model_id = ${model.modelId}
            and e.model_version = ${model.modelVersion} and e.dim = ${dim}
          order by (e.vector${cast}) <=> (${`[${[...vectorOf(1)].join(",")}]`}::vector${cast}) limit 5`,
        ["seqscan", "sort"],
      );
      expect(planText).toContain(built!.name);
    });

    it("replaces a space's index when its vectors change size, leaving no index of the old size", async () => {
      const space = { ownerType: "creative_text" as const, modelId: "resized", modelVersion: "v1" };
      const insert = (size: number) =>
        handle.db.execute(sql`
          insert into embeddings (owner_type, owner_id, model_id, model_version, content_hash, dim, vector)
          select 'creative_text', id, 'resized', 'v1', 'h',
            ${size}, ('[' || array_to_string(array_fill(1, array[${size}]::int[]), ',') || ']')::vector
          from unnest(${sql.param(creativeIds.slice(0, 12))}::int[]) as id`);
      await insert(3);
      const small = await ensureVectorIndex(handle.db, space, { minRows: 10 });
      expect(small).toMatchObject({ dim: 3, created: true });
      await handle.db.execute(sql`delete from embeddings where model_id = 'resized'`);
      await insert(5);
      const large = await ensureVectorIndex(handle.db, space, { minRows: 10 });
      expect(large).toMatchObject({ dim: 5, created: true });
      const names = rowsOf<{ indexname: string }>(
        await handle.db.execute(
          sql`select indexname from pg_indexes where indexname = any(${sql.param([small!.name, large!.name])}::text[])`,
        ),
      ).map((r) => r.indexname);
      expect(names).toEqual([large!.name]);
      await handle.db.execute(sql`drop index if exists ${sql.raw(`"${large!.name}"`)}`);
      await handle.db.execute(sql`delete from embeddings where model_id = 'resized'`);
    });

    it("says when a space has no index to search with", async () => {
      await expect(
        findSimilarCreatives(handle.db, {
          ...model,
          modelVersion: "v1",
          creativeId: creativeIds[0]!,
          limit: 3,
          method: "hnsw",
          confirmedOnly: false,
        }),
      ).resolves.not.toBeNull();
      await handle.db
        .execute(sql`insert into embeddings (owner_type, owner_id, model_id, model_version, content_hash, dim, vector)
        values ('creative_text', ${creativeIds[0]!}, 'm2', 'v1', 'h', 2, '[1,0]')`);
      await expect(
        findSimilarCreatives(handle.db, {
          modelId: "m2",
          modelVersion: "v1",
          creativeId: creativeIds[0]!,
          limit: 3,
          method: "hnsw",
        }),
      ).rejects.toThrow(/m2@v1 has no HNSW index/);
    });
  });
}
