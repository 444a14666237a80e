CREATE SCHEMA "military";
--> statement-breakpoint
CREATE TYPE "military"."assistance_kind" AS ENUM('VILLAGE_PAIRING', 'SCHOOL', 'VILLAGE_CLINIC', 'COUNTY_HOSPITAL', 'INFRASTRUCTURE', 'INDUSTRY');--> statement-breakpoint
CREATE SEQUENCE "military"."assistance_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "military"."membership_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "military"."project_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "military"."assistance" (
	"id" text PRIMARY KEY DEFAULT 'mil-a-' || nextval('military.assistance_id_seq') NOT NULL,
	"helper_id" text NOT NULL,
	"helped_code" text NOT NULL,
	"kind" "military"."assistance_kind" NOT NULL,
	"site_name" text,
	"since" date NOT NULL,
	"until" date,
	"internal_note" text,
	"evidence_url" text,
	"note" text,
	"demo" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "military"."audit_log" (
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
CREATE TABLE "military"."leading_group_memberships" (
	"id" text PRIMARY KEY DEFAULT 'mil-lg-' || nextval('military.membership_id_seq') NOT NULL,
	"unit_id" text NOT NULL,
	"region_code" text NOT NULL,
	"since" date NOT NULL,
	"until" date,
	"demo" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "military"."projects" (
	"id" text PRIMARY KEY DEFAULT 'mil-p-' || nextval('military.project_id_seq') NOT NULL,
	"assistance_id" text NOT NULL,
	"year" integer NOT NULL,
	"name" text NOT NULL,
	"funds" numeric(18, 2) NOT NULL,
	"households_reached" integer NOT NULL,
	"people_reached" integer NOT NULL,
	"personnel_sent" integer NOT NULL,
	"officers" integer NOT NULL,
	"soldiers" integer NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "military"."unit_profiles" (
	"unit_id" text PRIMARY KEY NOT NULL,
	"designation" text,
	"internal_note" text,
	"demo" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "assistance_helped_code_pattern_idx" ON "military"."assistance" USING btree ("helped_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "assistance_helper_idx" ON "military"."assistance" USING btree ("helper_id","since");--> statement-breakpoint
CREATE INDEX "assistance_period_idx" ON "military"."assistance" USING btree ("since","until");--> statement-breakpoint
CREATE INDEX "audit_log_entity_entity_id_at_index" ON "military"."audit_log" USING btree ("entity","entity_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_actor_at_index" ON "military"."audit_log" USING btree ("actor","at");--> statement-breakpoint
CREATE INDEX "memberships_unit_idx" ON "military"."leading_group_memberships" USING btree ("unit_id","since");--> statement-breakpoint
CREATE INDEX "memberships_region_pattern_idx" ON "military"."leading_group_memberships" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "memberships_period_idx" ON "military"."leading_group_memberships" USING btree ("since","until");--> statement-breakpoint
CREATE INDEX "projects_assistance_year_idx" ON "military"."projects" USING btree ("assistance_id","year");--> statement-breakpoint
CREATE INDEX "projects_year_idx" ON "military"."projects" USING btree ("year");