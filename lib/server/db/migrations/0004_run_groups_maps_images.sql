CREATE TABLE "creative_images" (
	"creative_id" integer PRIMARY KEY NOT NULL,
	"stored_path" text NOT NULL,
	"thumbnail_path" text,
	"mime_type" text NOT NULL,
	"bytes" integer NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"sha256" text NOT NULL,
	"ocr_text" text,
	"ocr_model" text,
	"ocr_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "new_label_groups" (
	"id" serial PRIMARY KEY NOT NULL,
	"dataset_id" integer NOT NULL,
	"model_id" text NOT NULL,
	"model_version" text NOT NULL,
	"suggested_name" text NOT NULL,
	"suggested_parent_id" integer,
	"cohesion" double precision NOT NULL,
	"size" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "maps" (
	"id" serial PRIMARY KEY NOT NULL,
	"dataset_id" integer NOT NULL,
	"dataset_version" integer NOT NULL,
	"model_id" text NOT NULL,
	"model_version" text NOT NULL,
	"points_key" text NOT NULL,
	"points" jsonb NOT NULL,
	"coordinates" "bytea" NOT NULL,
	"params" jsonb NOT NULL,
	"state" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "creatives" ADD COLUMN "text_source" text DEFAULT 'imported' NOT NULL;--> statement-breakpoint
ALTER TABLE "detector_scores" ADD COLUMN "score_rank" integer;--> statement-breakpoint
ALTER TABLE "detector_scores" ADD COLUMN "uncertainty_rank" integer;--> statement-breakpoint
ALTER TABLE "detector_scores" ADD COLUMN "group_id" integer;--> statement-breakpoint
ALTER TABLE "creative_images" ADD CONSTRAINT "creative_images_creative_id_creatives_id_fk" FOREIGN KEY ("creative_id") REFERENCES "public"."creatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "new_label_groups" ADD CONSTRAINT "new_label_groups_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "new_label_groups" ADD CONSTRAINT "new_label_groups_suggested_parent_id_labels_id_fk" FOREIGN KEY ("suggested_parent_id") REFERENCES "public"."labels"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maps" ADD CONSTRAINT "maps_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "new_label_groups_run_idx" ON "new_label_groups" USING btree ("dataset_id","model_id","model_version");--> statement-breakpoint
CREATE UNIQUE INDEX "maps_dataset_model_points_key" ON "maps" USING btree ("dataset_id","dataset_version","model_id","model_version","points_key");--> statement-breakpoint
ALTER TABLE "detector_scores" ADD CONSTRAINT "detector_scores_group_id_new_label_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."new_label_groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "detector_scores_group_idx" ON "detector_scores" USING btree ("group_id");