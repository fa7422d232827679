-- A million creatives: tables of detector runs and of dataset counts (kept by triggers) so finding
-- a queue's run, its size and a dataset's counts reads one row; indexes in the queue's three orders
-- so a claim reads its next items off an index; trigram indexes for the Creatives search.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE TABLE "dataset_counts" (
	"dataset_id" integer PRIMARY KEY NOT NULL,
	"generation" integer DEFAULT 0 NOT NULL,
	"creatives" integer,
	"with_image" integer,
	"with_prediction" integer
);
--> statement-breakpoint
CREATE TABLE "detector_runs" (
	"dataset_id" integer NOT NULL,
	"model_id" text NOT NULL,
	"model_version" text NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"queue_generation" integer DEFAULT 0 NOT NULL,
	"queue_size" integer,
	CONSTRAINT "detector_runs_dataset_id_model_id_model_version_pk" PRIMARY KEY("dataset_id","model_id","model_version")
);
--> statement-breakpoint
ALTER TABLE "dataset_counts" ADD CONSTRAINT "dataset_counts_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "detector_runs" ADD CONSTRAINT "detector_runs_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "creatives_text_trgm_idx" ON "creatives" USING gin ("text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "creatives_external_id_trgm_idx" ON "creatives" USING gin ("external_id" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "detector_scores_score_order_idx" ON "detector_scores" USING btree ("model_id","model_version","score_rank","score" DESC NULLS LAST,"creative_id");--> statement-breakpoint
CREATE INDEX "detector_scores_uncertainty_order_idx" ON "detector_scores" USING btree ("model_id","model_version","uncertainty_rank",coalesce(("signals"->>'margin')::float8, 1),"creative_id");--> statement-breakpoint
CREATE INDEX "detector_scores_random_order_idx" ON "detector_scores" USING btree ("model_id","model_version",md5("creative_id"::text || 'queue'),"creative_id");

--> statement-breakpoint
-- The runs that exist today, from their scores.
INSERT INTO "detector_runs" ("dataset_id", "model_id", "model_version", "computed_at")
SELECT c."dataset_id", s."model_id", s."model_version", max(s."computed_at")
FROM "detector_scores" s JOIN "creatives" c ON c."id" = s."creative_id"
GROUP BY 1, 2, 3;
--> statement-breakpoint
-- Scores written or changed (a run, a re-run, a creative sent to the queue by hand, cleared flags):
-- the run exists, its time is the latest score's, and its cached queue size no longer holds.
-- Statement triggers over the transition table: one small upsert per batch of scores.
CREATE FUNCTION ct_detector_runs_scored() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO detector_runs AS r (dataset_id, model_id, model_version, computed_at)
  SELECT c.dataset_id, n.model_id, n.model_version, max(n.computed_at)
  FROM changed_scores n JOIN creatives c ON c.id = n.creative_id
  GROUP BY 1, 2, 3
  ON CONFLICT (dataset_id, model_id, model_version) DO UPDATE SET
    computed_at = greatest(r.computed_at, excluded.computed_at),
    queue_generation = r.queue_generation + 1, queue_size = NULL;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER detector_scores_inserted_runs AFTER INSERT ON detector_scores
  REFERENCING NEW TABLE AS changed_scores FOR EACH STATEMENT EXECUTE FUNCTION ct_detector_runs_scored();
--> statement-breakpoint
CREATE TRIGGER detector_scores_updated_runs AFTER UPDATE ON detector_scores
  REFERENCING NEW TABLE AS changed_scores FOR EACH STATEMENT EXECUTE FUNCTION ct_detector_runs_scored();
--> statement-breakpoint
-- Scores deleted (their creatives were): the runs' queue sizes no longer hold, and a run left
-- without any score in its dataset is gone.
CREATE FUNCTION ct_detector_runs_unscored() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE detector_runs r SET queue_generation = r.queue_generation + 1, queue_size = NULL
  WHERE (r.model_id, r.model_version) IN (SELECT DISTINCT o.model_id, o.model_version FROM removed_scores o);
  DELETE FROM detector_runs r
  WHERE (r.model_id, r.model_version) IN (SELECT DISTINCT o.model_id, o.model_version FROM removed_scores o)
    AND NOT EXISTS (
      SELECT 1 FROM detector_scores s JOIN creatives c ON c.id = s.creative_id
      WHERE c.dataset_id = r.dataset_id AND s.model_id = r.model_id AND s.model_version = r.model_version);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER detector_scores_deleted_runs AFTER DELETE ON detector_scores
  REFERENCING OLD TABLE AS removed_scores FOR EACH STATEMENT EXECUTE FUNCTION ct_detector_runs_unscored();
--> statement-breakpoint
-- A similarity threshold moves creatives in or out of its run's queue.
CREATE FUNCTION ct_detector_runs_threshold() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  t detector_thresholds;
BEGIN
  IF TG_OP = 'DELETE' THEN t := OLD; ELSE t := NEW; END IF;
  UPDATE detector_runs SET queue_generation = queue_generation + 1, queue_size = NULL
  WHERE dataset_id = t.dataset_id AND model_id = t.model_id AND model_version = t.model_version;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER detector_thresholds_runs AFTER INSERT OR UPDATE OR DELETE ON detector_thresholds
  FOR EACH ROW EXECUTE FUNCTION ct_detector_runs_threshold();
--> statement-breakpoint
-- Any change to creatives (an import, an image attached, OCR text) clears every dataset's cached
-- counts: such writes are rare and a statement trigger without a transition table costs a bulk
-- import nothing per row.
CREATE FUNCTION ct_dataset_counts_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE dataset_counts SET generation = generation + 1, creatives = NULL, with_image = NULL,
    with_prediction = NULL;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER creatives_dataset_counts AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON creatives
  FOR EACH STATEMENT EXECUTE FUNCTION ct_dataset_counts_stale();
--> statement-breakpoint
-- Classifier suggestions change the "with prediction" count of their datasets; the detector's and
-- the generative model's suggestions (written far more often) do not.
CREATE FUNCTION ct_dataset_counts_predictions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE dataset_counts d SET generation = d.generation + 1, creatives = NULL, with_image = NULL,
    with_prediction = NULL
  WHERE d.dataset_id IN (
    SELECT c.dataset_id FROM changed_suggestions x JOIN creatives c ON c.id = x.creative_id
    WHERE x.source = 'classifier');
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER suggestions_inserted_counts AFTER INSERT ON suggestions
  REFERENCING NEW TABLE AS changed_suggestions FOR EACH STATEMENT EXECUTE FUNCTION ct_dataset_counts_predictions();
--> statement-breakpoint
CREATE TRIGGER suggestions_updated_counts AFTER UPDATE ON suggestions
  REFERENCING NEW TABLE AS changed_suggestions FOR EACH STATEMENT EXECUTE FUNCTION ct_dataset_counts_predictions();
--> statement-breakpoint
CREATE TRIGGER suggestions_deleted_counts AFTER DELETE ON suggestions
  REFERENCING OLD TABLE AS changed_suggestions FOR EACH STATEMENT EXECUTE FUNCTION ct_dataset_counts_predictions();
--> statement-breakpoint
-- Every dataset has its counts row from the start, so a change always has a generation to bump.
INSERT INTO dataset_counts (dataset_id) SELECT id FROM datasets;
--> statement-breakpoint
CREATE FUNCTION ct_dataset_counts_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO dataset_counts (dataset_id) VALUES (NEW.id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER datasets_counts_row AFTER INSERT ON datasets
  FOR EACH ROW EXECUTE FUNCTION ct_dataset_counts_row();
