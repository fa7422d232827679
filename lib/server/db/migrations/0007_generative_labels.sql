CREATE TABLE "generative_cache" (
	"text_hash" text NOT NULL,
	"prompt_version" text NOT NULL,
	"model" text NOT NULL,
	"outcome" text NOT NULL,
	"answer" text,
	"prompt_tokens" integer DEFAULT 0 NOT NULL,
	"completion_tokens" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "generative_cache_text_hash_prompt_version_model_pk" PRIMARY KEY("text_hash","prompt_version","model")
);
--> statement-breakpoint
CREATE TABLE "generative_job_items" (
	"job_id" integer NOT NULL,
	"creative_id" integer NOT NULL,
	"outcome" text,
	"answer" text,
	"detail" text,
	"from_cache" boolean DEFAULT false NOT NULL,
	"prompt_tokens" integer DEFAULT 0 NOT NULL,
	"completion_tokens" integer DEFAULT 0 NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "generative_job_items_job_id_creative_id_pk" PRIMARY KEY("job_id","creative_id")
);
--> statement-breakpoint
CREATE TABLE "generative_jobs" (
	"id" serial PRIMARY KEY NOT NULL,
	"dataset_id" integer NOT NULL,
	"scope" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"provider" text NOT NULL,
	"base_url" text NOT NULL,
	"model" text NOT NULL,
	"prompt_version" text NOT NULL,
	"prompt_cost_per_1k" double precision NOT NULL,
	"completion_cost_per_1k" double precision NOT NULL,
	"concurrency" smallint NOT NULL,
	"requests_per_minute" integer NOT NULL,
	"timeout_seconds" integer NOT NULL,
	"error" text,
	"created_by" text NOT NULL,
	"heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "generative_settings" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"base_url" text NOT NULL,
	"model" text NOT NULL,
	"prompt_cost_per_1k" double precision DEFAULT 0 NOT NULL,
	"completion_cost_per_1k" double precision DEFAULT 0 NOT NULL,
	"concurrency" smallint DEFAULT 4 NOT NULL,
	"requests_per_minute" integer DEFAULT 120 NOT NULL,
	"timeout_seconds" integer DEFAULT 30 NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "generative_job_items" ADD CONSTRAINT "generative_job_items_job_id_generative_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."generative_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "generative_job_items" ADD CONSTRAINT "generative_job_items_creative_id_creatives_id_fk" FOREIGN KEY ("creative_id") REFERENCES "public"."creatives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "generative_jobs" ADD CONSTRAINT "generative_jobs_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "generative_job_items_outcome_idx" ON "generative_job_items" USING btree ("job_id","outcome");--> statement-breakpoint
CREATE INDEX "generative_jobs_dataset_idx" ON "generative_jobs" USING btree ("dataset_id","id");