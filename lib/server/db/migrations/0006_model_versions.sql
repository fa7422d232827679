CREATE TABLE "dataset_training" (
	"dataset_id" integer PRIMARY KEY NOT NULL,
	"selected_model_id" text,
	"selected_model_version" text,
	"retrain_after_decisions" integer DEFAULT 200 NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "model_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"dataset_id" integer NOT NULL,
	"base_model_id" text NOT NULL,
	"base_model_version" text NOT NULL,
	"parent_id" integer,
	"objective" text NOT NULL,
	"dim" smallint NOT NULL,
	"weights" "bytea" NOT NULL,
	"decision_count" integer NOT NULL,
	"last_decision_id" integer NOT NULL,
	"metrics" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "detector_scores" ADD COLUMN "cleared_flag" text;--> statement-breakpoint
ALTER TABLE "dataset_training" ADD CONSTRAINT "dataset_training_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_parent_id_model_versions_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."model_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "model_versions_dataset_idx" ON "model_versions" USING btree ("dataset_id","base_model_id","base_model_version");