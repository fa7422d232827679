-- A queue's progress counts its run's decided items off their own index instead of joining every
-- decision of the dataset to its score and creative.
CREATE INDEX "detector_scores_decided_idx" ON "detector_scores" USING btree ("model_id","model_version","creative_id") WHERE "detector_scores"."decided";--> statement-breakpoint
-- The planner learns how few scores are decided (without it, it guessed half and scanned every creative).
ANALYZE "detector_scores";
