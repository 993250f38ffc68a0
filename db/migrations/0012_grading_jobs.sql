CREATE TYPE "public"."grading_job_kind" AS ENUM('grade', 'regrade', 'public-test', 'syntax-check', 'authoring-check');--> statement-breakpoint
CREATE TYPE "public"."grading_job_status" AS ENUM('queued', 'running', 'done', 'failed', 'dead');--> statement-breakpoint
CREATE TABLE "grading_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "grading_job_kind" NOT NULL,
	"status" "grading_job_status" DEFAULT 'queued' NOT NULL,
	"submission_id" uuid,
	"regrade_run_id" uuid,
	"attempts" integer DEFAULT 0 NOT NULL,
	"lease_owner" text,
	"lease_expires_at" timestamp with time zone,
	"result" jsonb,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "current_job_id" uuid;--> statement-breakpoint
ALTER TABLE "grading_jobs" ADD CONSTRAINT "grading_jobs_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grading_jobs" ADD CONSTRAINT "grading_jobs_regrade_run_id_regrade_runs_id_fk" FOREIGN KEY ("regrade_run_id") REFERENCES "public"."regrade_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "grading_jobs_submission_idx" ON "grading_jobs" USING btree ("submission_id");--> statement-breakpoint
CREATE INDEX "grading_jobs_status_idx" ON "grading_jobs" USING btree ("status","kind");--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_current_job_id_grading_jobs_id_fk" FOREIGN KEY ("current_job_id") REFERENCES "public"."grading_jobs"("id") ON DELETE set null ON UPDATE no action;