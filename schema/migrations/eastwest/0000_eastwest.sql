CREATE SCHEMA "eastwest";
--> statement-breakpoint
CREATE TYPE "eastwest"."attendance" AS ENUM('PROVINCIAL_LEADERS', 'PREFECTURE_LEADERS', 'COUNTY_LEADERS', 'DEPARTMENT');--> statement-breakpoint
CREATE TYPE "eastwest"."talent_direction" AS ENUM('EAST_TO_WEST', 'WEST_TO_EAST');--> statement-breakpoint
CREATE TYPE "eastwest"."helped_rule" AS ENUM('WESTERN', 'CENTRAL_EXCEPTION', 'JINGJINJI_EXCEPTION');--> statement-breakpoint
CREATE TYPE "eastwest"."pairing_level" AS ENUM('PROVINCE', 'PREFECTURE', 'COUNTY');--> statement-breakpoint
CREATE TYPE "eastwest"."aid_stage" AS ENUM('PLEDGED', 'COMMITTED', 'DISBURSED');--> statement-breakpoint
CREATE TYPE "eastwest"."talent_kind" AS ENUM('CADRE', 'TEACHER', 'DOCTOR', 'TECHNICIAN');--> statement-breakpoint
CREATE TABLE "eastwest"."audit_log" (
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
CREATE TABLE "eastwest"."fiscal_aid" (
	"id" serial PRIMARY KEY NOT NULL,
	"pairing_id" text NOT NULL,
	"year" integer NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"stage" "eastwest"."aid_stage" NOT NULL,
	"amount" numeric(18, 2) NOT NULL,
	"purpose" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "eastwest"."industrial_projects" (
	"id" serial PRIMARY KEY NOT NULL,
	"pairing_id" text NOT NULL,
	"year" integer NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"name" text NOT NULL,
	"enterprise" text NOT NULL,
	"county_code" text NOT NULL,
	"investment" numeric(18, 2) NOT NULL,
	"jobs_for_poor" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "eastwest"."labour_cooperation" (
	"id" serial PRIMARY KEY NOT NULL,
	"pairing_id" text NOT NULL,
	"year" integer NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"from_county_code" text NOT NULL,
	"workers_placed" integer NOT NULL,
	"poor_workers_placed" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "eastwest"."meetings" (
	"id" serial PRIMARY KEY NOT NULL,
	"pairing_id" text NOT NULL,
	"year" integer NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"date" date NOT NULL,
	"place" text NOT NULL,
	"attendance" "eastwest"."attendance" NOT NULL,
	"agreements" text[] DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "eastwest"."pairings" (
	"id" text PRIMARY KEY NOT NULL,
	"helper_id" text NOT NULL,
	"helper_code" text NOT NULL,
	"helper_level" "eastwest"."pairing_level" NOT NULL,
	"helped_code" text NOT NULL,
	"helped_level" "eastwest"."pairing_level" NOT NULL,
	"helped_rule" "eastwest"."helped_rule" NOT NULL,
	"round" integer NOT NULL,
	"since" date NOT NULL,
	"until" date,
	"arrangement" text NOT NULL,
	"evidence" text,
	"evidence_url" text,
	"source" text NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "eastwest"."produce_purchases" (
	"id" serial PRIMARY KEY NOT NULL,
	"pairing_id" text NOT NULL,
	"year" integer NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"product" text NOT NULL,
	"amount" numeric(18, 2) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "eastwest"."talent_exchanges" (
	"id" serial PRIMARY KEY NOT NULL,
	"pairing_id" text NOT NULL,
	"year" integer NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"direction" "eastwest"."talent_direction" NOT NULL,
	"kind" "eastwest"."talent_kind" NOT NULL,
	"persons" integer NOT NULL,
	"person_days" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "audit_log_entity_entity_id_at_index" ON "eastwest"."audit_log" USING btree ("entity","entity_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_actor_at_index" ON "eastwest"."audit_log" USING btree ("actor","at");--> statement-breakpoint
CREATE INDEX "fiscal_aid_pairing_year_idx" ON "eastwest"."fiscal_aid" USING btree ("pairing_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "fiscal_aid_unique_idx" ON "eastwest"."fiscal_aid" USING btree ("pairing_id","year","stage","purpose");--> statement-breakpoint
CREATE INDEX "industrial_projects_pairing_year_idx" ON "eastwest"."industrial_projects" USING btree ("pairing_id","year");--> statement-breakpoint
CREATE INDEX "industrial_projects_county_idx" ON "eastwest"."industrial_projects" USING btree ("county_code" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "industrial_projects_unique_idx" ON "eastwest"."industrial_projects" USING btree ("pairing_id","year","enterprise","name");--> statement-breakpoint
CREATE INDEX "labour_cooperation_pairing_year_idx" ON "eastwest"."labour_cooperation" USING btree ("pairing_id","year");--> statement-breakpoint
CREATE INDEX "labour_cooperation_county_idx" ON "eastwest"."labour_cooperation" USING btree ("from_county_code" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "labour_cooperation_unique_idx" ON "eastwest"."labour_cooperation" USING btree ("pairing_id","year","from_county_code");--> statement-breakpoint
CREATE INDEX "meetings_pairing_year_idx" ON "eastwest"."meetings" USING btree ("pairing_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "meetings_unique_idx" ON "eastwest"."meetings" USING btree ("pairing_id","date");--> statement-breakpoint
CREATE INDEX "pairings_helped_code_idx" ON "eastwest"."pairings" USING btree ("helped_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "pairings_helper_code_idx" ON "eastwest"."pairings" USING btree ("helper_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "pairings_helper_id_idx" ON "eastwest"."pairings" USING btree ("helper_id","since");--> statement-breakpoint
CREATE INDEX "pairings_period_idx" ON "eastwest"."pairings" USING btree ("since","until");--> statement-breakpoint
CREATE INDEX "produce_purchases_pairing_year_idx" ON "eastwest"."produce_purchases" USING btree ("pairing_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "produce_purchases_unique_idx" ON "eastwest"."produce_purchases" USING btree ("pairing_id","year","product");--> statement-breakpoint
CREATE INDEX "talent_exchanges_pairing_year_idx" ON "eastwest"."talent_exchanges" USING btree ("pairing_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "talent_exchanges_unique_idx" ON "eastwest"."talent_exchanges" USING btree ("pairing_id","year","direction","kind");