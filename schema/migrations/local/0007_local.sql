ALTER TABLE "local"."cadres" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "local"."household_pairings" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;