-- A workbench card shows a new-label group's first open members and counts the rest. It looked
-- at every member's decisions: 15 ms a card for a group of 27,000 at a million creatives, more
-- with every decision. The open members are now read off an index of the group members whose
-- score is not `decided` (which the decisions keep, migration 0011).
CREATE INDEX "detector_scores_open_group_idx" ON "detector_scores" USING btree ("group_id","score_rank","creative_id") WHERE "detector_scores"."group_id" is not null and not "detector_scores"."decided";
