CREATE TYPE "local"."assessment_grade" AS ENUM('GOOD', 'FAIR', 'POOR');--> statement-breakpoint
CREATE SEQUENCE "local"."assessment_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "local"."letter_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "local"."secretary_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "local"."assessments" (
	"id" text PRIMARY KEY DEFAULT 'loc-as-' || nextval('local.assessment_id_seq') NOT NULL,
	"region_code" text,
	"organization_id" text,
	"year" integer NOT NULL,
	"grade" "local"."assessment_grade" NOT NULL,
	"findings" text NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "local"."county_secretaries" (
	"id" text PRIMARY KEY DEFAULT 'loc-cs-' || nextval('local.secretary_id_seq') NOT NULL,
	"county_code" text NOT NULL,
	"person_name" text NOT NULL,
	"since" date NOT NULL,
	"until" date,
	"demo" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "local"."responsibility_letters" (
	"id" text PRIMARY KEY DEFAULT 'loc-rl-' || nextval('local.letter_id_seq') NOT NULL,
	"signer_code" text NOT NULL,
	"counterparty_code" text,
	"year_signed" integer NOT NULL,
	"since" date NOT NULL,
	"until" date,
	"targets" text NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "assessments_region_idx" ON "local"."assessments" USING btree ("region_code","year");--> statement-breakpoint
CREATE INDEX "assessments_org_idx" ON "local"."assessments" USING btree ("organization_id","year");--> statement-breakpoint
CREATE INDEX "county_secretaries_county_idx" ON "local"."county_secretaries" USING btree ("county_code","since");--> statement-breakpoint
CREATE INDEX "responsibility_letters_signer_idx" ON "local"."responsibility_letters" USING btree ("signer_code","year_signed");