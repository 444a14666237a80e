CREATE SCHEMA "enterprises";
--> statement-breakpoint
CREATE TYPE "enterprises"."contribution_kind" AS ENUM('INDUSTRIAL_INVESTMENT', 'PUBLIC_WELFARE_DONATION', 'EMPLOYMENT', 'SKILLS_TRAINING', 'PURCHASE');--> statement-breakpoint
CREATE TYPE "enterprises"."reported_channel" AS ENUM('DESIGNATED', 'EAST_WEST');--> statement-breakpoint
CREATE SEQUENCE "enterprises"."compact_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "enterprises"."contribution_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "enterprises"."audit_log" (
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
CREATE TABLE "enterprises"."compacts" (
	"id" text PRIMARY KEY DEFAULT 'ent-vc-' || nextval('enterprises.compact_seq') NOT NULL,
	"helper_id" text NOT NULL,
	"helper_kind" text NOT NULL,
	"group_id" text NOT NULL,
	"group_kind" text NOT NULL,
	"helped_code" text NOT NULL,
	"since" date NOT NULL,
	"until" date,
	"published" boolean DEFAULT true NOT NULL,
	"note" text,
	"demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enterprises"."contributions" (
	"id" text PRIMARY KEY DEFAULT 'ent-ct-' || nextval('enterprises.contribution_seq') NOT NULL,
	"helper_id" text NOT NULL,
	"helper_kind" text NOT NULL,
	"group_id" text NOT NULL,
	"group_kind" text NOT NULL,
	"helped_code" text NOT NULL,
	"compact_id" text,
	"kind" "enterprises"."contribution_kind" NOT NULL,
	"date" date NOT NULL,
	"pledged" numeric(18, 2),
	"committed" numeric(18, 2),
	"disbursed" numeric(18, 2),
	"verified" numeric(18, 2),
	"jobs" integer DEFAULT 0 NOT NULL,
	"trainees" integer DEFAULT 0 NOT NULL,
	"people_reached" integer DEFAULT 0 NOT NULL,
	"purpose" text,
	"also_reported_as" text,
	"also_reported_channel" "enterprises"."reported_channel",
	"published" boolean DEFAULT true NOT NULL,
	"note" text,
	"demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "audit_log_entity_entity_id_at_index" ON "enterprises"."audit_log" USING btree ("entity","entity_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_actor_at_index" ON "enterprises"."audit_log" USING btree ("actor","at");--> statement-breakpoint
CREATE INDEX "compacts_helped_code_idx" ON "enterprises"."compacts" USING btree ("helped_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "compacts_helper_idx" ON "enterprises"."compacts" USING btree ("helper_id","since");--> statement-breakpoint
CREATE INDEX "compacts_group_idx" ON "enterprises"."compacts" USING btree ("group_id","since");--> statement-breakpoint
CREATE INDEX "compacts_group_kind_idx" ON "enterprises"."compacts" USING btree ("group_kind","since");--> statement-breakpoint
CREATE INDEX "compacts_helper_kind_idx" ON "enterprises"."compacts" USING btree ("helper_kind","since");--> statement-breakpoint
CREATE INDEX "contributions_helped_code_idx" ON "enterprises"."contributions" USING btree ("helped_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "contributions_helper_idx" ON "enterprises"."contributions" USING btree ("helper_id","date");--> statement-breakpoint
CREATE INDEX "contributions_group_idx" ON "enterprises"."contributions" USING btree ("group_id","date");--> statement-breakpoint
CREATE INDEX "contributions_group_kind_idx" ON "enterprises"."contributions" USING btree ("group_kind","date");--> statement-breakpoint
CREATE INDEX "contributions_helper_kind_idx" ON "enterprises"."contributions" USING btree ("helper_kind","date");--> statement-breakpoint
CREATE INDEX "contributions_compact_idx" ON "enterprises"."contributions" USING btree ("compact_id");