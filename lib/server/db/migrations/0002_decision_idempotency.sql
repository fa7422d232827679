ALTER TABLE "decisions" ADD COLUMN "client_decision_id" text;--> statement-breakpoint
CREATE UNIQUE INDEX "decisions_client_decision_key" ON "decisions" USING btree ("client_decision_id");