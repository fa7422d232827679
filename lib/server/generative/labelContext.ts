import "server-only";
import { sql } from "drizzle-orm";
import {
  createCandidateFinder,
  packLabelVectors,
  type CandidateFinder,
} from "@/lib/core/generative/candidates";
import { createLexicalIndex, type LexicalIndex } from "@/lib/core/generative/lexicalIndex";
import { createLabelIndex, type LabelIndex } from "@/lib/core/taxonomy/labelIndex";
import type { Executor } from "../db";
import { readEmbeddings, type EmbeddingModelKey } from "../data/embeddings";
import { findTaxonomyById, listLabelRefs, rowsOf, type LabelRef } from "../data/taxonomies";

/**
 * A dataset's taxonomy as a generative job needs it: the labels the prompt may list (rejected
 * ones never), lookups for mapping answers back, and the embedding space (the model with the most
 * of the dataset's text vectors that also embedded the labels) for choosing each prompt's labels.
 */
export interface LabelContext {
  separator: string;
  labels: LabelRef[];
  exact: LabelIndex<LabelRef>;
  lexical: LexicalIndex<LabelRef>;
  finder: CandidateFinder<LabelRef>;
  embeddingKey: EmbeddingModelKey | null;
}

async function embeddingSpaceOf(
  db: Executor,
  datasetId: number,
): Promise<EmbeddingModelKey | null> {
  const [row] = rowsOf<{ model_id: string; model_version: string }>(
    await db.execute(sql`
      select e.model_id, e.model_version from embeddings e
      join creatives c on c.id = e.owner_id and e.owner_type = 'creative_text'
      where c.dataset_id = ${datasetId}
        and exists (
          select 1 from embeddings le join labels l on l.id = le.owner_id and le.owner_type = 'label'
          join datasets d on d.taxonomy_id = l.taxonomy_id
          where d.id = ${datasetId} and le.model_id = e.model_id and le.model_version = e.model_version)
      group by e.model_id, e.model_version order by count(*) desc, e.model_id limit 1`),
  );
  return row ? { modelId: row.model_id, modelVersion: row.model_version } : null;
}

export async function loadLabelContext(
  db: Executor,
  input: { datasetId: number; taxonomyId: number },
): Promise<LabelContext> {
  const taxonomy = await findTaxonomyById(db, input.taxonomyId);
  if (!taxonomy) throw new Error(`Taxonomy ${input.taxonomyId} does not exist`);
  const labels = (await listLabelRefs(db, input.taxonomyId))
    .filter((l) => l.status !== "rejected")
    .sort((a, b) => a.id - b.id);
  const lexical = createLexicalIndex(labels);
  const embeddingKey = await embeddingSpaceOf(db, input.datasetId);
  let vectors = null;
  if (embeddingKey) {
    const stored = await readEmbeddings(db, { ...embeddingKey, ownerType: "label" });
    vectors = packLabelVectors(labels, new Map(stored.map((v) => [v.ownerId, v.vector])));
  }
  return {
    separator: taxonomy.separator,
    labels,
    exact: createLabelIndex(labels, taxonomy.separator),
    lexical,
    finder: createCandidateFinder(labels, vectors, lexical),
    embeddingKey: vectors ? embeddingKey : null,
  };
}

/** The stored text vectors of some creatives in the context's embedding space. */
export async function creativeVectorsOf(
  db: Executor,
  context: LabelContext,
  creativeIds: number[],
): Promise<Map<number, Float32Array>> {
  if (!context.embeddingKey || creativeIds.length === 0) return new Map();
  const stored = await readEmbeddings(db, {
    ...context.embeddingKey,
    ownerType: "creative_text",
    ownerIds: creativeIds,
  });
  return new Map(stored.map((v) => [v.ownerId, v.vector]));
}
