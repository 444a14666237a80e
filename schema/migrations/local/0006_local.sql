ALTER TABLE "local"."assessments" ADD COLUMN "voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "local"."assessments" ADD COLUMN "voided_by" text;--> statement-breakpoint
ALTER TABLE "local"."assessments" ADD COLUMN "void_reason" text;--> statement-breakpoint
ALTER TABLE "local"."leading_group_seats" ADD COLUMN "voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "local"."leading_group_seats" ADD COLUMN "voided_by" text;--> statement-breakpoint
ALTER TABLE "local"."leading_group_seats" ADD COLUMN "void_reason" text;--> statement-breakpoint
ALTER TABLE "local"."leading_groups" ADD COLUMN "voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "local"."leading_groups" ADD COLUMN "voided_by" text;--> statement-breakpoint
ALTER TABLE "local"."leading_groups" ADD COLUMN "void_reason" text;--> statement-breakpoint
ALTER TABLE "local"."responsibility_letters" ADD COLUMN "voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "local"."responsibility_letters" ADD COLUMN "voided_by" text;--> statement-breakpoint
ALTER TABLE "local"."responsibility_letters" ADD COLUMN "void_reason" text;