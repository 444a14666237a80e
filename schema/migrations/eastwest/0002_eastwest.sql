DROP INDEX "eastwest"."fiscal_aid_unique_idx";--> statement-breakpoint
DROP INDEX "eastwest"."industrial_projects_unique_idx";--> statement-breakpoint
DROP INDEX "eastwest"."labour_cooperation_unique_idx";--> statement-breakpoint
DROP INDEX "eastwest"."meetings_unique_idx";--> statement-breakpoint
DROP INDEX "eastwest"."produce_purchases_unique_idx";--> statement-breakpoint
DROP INDEX "eastwest"."talent_exchanges_unique_idx";--> statement-breakpoint
ALTER TABLE "eastwest"."audit_log" ADD COLUMN "regions" text[];--> statement-breakpoint
ALTER TABLE "eastwest"."fiscal_aid" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "eastwest"."fiscal_aid" ADD COLUMN "voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "eastwest"."fiscal_aid" ADD COLUMN "voided_by" text;--> statement-breakpoint
ALTER TABLE "eastwest"."fiscal_aid" ADD COLUMN "void_reason" text;--> statement-breakpoint
ALTER TABLE "eastwest"."industrial_projects" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "eastwest"."industrial_projects" ADD COLUMN "voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "eastwest"."industrial_projects" ADD COLUMN "voided_by" text;--> statement-breakpoint
ALTER TABLE "eastwest"."industrial_projects" ADD COLUMN "void_reason" text;--> statement-breakpoint
ALTER TABLE "eastwest"."labour_cooperation" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "eastwest"."labour_cooperation" ADD COLUMN "voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "eastwest"."labour_cooperation" ADD COLUMN "voided_by" text;--> statement-breakpoint
ALTER TABLE "eastwest"."labour_cooperation" ADD COLUMN "void_reason" text;--> statement-breakpoint
ALTER TABLE "eastwest"."meetings" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "eastwest"."meetings" ADD COLUMN "voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "eastwest"."meetings" ADD COLUMN "voided_by" text;--> statement-breakpoint
ALTER TABLE "eastwest"."meetings" ADD COLUMN "void_reason" text;--> statement-breakpoint
ALTER TABLE "eastwest"."pairings" ADD COLUMN "voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "eastwest"."pairings" ADD COLUMN "voided_by" text;--> statement-breakpoint
ALTER TABLE "eastwest"."pairings" ADD COLUMN "void_reason" text;--> statement-breakpoint
ALTER TABLE "eastwest"."produce_purchases" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "eastwest"."produce_purchases" ADD COLUMN "voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "eastwest"."produce_purchases" ADD COLUMN "voided_by" text;--> statement-breakpoint
ALTER TABLE "eastwest"."produce_purchases" ADD COLUMN "void_reason" text;--> statement-breakpoint
ALTER TABLE "eastwest"."talent_exchanges" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "eastwest"."talent_exchanges" ADD COLUMN "voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "eastwest"."talent_exchanges" ADD COLUMN "voided_by" text;--> statement-breakpoint
ALTER TABLE "eastwest"."talent_exchanges" ADD COLUMN "void_reason" text;--> statement-breakpoint
CREATE UNIQUE INDEX "fiscal_aid_unique_idx" ON "eastwest"."fiscal_aid" USING btree ("pairing_id","year","stage","purpose") WHERE "eastwest"."fiscal_aid"."voided_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "industrial_projects_unique_idx" ON "eastwest"."industrial_projects" USING btree ("pairing_id","year","enterprise","name") WHERE "eastwest"."industrial_projects"."voided_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "labour_cooperation_unique_idx" ON "eastwest"."labour_cooperation" USING btree ("pairing_id","year","from_county_code") WHERE "eastwest"."labour_cooperation"."voided_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "meetings_unique_idx" ON "eastwest"."meetings" USING btree ("pairing_id","date") WHERE "eastwest"."meetings"."voided_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "produce_purchases_unique_idx" ON "eastwest"."produce_purchases" USING btree ("pairing_id","year","product") WHERE "eastwest"."produce_purchases"."voided_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "talent_exchanges_unique_idx" ON "eastwest"."talent_exchanges" USING btree ("pairing_id","year","direction","kind") WHERE "eastwest"."talent_exchanges"."voided_at" is null;