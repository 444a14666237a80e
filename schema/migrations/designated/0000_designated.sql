CREATE SCHEMA "designated";
--> statement-breakpoint
CREATE TYPE "designated"."arrangement" AS ENUM('DESIGNATED', 'PAIRED_SUPPORT', 'SUBSIDIARY', 'UNSPECIFIED');--> statement-breakpoint
CREATE TYPE "designated"."cadre_role" AS ENUM('DEPUTY_COUNTY_HEAD', 'FIRST_SECRETARY', 'WORK_TEAM_MEMBER');--> statement-breakpoint
CREATE TYPE "designated"."grade" AS ENUM('EXCELLENT', 'GOOD', 'FAIR', 'POOR');--> statement-breakpoint
CREATE TYPE "designated"."report_status" AS ENUM('DRAFT', 'SUBMITTED', 'APPROVED', 'RETURNED');--> statement-breakpoint
CREATE TYPE "designated"."round" AS ENUM('ROUND_2002', 'ROUND_2012', 'ROUND_2015', 'ROUND_2021');--> statement-breakpoint
CREATE TABLE "designated"."audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"role" text NOT NULL,
	"action" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text,
	"outcome" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "designated"."cadres" (
	"id" text PRIMARY KEY NOT NULL,
	"pairing_id" text NOT NULL,
	"helper_id" text NOT NULL,
	"posted_code" text NOT NULL,
	"role" "designated"."cadre_role" NOT NULL,
	"person_name" text NOT NULL,
	"identity_number" text NOT NULL,
	"position" text,
	"since" date NOT NULL,
	"until" date,
	"recall_reason" text,
	"demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cadres_period_check" CHECK ("designated"."cadres"."until" is null or "designated"."cadres"."until" >= "designated"."cadres"."since")
);
--> statement-breakpoint
CREATE TABLE "designated"."pairings" (
	"id" text PRIMARY KEY NOT NULL,
	"helper_id" text NOT NULL,
	"helped_code" text NOT NULL,
	"arrangement" "designated"."arrangement" NOT NULL,
	"round" "designated"."round" NOT NULL,
	"since" date NOT NULL,
	"until" date,
	"since_evidenced" boolean NOT NULL,
	"evidence_url" text,
	"source" text NOT NULL,
	"note" text,
	"end_reason" text,
	"demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pairings_period_check" CHECK ("designated"."pairings"."until" is null or "designated"."pairings"."until" >= "designated"."pairings"."since")
);
--> statement-breakpoint
CREATE TABLE "designated"."reports" (
	"id" text PRIMARY KEY NOT NULL,
	"pairing_id" text NOT NULL,
	"year" integer NOT NULL,
	"status" "designated"."report_status" NOT NULL,
	"plan_funds_invested" numeric(18, 2),
	"plan_funds_introduced" numeric(18, 2),
	"plan_local_cadres_trained" integer,
	"plan_technicians_trained" integer,
	"plan_produce_purchased" numeric(18, 2),
	"plan_produce_sales_helped" numeric(18, 2),
	"plan_projects" integer,
	"summary_funds_invested" numeric(18, 2),
	"summary_funds_introduced" numeric(18, 2),
	"summary_local_cadres_trained" integer,
	"summary_technicians_trained" integer,
	"summary_produce_purchased" numeric(18, 2),
	"summary_produce_sales_helped" numeric(18, 2),
	"summary_projects" integer,
	"plan_filed_at" timestamp with time zone,
	"summary_filed_at" timestamp with time zone,
	"submitted_at" timestamp with time zone,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" text,
	"return_reason" text,
	"reopen_reason" text,
	"grade" "designated"."grade",
	"assessor" text,
	"assessed_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reports_non_negative_check" CHECK (coalesce("designated"."reports"."plan_funds_invested", 0) >= 0 and coalesce("designated"."reports"."summary_funds_invested", 0) >= 0 and coalesce("designated"."reports"."plan_funds_introduced", 0) >= 0 and coalesce("designated"."reports"."summary_funds_introduced", 0) >= 0 and coalesce("designated"."reports"."plan_local_cadres_trained", 0) >= 0 and coalesce("designated"."reports"."summary_local_cadres_trained", 0) >= 0 and coalesce("designated"."reports"."plan_technicians_trained", 0) >= 0 and coalesce("designated"."reports"."summary_technicians_trained", 0) >= 0 and coalesce("designated"."reports"."plan_produce_purchased", 0) >= 0 and coalesce("designated"."reports"."summary_produce_purchased", 0) >= 0 and coalesce("designated"."reports"."plan_produce_sales_helped", 0) >= 0 and coalesce("designated"."reports"."summary_produce_sales_helped", 0) >= 0 and coalesce("designated"."reports"."plan_projects", 0) >= 0 and coalesce("designated"."reports"."summary_projects", 0) >= 0)
);
--> statement-breakpoint
CREATE INDEX "audit_log_entity_entity_id_at_index" ON "designated"."audit_log" USING btree ("entity","entity_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_actor_at_index" ON "designated"."audit_log" USING btree ("actor","at");--> statement-breakpoint
CREATE INDEX "cadres_posted_code_pattern_idx" ON "designated"."cadres" USING btree ("posted_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "cadres_helper_since_idx" ON "designated"."cadres" USING btree ("helper_id","since");--> statement-breakpoint
CREATE INDEX "cadres_pairing_idx" ON "designated"."cadres" USING btree ("pairing_id");--> statement-breakpoint
CREATE INDEX "cadres_identity_number_idx" ON "designated"."cadres" USING btree ("identity_number");--> statement-breakpoint
CREATE INDEX "cadres_period_idx" ON "designated"."cadres" USING btree ("since","until");--> statement-breakpoint
CREATE INDEX "pairings_helped_code_pattern_idx" ON "designated"."pairings" USING btree ("helped_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "pairings_helper_since_idx" ON "designated"."pairings" USING btree ("helper_id","since");--> statement-breakpoint
CREATE INDEX "pairings_period_idx" ON "designated"."pairings" USING btree ("since","until");--> statement-breakpoint
CREATE UNIQUE INDEX "reports_pairing_year_idx" ON "designated"."reports" USING btree ("pairing_id","year");--> statement-breakpoint
CREATE INDEX "reports_year_status_idx" ON "designated"."reports" USING btree ("year","status");