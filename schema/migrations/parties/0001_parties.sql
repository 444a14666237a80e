ALTER TABLE "parties"."assistance" ADD COLUMN "voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "parties"."assistance" ADD COLUMN "voided_by" text;--> statement-breakpoint
ALTER TABLE "parties"."assistance" ADD COLUMN "void_reason" text;--> statement-breakpoint
ALTER TABLE "parties"."audit_log" ADD COLUMN "regions" text[];--> statement-breakpoint
ALTER TABLE "parties"."recommendations" ADD COLUMN "voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "parties"."recommendations" ADD COLUMN "voided_by" text;--> statement-breakpoint
ALTER TABLE "parties"."recommendations" ADD COLUMN "void_reason" text;--> statement-breakpoint
ALTER TABLE "parties"."supervision_trips" ADD COLUMN "voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "parties"."supervision_trips" ADD COLUMN "voided_by" text;--> statement-breakpoint
ALTER TABLE "parties"."supervision_trips" ADD COLUMN "void_reason" text;