-- A claim walks the queue's order indexes from the top; with every decided item still in them, a
-- team deep into its queue paid one probe of the decisions per decided item on every claim. The
-- indexes now hold only the scores of creatives nothing settled yet (`decided`, kept by triggers
-- on decisions and on new scores), and a change to `decided` alone is not a change of the run.
DROP INDEX "detector_scores_score_order_idx";--> statement-breakpoint
DROP INDEX "detector_scores_uncertainty_order_idx";--> statement-breakpoint
DROP INDEX "detector_scores_random_order_idx";--> statement-breakpoint
ALTER TABLE "detector_scores" ADD COLUMN "decided" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Scores changed: the run's time and cached queue size follow, unless only `decided` moved (a
-- decision or an undo), which neither makes a creative flagged nor changes its score.
CREATE FUNCTION ct_detector_runs_rescored() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO detector_runs AS r (dataset_id, model_id, model_version, computed_at)
  SELECT c.dataset_id, n.model_id, n.model_version, max(n.computed_at)
  FROM changed_scores n JOIN previous_scores o ON o.id = n.id JOIN creatives c ON c.id = n.creative_id
  WHERE (n.creative_id, n.model_id, n.model_version, n.flag, n.cleared_flag, n.score, n.signals, n.computed_at)
    IS DISTINCT FROM (o.creative_id, o.model_id, o.model_version, o.flag, o.cleared_flag, o.score, o.signals, o.computed_at)
  GROUP BY 1, 2, 3
  ON CONFLICT (dataset_id, model_id, model_version) DO UPDATE SET
    computed_at = greatest(r.computed_at, excluded.computed_at),
    queue_generation = r.queue_generation + 1, queue_size = NULL;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER detector_scores_updated_runs ON detector_scores;
--> statement-breakpoint
CREATE TRIGGER detector_scores_updated_runs AFTER UPDATE ON detector_scores
  REFERENCING OLD TABLE AS previous_scores NEW TABLE AS changed_scores
  FOR EACH STATEMENT EXECUTE FUNCTION ct_detector_runs_rescored();
--> statement-breakpoint
UPDATE detector_scores s SET decided = true
WHERE s.creative_id IN (
  SELECT d.creative_id FROM decisions d
  WHERE d.retracted_at IS NULL AND (d.is_review OR d.action <> 'skip'));
--> statement-breakpoint
CREATE INDEX "detector_scores_score_order_idx" ON "detector_scores" USING btree ("model_id","model_version","score_rank","score" DESC NULLS LAST,"creative_id") WHERE not "detector_scores"."decided";--> statement-breakpoint
CREATE INDEX "detector_scores_uncertainty_order_idx" ON "detector_scores" USING btree ("model_id","model_version","uncertainty_rank",coalesce(("signals"->>'margin')::float8, 1),"creative_id") WHERE not "detector_scores"."decided";--> statement-breakpoint
CREATE INDEX "detector_scores_random_order_idx" ON "detector_scores" USING btree ("model_id","model_version",md5("creative_id"::text || 'queue'),"creative_id") WHERE not "detector_scores"."decided";
--> statement-breakpoint
-- Decisions written, retracted, overruled or deleted: their creatives' scores say again whether a
-- decision settles them (the one-annotator rule of `decidesItem` in queueCandidates.ts).
CREATE FUNCTION ct_detector_scores_decided() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE detector_scores s SET decided = x.decided
  FROM (
    SELECT t.creative_id, EXISTS (
      SELECT 1 FROM decisions d WHERE d.creative_id = t.creative_id
        AND d.retracted_at IS NULL AND (d.is_review OR d.action <> 'skip')) AS decided
    FROM (SELECT DISTINCT creative_id FROM changed_decisions) t) x
  WHERE s.creative_id = x.creative_id AND s.decided IS DISTINCT FROM x.decided;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER decisions_inserted_decided AFTER INSERT ON decisions
  REFERENCING NEW TABLE AS changed_decisions FOR EACH STATEMENT EXECUTE FUNCTION ct_detector_scores_decided();
--> statement-breakpoint
CREATE TRIGGER decisions_updated_decided AFTER UPDATE ON decisions
  REFERENCING NEW TABLE AS changed_decisions FOR EACH STATEMENT EXECUTE FUNCTION ct_detector_scores_decided();
--> statement-breakpoint
CREATE TRIGGER decisions_deleted_decided AFTER DELETE ON decisions
  REFERENCING OLD TABLE AS changed_decisions FOR EACH STATEMENT EXECUTE FUNCTION ct_detector_scores_decided();
--> statement-breakpoint
-- A new run's scores of creatives decided before it start out decided.
CREATE FUNCTION ct_detector_scores_new_decided() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE detector_scores s SET decided = true
  FROM new_scores n
  WHERE s.id = n.id AND n.creative_id IN (
    SELECT d.creative_id FROM decisions d
    WHERE d.retracted_at IS NULL AND (d.is_review OR d.action <> 'skip'));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER detector_scores_inserted_decided AFTER INSERT ON detector_scores
  REFERENCING NEW TABLE AS new_scores FOR EACH STATEMENT EXECUTE FUNCTION ct_detector_scores_new_decided();
