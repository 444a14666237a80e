CREATE SCHEMA "local";
--> statement-breakpoint
CREATE TYPE "local"."cadre_level" AS ENUM('COUNTY_LEADER', 'DEPARTMENT_LEADER', 'ORDINARY');--> statement-breakpoint
CREATE TYPE "local"."household_status" AS ENUM('IDENTIFIED', 'EXITED', 'RETURNED', 'NEWLY_IDENTIFIED');--> statement-breakpoint
CREATE TYPE "local"."member_role" AS ENUM('FIRST_SECRETARY', 'LEADER', 'MEMBER');--> statement-breakpoint
CREATE TYPE "local"."poverty_cause" AS ENUM('ILLNESS', 'DISABILITY', 'EDUCATION', 'DISASTER', 'LACK_OF_LAND', 'LACK_OF_WATER', 'LACK_OF_SKILLED_LABOUR', 'LACK_OF_LABOUR', 'LACK_OF_FUNDS', 'LIVING_ENVIRONMENT', 'OWN_EFFORT', 'OTHER');--> statement-breakpoint
CREATE SEQUENCE "local"."cadre_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "local"."member_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "local"."pairing_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "local"."team_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "local"."audit_log" (
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
CREATE TABLE "local"."cadres" (
	"id" text PRIMARY KEY DEFAULT 'loc-c-' || nextval('local.cadre_id_seq') NOT NULL,
	"person_name" text NOT NULL,
	"level" "local"."cadre_level" NOT NULL,
	"organization_id" text NOT NULL,
	"county_code" text NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "local"."household_pairings" (
	"id" text PRIMARY KEY DEFAULT 'loc-hp-' || nextval('local.pairing_id_seq') NOT NULL,
	"cadre_id" text NOT NULL,
	"household_id" text NOT NULL,
	"since" date NOT NULL,
	"until" date,
	"demo" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "local"."household_statuses" (
	"household_id" text NOT NULL,
	"year" integer NOT NULL,
	"status" "local"."household_status" NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	CONSTRAINT "household_statuses_household_id_year_pk" PRIMARY KEY("household_id","year")
);
--> statement-breakpoint
CREATE TABLE "local"."households" (
	"id" text PRIMARY KEY NOT NULL,
	"village_code" text NOT NULL,
	"county_code" text NOT NULL,
	"size" integer NOT NULL,
	"main_cause" "local"."poverty_cause" NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "local"."pairing_norms" (
	"county_code" text NOT NULL,
	"level" "local"."cadre_level" NOT NULL,
	"minimum" integer NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	CONSTRAINT "pairing_norms_county_code_level_pk" PRIMARY KEY("county_code","level")
);
--> statement-breakpoint
CREATE TABLE "local"."poor_villages" (
	"code" text PRIMARY KEY NOT NULL,
	"county_code" text NOT NULL,
	"since_year" integer NOT NULL,
	"exit_year" integer,
	"demo" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "local"."team_members" (
	"id" text PRIMARY KEY DEFAULT 'loc-wm-' || nextval('local.member_id_seq') NOT NULL,
	"team_id" text NOT NULL,
	"person_name" text NOT NULL,
	"role" "local"."member_role" NOT NULL,
	"since" date NOT NULL,
	"until" date,
	"demo" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "local"."team_senders" (
	"team_id" text NOT NULL,
	"organization_id" text NOT NULL,
	CONSTRAINT "team_senders_team_id_organization_id_pk" PRIMARY KEY("team_id","organization_id")
);
--> statement-breakpoint
CREATE TABLE "local"."work_teams" (
	"id" text PRIMARY KEY DEFAULT 'loc-wt-' || nextval('local.team_id_seq') NOT NULL,
	"village_code" text NOT NULL,
	"since" date NOT NULL,
	"until" date,
	"demo" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "audit_log_entity_entity_id_at_index" ON "local"."audit_log" USING btree ("entity","entity_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_actor_at_index" ON "local"."audit_log" USING btree ("actor","at");--> statement-breakpoint
CREATE INDEX "cadres_county_idx" ON "local"."cadres" USING btree ("county_code");--> statement-breakpoint
CREATE INDEX "cadres_org_idx" ON "local"."cadres" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "household_pairings_cadre_idx" ON "local"."household_pairings" USING btree ("cadre_id");--> statement-breakpoint
CREATE INDEX "household_pairings_household_idx" ON "local"."household_pairings" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "households_village_idx" ON "local"."households" USING btree ("village_code");--> statement-breakpoint
CREATE INDEX "households_county_idx" ON "local"."households" USING btree ("county_code");--> statement-breakpoint
CREATE INDEX "poor_villages_county_idx" ON "local"."poor_villages" USING btree ("county_code");--> statement-breakpoint
CREATE INDEX "team_members_team_idx" ON "local"."team_members" USING btree ("team_id","since");--> statement-breakpoint
CREATE INDEX "team_senders_org_idx" ON "local"."team_senders" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "work_teams_village_pattern_idx" ON "local"."work_teams" USING btree ("village_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "work_teams_period_idx" ON "local"."work_teams" USING btree ("since","until");