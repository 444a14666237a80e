ALTER TABLE "military"."leading_group_memberships" ADD COLUMN "voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "military"."leading_group_memberships" ADD COLUMN "voided_by" text;--> statement-breakpoint
ALTER TABLE "military"."leading_group_memberships" ADD COLUMN "void_reason" text;--> statement-breakpoint
ALTER TABLE "military"."unit_profiles" ADD COLUMN "voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "military"."unit_profiles" ADD COLUMN "voided_by" text;--> statement-breakpoint
ALTER TABLE "military"."unit_profiles" ADD COLUMN "void_reason" text;