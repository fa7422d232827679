CREATE TABLE "detector_thresholds" (
	"id" serial PRIMARY KEY NOT NULL,
	"dataset_id" integer NOT NULL,
	"model_id" text NOT NULL,
	"model_version" text NOT NULL,
	"kind" text NOT NULL,
	"value" double precision NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "detector_thresholds" ADD CONSTRAINT "detector_thresholds_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "detector_thresholds_key" ON "detector_thresholds" USING btree ("dataset_id","model_id","model_version","kind");