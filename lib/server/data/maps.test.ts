import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "../db";
import { importCreatives } from "../import/importCreatives";
import { importTaxonomy } from "../import/importTaxonomy";
import { streamOf, testDatabaseTargets } from "../testing/databases";
import { findDatasetByName, listCreativePage } from "./creatives";
import { storeEmbeddings } from "./embeddings";
import { listMapModels, readMapData } from "./mapData";
import { findStoredMap, saveStoredMap, StoredMapRejectedError, type StoredMapKey } from "./maps";
import { listLabelRefs, rowsOf } from "./taxonomies";

const coordinatesOf = (values: number[]) => Buffer.from(new Float32Array(values).buffer);

for (const target of testDatabaseTargets()) {
  describe(`stored maps and map data on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let key: StoredMapKey;
    let creativeIds: number[];

    beforeAll(async () => {
      handle = await target.open();
      await importTaxonomy(handle.db, {
        file: "t.txt",
        source: streamOf("A > B\nC\n"),
        maxBytes: 1e6,
        taxonomy: "t",
      });
      await importCreatives(handle.db, {
        file: "c.csv",
        format: "csv",
        source: streamOf(
          "id,text,predicted_label,predicted_score\nx1,one,A > B,0.5\nx2,two,C,0.5\n",
        ),
        maxBytes: 1e6,
        dataset: "maps",
        taxonomy: "t",
      });
      const dataset = (await findDatasetByName(handle.db, "maps"))!;
      key = { datasetId: dataset.id, modelId: "m", modelVersion: "1", pointsKey: "all" };
      creativeIds = (
        await listCreativePage(handle.db, dataset.id, { limit: 10, offset: 0 })
      ).items.map((c) => c.id);
      const labels = await listLabelRefs(handle.db, dataset.taxonomyId);
      const vector = (i: number) => new Float32Array([i, 1, 0]);
      for (const modelVersion of ["1", "2"]) {
        await storeEmbeddings(handle.db, {
          modelId: "m",
          modelVersion,
          dim: 3,
          items: [
            ...creativeIds.map((id, i) => ({
              ownerType: "creative_text" as const,
              ownerId: id,
              contentHash: `c${id}`,
              vector: vector(i),
            })),
            ...(modelVersion === "1"
              ? labels.map((l, i) => ({
                  ownerType: "label" as const,
                  ownerId: l.id,
                  contentHash: `l${l.id}`,
                  vector: vector(10 + i),
                }))
              : []),
          ],
        });
      }
    });
    afterAll(async () => handle?.close());

    it("reads a dataset's points with their vectors and version, and lists its models", async () => {
      const data = await readMapData(handle.db, {
        dataset: "maps",
        modelId: "m",
        modelVersion: "1",
      });
      const [dataset] = rowsOf<{ version: number }>(
        await handle.db.execute(sql`select version from datasets where id = ${key.datasetId}`),
      );
      expect(data?.datasetVersion).toBe(dataset?.version);
      expect(data?.dim).toBe(3);
      expect(data?.points.map((p) => p.kind)).toEqual(["text", "text", "label", "label", "label"]);
      expect(data?.points[0]).toMatchObject({
        ownerId: creativeIds[0],
        label: "one",
        branch: ["A", "B"],
        decided: false,
        hasImage: false,
      });
      expect(data?.vectors.byteLength).toBe(5 * 3 * 4);
      expect(await listMapModels(handle.db, key.datasetId)).toEqual([
        { modelId: "m", modelVersion: "1", creatives: 2 },
        { modelId: "m", modelVersion: "2", creatives: 2 },
      ]);
    });

    it("stores a map, replaces it when recomputed, and finds it from a later dataset version", async () => {
      expect(await findStoredMap(handle.db, { ...key, atVersion: 1 })).toBeNull();
      const points = creativeIds.map((id) => ({
        ownerType: "creative_text" as const,
        ownerId: id,
      }));
      await saveStoredMap(handle.db, {
        ...key,
        datasetVersion: 1,
        points,
        coordinates: coordinatesOf([0, 1, 2, 3]),
        params: { seed: 42 },
        createdBy: "a",
      });
      await saveStoredMap(handle.db, {
        ...key,
        datasetVersion: 1,
        points,
        coordinates: coordinatesOf([4, 5, 6, 7]),
        params: { seed: 42 },
        createdBy: "b",
      });
      await handle.db.execute(sql`update datasets set version = 3 where id = ${key.datasetId}`);
      const found = await findStoredMap(handle.db, { ...key, atVersion: 3 });
      expect(found).toMatchObject({
        datasetVersion: 1,
        points,
        createdBy: "b",
        params: { seed: 42 },
      });
      expect(Array.from(new Float32Array(new Uint8Array(found!.coordinates).buffer))).toEqual([
        4, 5, 6, 7,
      ]);
      expect(
        await findStoredMap(handle.db, { ...key, pointsKey: "other", atVersion: 3 }),
      ).toBeNull();
      expect(await findStoredMap(handle.db, { ...key, atVersion: 0 })).toBeNull();
    });

    it("refuses coordinates that do not fit the points", async () => {
      const points = [{ ownerType: "label" as const, ownerId: 1 }];
      await expect(
        saveStoredMap(handle.db, {
          ...key,
          datasetVersion: 1,
          points,
          coordinates: coordinatesOf([1, 2, 3]),
          params: {},
          createdBy: "a",
        }),
      ).rejects.toBeInstanceOf(StoredMapRejectedError);
      await expect(
        saveStoredMap(handle.db, {
          ...key,
          datasetVersion: 1,
          points,
          coordinates: coordinatesOf([1, Number.NaN]),
          params: {},
          createdBy: "a",
        }),
      ).rejects.toThrow(/finite/);
      await expect(
        saveStoredMap(handle.db, {
          ...key,
          datasetVersion: 9,
          points,
          coordinates: coordinatesOf([1, 2]),
          params: {},
          createdBy: "a",
        }),
      ).rejects.toThrow(/does not exist yet/);
    });
  });
}
