DROP INDEX "enterprises"."compacts_place_idx";--> statement-breakpoint
DROP INDEX "enterprises"."contributions_place_idx";--> statement-breakpoint
ALTER TABLE "enterprises"."audit_log" ADD COLUMN "regions" text[];--> statement-breakpoint
ALTER TABLE "enterprises"."compacts" ADD COLUMN "voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "enterprises"."compacts" ADD COLUMN "voided_by" text;--> statement-breakpoint
ALTER TABLE "enterprises"."compacts" ADD COLUMN "void_reason" text;--> statement-breakpoint
ALTER TABLE "enterprises"."contributions" ADD COLUMN "voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "enterprises"."contributions" ADD COLUMN "voided_by" text;--> statement-breakpoint
ALTER TABLE "enterprises"."contributions" ADD COLUMN "void_reason" text;--> statement-breakpoint
CREATE INDEX "compacts_place_idx" ON "enterprises"."compacts" USING btree ("helped_code" text_pattern_ops,"published","since","until","id","helper_id","helper_kind","group_id","group_kind","voided_at");--> statement-breakpoint
CREATE INDEX "contributions_place_idx" ON "enterprises"."contributions" USING btree ("helped_code" text_pattern_ops,"published","date","id","helper_id","helper_kind","group_id","group_kind","kind","pledged","committed","disbursed","verified","jobs","trainees","people_reached","also_reported_as","voided_at");