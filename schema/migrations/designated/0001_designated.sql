ALTER TABLE "designated"."audit_log" ADD COLUMN "regions" text[];--> statement-breakpoint
ALTER TABLE "designated"."cadres" ADD COLUMN "voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "designated"."cadres" ADD COLUMN "voided_by" text;--> statement-breakpoint
ALTER TABLE "designated"."cadres" ADD COLUMN "void_reason" text;--> statement-breakpoint
ALTER TABLE "designated"."pairings" ADD COLUMN "voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "designated"."pairings" ADD COLUMN "voided_by" text;--> statement-breakpoint
ALTER TABLE "designated"."pairings" ADD COLUMN "void_reason" text;