ALTER TABLE "designated"."cadres" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "designated"."pairings" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "designated"."reports" ADD COLUMN "voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "designated"."reports" ADD COLUMN "voided_by" text;--> statement-breakpoint
ALTER TABLE "designated"."reports" ADD COLUMN "void_reason" text;