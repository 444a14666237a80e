CREATE TYPE "registry"."code_status" AS ENUM('IN_USE', 'ABOLISHED', 'CHANGED');--> statement-breakpoint
CREATE TABLE "registry"."code_history" (
	"code" text NOT NULL,
	"name" text NOT NULL,
	"level" "registry"."region_level" NOT NULL,
	"status" "registry"."code_status" NOT NULL,
	"from_year" integer NOT NULL,
	"until_year" integer,
	"new_codes" text NOT NULL,
	"current_codes" text[] NOT NULL,
	"source" text NOT NULL,
	CONSTRAINT "code_history_code_from_year_pk" PRIMARY KEY("code","from_year")
);
--> statement-breakpoint
CREATE INDEX "code_history_current_codes_idx" ON "registry"."code_history" USING gin ("current_codes");