ALTER TABLE "submissions" DROP CONSTRAINT "submissions_attempt";--> statement-breakpoint
ALTER TABLE "submissions" DROP CONSTRAINT "submissions_idempotency";--> statement-breakpoint
CREATE UNIQUE INDEX "submissions_attempt" ON "submissions" USING btree ("item_id","user_id","attempt_number") WHERE "submissions"."status" <> 'error';--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_idempotency" UNIQUE("user_id","item_id","idempotency_key");