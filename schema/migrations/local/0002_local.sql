CREATE TYPE "local"."group_level" AS ENUM('PROVINCE', 'PREFECTURE', 'COUNTY');--> statement-breakpoint
CREATE TYPE "local"."seat_role" AS ENUM('HEAD', 'DEPUTY', 'MEMBER');--> statement-breakpoint
CREATE SEQUENCE "local"."group_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "local"."seat_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "local"."leading_group_seats" (
	"id" text PRIMARY KEY DEFAULT 'loc-lgs-' || nextval('local.seat_id_seq') NOT NULL,
	"group_id" text NOT NULL,
	"organization_id" text NOT NULL,
	"role" "local"."seat_role" NOT NULL,
	"since" date NOT NULL,
	"until" date,
	"demo" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "local"."leading_groups" (
	"id" text PRIMARY KEY DEFAULT 'loc-lg-' || nextval('local.group_id_seq') NOT NULL,
	"region_code" text NOT NULL,
	"level" "local"."group_level" NOT NULL,
	"office_id" text NOT NULL,
	"since" date NOT NULL,
	"until" date,
	"demo" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "leading_group_seats_group_idx" ON "local"."leading_group_seats" USING btree ("group_id","since");--> statement-breakpoint
CREATE INDEX "leading_group_seats_org_idx" ON "local"."leading_group_seats" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "leading_groups_region_idx" ON "local"."leading_groups" USING btree ("region_code","since");--> statement-breakpoint
CREATE INDEX "leading_groups_office_idx" ON "local"."leading_groups" USING btree ("office_id");