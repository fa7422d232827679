DROP INDEX "detector_scores_group_idx";--> statement-breakpoint
CREATE INDEX "decisions_annotator_creative_idx" ON "decisions" USING btree ("annotator","creative_id");--> statement-breakpoint
CREATE INDEX "detector_scores_group_idx" ON "detector_scores" USING btree ("group_id","score_rank","creative_id");