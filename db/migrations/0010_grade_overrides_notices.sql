CREATE TYPE "public"."grade_change_kind" AS ENUM('regrade', 'override', 'manual');--> statement-breakpoint
CREATE TABLE "grade_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"kind" "grade_change_kind" NOT NULL,
	"old_score" real,
	"new_score" real,
	"reason" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "score_overrides" (
	"item_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"score" real NOT NULL,
	"reason" text NOT NULL,
	"actor_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "score_overrides_item_id_user_id_pk" PRIMARY KEY("item_id","user_id"),
	CONSTRAINT "score_overrides_range" CHECK ("score_overrides"."score" >= 0 and "score_overrides"."score" <= 1)
);
--> statement-breakpoint
ALTER TABLE "grade_audit" ALTER COLUMN "submission_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "grade_audit" ADD COLUMN "item_id" uuid;--> statement-breakpoint
ALTER TABLE "grade_audit" ADD COLUMN "user_id" uuid;--> statement-breakpoint
ALTER TABLE "grade_notices" ADD CONSTRAINT "grade_notices_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grade_notices" ADD CONSTRAINT "grade_notices_item_id_assessment_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."assessment_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_overrides" ADD CONSTRAINT "score_overrides_item_id_assessment_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."assessment_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_overrides" ADD CONSTRAINT "score_overrides_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_overrides" ADD CONSTRAINT "score_overrides_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "grade_notices_user_idx" ON "grade_notices" USING btree ("user_id","read_at");--> statement-breakpoint
ALTER TABLE "grade_audit" ADD CONSTRAINT "grade_audit_item_id_assessment_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."assessment_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grade_audit" ADD CONSTRAINT "grade_audit_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "grade_audit_item_user_idx" ON "grade_audit" USING btree ("item_id","user_id");--> statement-breakpoint
ALTER TABLE "grade_audit" ADD CONSTRAINT "grade_audit_subject" CHECK ("grade_audit"."submission_id" is not null or ("grade_audit"."item_id" is not null and "grade_audit"."user_id" is not null));