import "server-only";
import { sql, type SQL } from "drizzle-orm";

/**
 * The detector run a dataset's queue follows, as a query of one row (`model_id`, `model_version`,
 * `computed_at`) or none: the run of the space the dataset selected (a base model or a trained
 * version, `dataset_training`) when that space has scores, else the most recently computed run
 * of a base model, as before any training. A trained version's run is followed only once the
 * version is selected: its run is stored before the selection (and stays when a round is not
 * selected), and must not take the queue over while nothing is selected. A version's run is
 * still the last fallback, when no base model's run exists. Selecting the base model again after
 * training therefore brings back its run exactly as it was stored. Kept free of other imports so every reader of "the queue's
 * run" (queue views, overlap on the decision write path, training data) can share it without an
 * import cycle. `datasetId` may be a column of an enclosing query (a lateral join).
 */
export function followedRunQuery(datasetId: number | SQL): SQL {
  // `detector_runs` (kept by triggers on the scores) has one row per run of the dataset, so this
  // reads a handful of rows however many creatives the dataset has.
  return sql`
    select r.model_id, r.model_version, r.computed_at from detector_runs r
    left join dataset_training t on t.dataset_id = r.dataset_id
      and t.selected_model_id = r.model_id and t.selected_model_version = r.model_version
    where r.dataset_id = ${datasetId}
    order by (t.dataset_id is not null) desc,
      -- lib/core/adaptation/versions.ts names a version's runs '<base>+adapter.<id>'
      (position('+adapter.' in r.model_version) = 0) desc, r.computed_at desc
    limit 1`;
}
