CREATE TABLE "queue_leases" (
	"creative_id" integer PRIMARY KEY NOT NULL,
	"annotator" text NOT NULL,
	"leased_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "queue_leases" ADD CONSTRAINT "queue_leases_creative_id_creatives_id_fk" FOREIGN KEY ("creative_id") REFERENCES "public"."creatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "queue_leases_annotator_idx" ON "queue_leases" USING btree ("annotator","expires_at");