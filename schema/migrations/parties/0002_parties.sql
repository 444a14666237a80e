ALTER TABLE "parties"."assistance" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "parties"."supervision_trips" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;