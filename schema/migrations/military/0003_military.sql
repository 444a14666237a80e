ALTER TABLE "military"."assistance" ADD COLUMN "voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "military"."assistance" ADD COLUMN "voided_by" text;--> statement-breakpoint
ALTER TABLE "military"."assistance" ADD COLUMN "void_reason" text;--> statement-breakpoint
ALTER TABLE "military"."audit_log" ADD COLUMN "regions" text[];--> statement-breakpoint
ALTER TABLE "military"."projects" ADD COLUMN "voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "military"."projects" ADD COLUMN "voided_by" text;--> statement-breakpoint
ALTER TABLE "military"."projects" ADD COLUMN "void_reason" text;