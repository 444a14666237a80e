CREATE TABLE "registry"."period_locks" (
	"id" serial PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"region_code" text NOT NULL,
	"year" integer NOT NULL,
	"reason" text NOT NULL,
	"locked_by" text NOT NULL,
	"locked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"unlocked_by" text,
	"unlocked_at" timestamp with time zone,
	"unlock_reason" text
);
--> statement-breakpoint
ALTER TABLE "registry"."audit_log" ADD COLUMN "regions" text[];--> statement-breakpoint
ALTER TABLE "registry"."organizations" ADD COLUMN "voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "registry"."organizations" ADD COLUMN "voided_by" text;--> statement-breakpoint
ALTER TABLE "registry"."organizations" ADD COLUMN "void_reason" text;--> statement-breakpoint
CREATE UNIQUE INDEX "period_locks_in_force_idx" ON "registry"."period_locks" USING btree ("channel","region_code","year") WHERE "registry"."period_locks"."unlocked_at" is null;--> statement-breakpoint
CREATE INDEX "period_locks_year_idx" ON "registry"."period_locks" USING btree ("channel","year");