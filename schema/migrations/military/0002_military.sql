ALTER TABLE "military"."assistance" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "military"."unit_profiles" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;