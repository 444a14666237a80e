CREATE SCHEMA "registry";
--> statement-breakpoint
CREATE TYPE "registry"."organization_kind" AS ENUM('CENTRAL_PARTY_STATE_ORGAN', 'LOCAL_PARTY_STATE_ORGAN', 'LOCAL_GOVERNMENT', 'CENTRAL_SOE', 'LOCAL_SOE', 'PRIVATE_ENTERPRISE', 'FOREIGN_INVESTED_ENTERPRISE', 'COLLECTIVE_ENTERPRISE', 'SOCIAL_ORGANIZATION', 'UNIVERSITY', 'FINANCIAL_INSTITUTION', 'PROVINCIAL_MILITARY_DISTRICT', 'MILITARY_SUBDISTRICT', 'PEOPLES_ARMED_FORCES_DEPARTMENT', 'ARMED_POLICE_UNIT', 'MILITARY_UNIT', 'DEMOCRATIC_PARTY', 'INDUSTRY_AND_COMMERCE_FEDERATION', 'INDIVIDUAL');--> statement-breakpoint
CREATE TYPE "registry"."region_level" AS ENUM('PROVINCE', 'PREFECTURE', 'COUNTY', 'TOWNSHIP', 'VILLAGE');--> statement-breakpoint
CREATE TYPE "registry"."zone" AS ENUM('EAST', 'CENTRAL', 'WEST');--> statement-breakpoint
CREATE TABLE "registry"."audit_log" (
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
CREATE TABLE "registry"."organization_aliases" (
	"organization_id" text NOT NULL,
	"alias" text NOT NULL,
	CONSTRAINT "organization_aliases_organization_id_alias_pk" PRIMARY KEY("organization_id","alias")
);
--> statement-breakpoint
CREATE TABLE "registry"."organizations" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text,
	"kind" "registry"."organization_kind" NOT NULL,
	"home_region_code" text,
	"parent_id" text,
	"uscc" text,
	"demo" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry"."poor_villages" (
	"code" text PRIMARY KEY NOT NULL,
	"demo" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry"."poverty_designations" (
	"code" text NOT NULL,
	"listed_name" text NOT NULL,
	"code2014" text,
	"name2014" text,
	"exit_year" integer,
	"source" text NOT NULL,
	CONSTRAINT "poverty_designations_code_listed_name_pk" PRIMARY KEY("code","listed_name")
);
--> statement-breakpoint
CREATE TABLE "registry"."regions" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" "registry"."region_level" NOT NULL,
	"parent_code" text,
	"province_code" text NOT NULL,
	"zone" "registry"."zone",
	"functional_zone" boolean DEFAULT false NOT NULL,
	"edition" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "audit_log_entity_entity_id_at_index" ON "registry"."audit_log" USING btree ("entity","entity_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_actor_at_index" ON "registry"."audit_log" USING btree ("actor","at");--> statement-breakpoint
CREATE INDEX "organization_aliases_trgm_idx" ON "registry"."organization_aliases" USING gin ("alias" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "organizations_kind_id_idx" ON "registry"."organizations" USING btree ("kind","id");--> statement-breakpoint
CREATE INDEX "organizations_parent_idx" ON "registry"."organizations" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "organizations_home_region_idx" ON "registry"."organizations" USING btree ("home_region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "organizations_name_trgm_idx" ON "registry"."organizations" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "organizations_uscc_idx" ON "registry"."organizations" USING btree ("uscc");--> statement-breakpoint
CREATE INDEX "regions_parent_code_idx" ON "registry"."regions" USING btree ("parent_code","code");--> statement-breakpoint
CREATE INDEX "regions_level_code_idx" ON "registry"."regions" USING btree ("level","code");--> statement-breakpoint
CREATE INDEX "regions_code_pattern_idx" ON "registry"."regions" USING btree ("code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "regions_name_trgm_idx" ON "registry"."regions" USING gin ("name" gin_trgm_ops);