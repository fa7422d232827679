import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { applyAdapter, decodeAdapter } from "@/lib/core/adaptation/adapter";
import { adaptedModelVersion, type MaterializedEmbeddings } from "@/lib/core/adaptation/versions";
import type { Database } from "../db";
import { storeEmbeddings, type EmbeddingVector } from "./embeddings";
import { ModelVersionNotFoundError } from "./modelVersions";
import { rowsOf } from "./taxonomies";
import { floatsOf, storedVector } from "./vectorBytes";

/** Base vectors read, adapted and stored per statement. */
const batchSize = 1000;

type OwnerType = EmbeddingVector["ownerType"];

/** The dataset's owners of one type (alias `b` for the base embedding): its creatives, its labels. */
function ownedBy(ownerType: OwnerType, datasetId: number): SQL {
  return ownerType === "label"
    ? sql`join labels l on l.id = b.owner_id and l.status <> 'rejected'
        join datasets d on d.taxonomy_id = l.taxonomy_id and d.id = ${datasetId}`
    : sql`join creatives c on c.id = b.owner_id and c.dataset_id = ${datasetId}`;
}

/**
 * Stores a version's vectors: the dataset's base-model vectors (creative texts and images, the
 * taxonomy's non-rejected labels) through the version's adapter, under the base model's id and
 * the version's model version, with the base vectors' content hashes (so a changed text makes
 * both stale together). Only missing or stale adapted vectors are written, so a second call
 * writes nothing; all in one transaction. On the server on purpose: it is one linear map over
 * vectors the server already holds, so the browser neither downloads nor re-uploads them.
 */
export async function materializeVersionEmbeddings(
  database: Database,
  versionId: number,
): Promise<MaterializedEmbeddings> {
  return database.transaction(async (tx) => {
    const [version] = rowsOf<{
      dataset_id: number;
      base_model_id: string;
      base_model_version: string;
      dim: number;
      weights: Uint8Array;
    }>(
      await tx.execute(sql`
        select dataset_id, base_model_id, base_model_version, dim, weights
        from model_versions where id = ${versionId}`),
    );
    if (!version) throw new ModelVersionNotFoundError(`No model version ${versionId}`);
    const adapter = decodeAdapter(new Uint8Array(version.weights), version.dim);
    const modelId = version.base_model_id;
    const modelVersion = adaptedModelVersion(version.base_model_version, versionId);
    const result: MaterializedEmbeddings = {
      modelId,
      modelVersion,
      total: 0,
      stored: 0,
      unchanged: 0,
      skipped: 0,
    };
    for (const ownerType of ["label", "creative_text", "creative_image"] as const) {
      const owned = ownedBy(ownerType, version.dataset_id);
      const [count] = rowsOf<{ n: number }>(
        await tx.execute(sql`
          select count(*)::int as n from embeddings b ${owned}
          where b.owner_type = ${ownerType} and b.model_id = ${modelId}
            and b.model_version = ${version.base_model_version}`),
      );
      result.total += count?.n ?? 0;
      let seen = 0;
      // Keyset pages of the stale ones only, so a vector skipped for its length is not read again.
      for (let after = 0; ;) {
        const stale = rowsOf<{ owner_id: number; content_hash: string; vector: Uint8Array }>(
          await tx.execute(sql`
            select b.owner_id, b.content_hash, ${storedVector("b.vector")} as vector
            from embeddings b ${owned}
            left join embeddings a on a.owner_type = b.owner_type and a.owner_id = b.owner_id
              and a.model_id = b.model_id and a.model_version = ${modelVersion}
            where b.owner_type = ${ownerType} and b.model_id = ${modelId}
              and b.model_version = ${version.base_model_version} and b.owner_id > ${after}
              and (a.id is null or a.content_hash <> b.content_hash)
            order by b.owner_id limit ${batchSize}`),
        );
        if (stale.length === 0) break;
        after = stale[stale.length - 1]!.owner_id;
        seen += stale.length;
        const fitting = stale.filter((r) => r.vector.byteLength === 4 + version.dim * 4);
        result.skipped += stale.length - fitting.length;
        if (fitting.length === 0) continue;
        const base = new Float32Array(fitting.length * version.dim);
        fitting.forEach((r, i) => base.set(floatsOf(r.vector), i * version.dim));
        const adapted = applyAdapter(adapter, base);
        result.stored += await storeEmbeddings(tx, {
          modelId,
          modelVersion,
          dim: version.dim,
          items: fitting.map((r, i) => ({
            ownerType,
            ownerId: r.owner_id,
            contentHash: r.content_hash,
            vector: adapted.subarray(i * version.dim, (i + 1) * version.dim),
          })),
        });
      }
      result.unchanged += (count?.n ?? 0) - seen;
    }
    return result;
  });
}
