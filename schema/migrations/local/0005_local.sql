ALTER TABLE "local"."cadres" ADD COLUMN "voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "local"."cadres" ADD COLUMN "voided_by" text;--> statement-breakpoint
ALTER TABLE "local"."cadres" ADD COLUMN "void_reason" text;--> statement-breakpoint
ALTER TABLE "local"."household_pairings" ADD COLUMN "voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "local"."household_pairings" ADD COLUMN "voided_by" text;--> statement-breakpoint
ALTER TABLE "local"."household_pairings" ADD COLUMN "void_reason" text;--> statement-breakpoint
ALTER TABLE "local"."households" ADD COLUMN "voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "local"."households" ADD COLUMN "voided_by" text;--> statement-breakpoint
ALTER TABLE "local"."households" ADD COLUMN "void_reason" text;--> statement-breakpoint
ALTER TABLE "local"."team_members" ADD COLUMN "voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "local"."team_members" ADD COLUMN "voided_by" text;--> statement-breakpoint
ALTER TABLE "local"."team_members" ADD COLUMN "void_reason" text;--> statement-breakpoint
ALTER TABLE "local"."work_teams" ADD COLUMN "voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "local"."work_teams" ADD COLUMN "voided_by" text;--> statement-breakpoint
ALTER TABLE "local"."work_teams" ADD COLUMN "void_reason" text;