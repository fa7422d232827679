CREATE TABLE "creatives" (
	"id" serial PRIMARY KEY NOT NULL,
	"dataset_id" integer NOT NULL,
	"external_id" text NOT NULL,
	"text" text NOT NULL,
	"image_ref" text,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "datasets" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"taxonomy_id" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_synthetic" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "datasets_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "decisions" (
	"id" serial PRIMARY KEY NOT NULL,
	"creative_id" integer NOT NULL,
	"annotator" text NOT NULL,
	"action" text NOT NULL,
	"label_id" integer,
	"previous_label_id" integer,
	"time_spent_ms" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retracted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "detector_scores" (
	"id" serial PRIMARY KEY NOT NULL,
	"creative_id" integer NOT NULL,
	"model_id" text NOT NULL,
	"model_version" text NOT NULL,
	"flag" text,
	"score" double precision NOT NULL,
	"signals" jsonb NOT NULL,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "embeddings" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "embeddings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"owner_type" text NOT NULL,
	"owner_id" integer NOT NULL,
	"model_id" text NOT NULL,
	"model_version" text NOT NULL,
	"content_hash" text NOT NULL,
	"dim" smallint NOT NULL,
	"vector" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "imports" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"file_sha256" text NOT NULL,
	"target" text NOT NULL,
	"status" text NOT NULL,
	"rows_read" integer NOT NULL,
	"rows_written" integer NOT NULL,
	"rows_unchanged" integer NOT NULL,
	"rows_rejected" integer NOT NULL,
	"errors" jsonb NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "labels" (
	"id" serial PRIMARY KEY NOT NULL,
	"taxonomy_id" integer NOT NULL,
	"parent_id" integer,
	"path" text[] NOT NULL,
	"name" text NOT NULL,
	"depth" smallint NOT NULL,
	"external_id" text,
	"status" text DEFAULT 'existing' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "suggestions" (
	"id" serial PRIMARY KEY NOT NULL,
	"creative_id" integer NOT NULL,
	"source" text NOT NULL,
	"value" text NOT NULL,
	"label_id" integer,
	"score" double precision,
	"rank" smallint DEFAULT 1 NOT NULL,
	"model_version" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "taxonomies" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"separator" text DEFAULT ' > ' NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "taxonomies_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "training_pairs" (
	"id" serial PRIMARY KEY NOT NULL,
	"decision_id" integer NOT NULL,
	"kind" text NOT NULL,
	"creative_id" integer NOT NULL,
	"other_label_id" integer,
	"other_creative_id" integer,
	"target" double precision NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retracted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "creatives" ADD CONSTRAINT "creatives_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "datasets" ADD CONSTRAINT "datasets_taxonomy_id_taxonomies_id_fk" FOREIGN KEY ("taxonomy_id") REFERENCES "public"."taxonomies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_creative_id_creatives_id_fk" FOREIGN KEY ("creative_id") REFERENCES "public"."creatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_label_id_labels_id_fk" FOREIGN KEY ("label_id") REFERENCES "public"."labels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_previous_label_id_labels_id_fk" FOREIGN KEY ("previous_label_id") REFERENCES "public"."labels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "detector_scores" ADD CONSTRAINT "detector_scores_creative_id_creatives_id_fk" FOREIGN KEY ("creative_id") REFERENCES "public"."creatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labels" ADD CONSTRAINT "labels_taxonomy_id_taxonomies_id_fk" FOREIGN KEY ("taxonomy_id") REFERENCES "public"."taxonomies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labels" ADD CONSTRAINT "labels_parent_id_labels_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."labels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_creative_id_creatives_id_fk" FOREIGN KEY ("creative_id") REFERENCES "public"."creatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_label_id_labels_id_fk" FOREIGN KEY ("label_id") REFERENCES "public"."labels"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_pairs" ADD CONSTRAINT "training_pairs_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_pairs" ADD CONSTRAINT "training_pairs_creative_id_creatives_id_fk" FOREIGN KEY ("creative_id") REFERENCES "public"."creatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_pairs" ADD CONSTRAINT "training_pairs_other_label_id_labels_id_fk" FOREIGN KEY ("other_label_id") REFERENCES "public"."labels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_pairs" ADD CONSTRAINT "training_pairs_other_creative_id_creatives_id_fk" FOREIGN KEY ("other_creative_id") REFERENCES "public"."creatives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "creatives_dataset_external_key" ON "creatives" USING btree ("dataset_id","external_id");--> statement-breakpoint
CREATE INDEX "decisions_creative_idx" ON "decisions" USING btree ("creative_id");--> statement-breakpoint
CREATE INDEX "decisions_label_idx" ON "decisions" USING btree ("label_id");--> statement-breakpoint
CREATE UNIQUE INDEX "detector_scores_creative_model_key" ON "detector_scores" USING btree ("creative_id","model_id","model_version");--> statement-breakpoint
CREATE UNIQUE INDEX "embeddings_owner_model_key" ON "embeddings" USING btree ("owner_type","owner_id","model_id","model_version");--> statement-breakpoint
CREATE UNIQUE INDEX "labels_taxonomy_path_key" ON "labels" USING btree ("taxonomy_id","path");--> statement-breakpoint
CREATE INDEX "labels_parent_idx" ON "labels" USING btree ("parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "suggestions_creative_source_rank_key" ON "suggestions" USING btree ("creative_id","source","model_version","rank");--> statement-breakpoint
CREATE INDEX "suggestions_label_idx" ON "suggestions" USING btree ("label_id");--> statement-breakpoint
CREATE INDEX "training_pairs_decision_idx" ON "training_pairs" USING btree ("decision_id");