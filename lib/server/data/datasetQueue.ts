import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "../db";
import { followedRunQuery } from "./followedRun";
import type { QueueScope } from "./queue";
import { overlapApplies } from "./queueCandidates";
import { rowsOf } from "./taxonomies";

/** What a queue request needs to know of a dataset before it touches the queue itself. */
export interface DatasetQueue {
  datasetId: number;
  taxonomyId: number;
  /** The detector run the queue follows ({@link followedRunQuery}); null before any run. */
  run: Pick<QueueScope, "modelId" | "modelVersion"> | null;
  /** True when some of the queue needs more than one annotator. */
  overlap: boolean;
}

/**
 * A dataset by name with the run its queue follows and whether it has overlap, in one statement:
 * every claim and progress count starts here, and three lookups were three round trips on a
 * server shared by every annotator.
 */
export async function findDatasetQueue(db: Executor, name: string): Promise<DatasetQueue | null> {
  const [row] = rowsOf<{
    id: number;
    taxonomy_id: number;
    model_id: string | null;
    model_version: string | null;
    annotators: number;
    share: number;
  }>(
    await db.execute(sql`
      select d.id, d.taxonomy_id, run.model_id, run.model_version,
        coalesce(o.annotators, 1) as annotators, coalesce(o.share, 0) as share
      from datasets d
      left join lateral (${followedRunQuery(sql`d.id`)}) run on true
      left join overlap_settings o on o.dataset_id = d.id
      where d.name = ${name}`),
  );
  if (!row) return null;
  return {
    datasetId: row.id,
    taxonomyId: row.taxonomy_id,
    run:
      row.model_id !== null && row.model_version !== null
        ? { modelId: row.model_id, modelVersion: row.model_version }
        : null,
    overlap: overlapApplies(row),
  };
}
