CREATE SCHEMA "parties";
--> statement-breakpoint
CREATE TYPE "parties"."assistance_kind" AS ENUM('SUPERVISION', 'OWN_AID_COUNTY', 'INTELLECTUAL');--> statement-breakpoint
CREATE TYPE "parties"."intellectual_form" AS ENUM('CONSULTATION', 'TRAINING', 'PROJECT');--> statement-breakpoint
CREATE TYPE "parties"."recommendation_status" AS ENUM('SUBMITTED', 'ACKNOWLEDGED', 'ADOPTED', 'REJECTED');--> statement-breakpoint
CREATE TYPE "parties"."submission_form" AS ENUM('REPORT', 'RECOMMENDATION');--> statement-breakpoint
CREATE TABLE "parties"."assistance" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" "parties"."assistance_kind" NOT NULL,
	"helper_id" text NOT NULL,
	"party_id" text NOT NULL,
	"helped_code" text NOT NULL,
	"since" date NOT NULL,
	"until" date,
	"until_planned" boolean DEFAULT false NOT NULL,
	"since_documented" boolean DEFAULT true NOT NULL,
	"form" "parties"."intellectual_form",
	"title" text,
	"experts" integer,
	"trainees" integer,
	"arrangement" text,
	"evidence_url" text,
	"note" text,
	"demo" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assistance_period_check" CHECK ("parties"."assistance"."until" is null or "parties"."assistance"."until" >= "parties"."assistance"."since"),
	CONSTRAINT "assistance_counts_check" CHECK (coalesce("parties"."assistance"."experts", 0) >= 0 and coalesce("parties"."assistance"."trainees", 0) >= 0),
	CONSTRAINT "assistance_form_check" CHECK (("parties"."assistance"."kind" = 'INTELLECTUAL') = ("parties"."assistance"."form" is not null)),
	CONSTRAINT "assistance_trainees_check" CHECK ("parties"."assistance"."trainees" is null or "parties"."assistance"."form" = 'TRAINING')
);
--> statement-breakpoint
CREATE TABLE "parties"."audit_log" (
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
CREATE TABLE "parties"."recommendations" (
	"id" text PRIMARY KEY NOT NULL,
	"assignment_id" text NOT NULL,
	"party_id" text NOT NULL,
	"province_code" text NOT NULL,
	"trip_id" text,
	"form" "parties"."submission_form" NOT NULL,
	"title" text NOT NULL,
	"content" text,
	"recipient" text NOT NULL,
	"recipient_code" text NOT NULL,
	"submitted_on" date NOT NULL,
	"status" "parties"."recommendation_status" DEFAULT 'SUBMITTED' NOT NULL,
	"acknowledged_on" date,
	"decided_on" date,
	"response" text,
	"demo" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recommendations_dates_check" CHECK (("parties"."recommendations"."acknowledged_on" is null or "parties"."recommendations"."acknowledged_on" >= "parties"."recommendations"."submitted_on")
        and ("parties"."recommendations"."decided_on" is null or ("parties"."recommendations"."acknowledged_on" is not null and "parties"."recommendations"."decided_on" >= "parties"."recommendations"."acknowledged_on"))),
	CONSTRAINT "recommendations_status_check" CHECK (("parties"."recommendations"."status" = 'SUBMITTED') = ("parties"."recommendations"."acknowledged_on" is null)
        and ("parties"."recommendations"."status" in ('ADOPTED', 'REJECTED')) = ("parties"."recommendations"."decided_on" is not null))
);
--> statement-breakpoint
CREATE TABLE "parties"."supervision_trips" (
	"id" text PRIMARY KEY NOT NULL,
	"assignment_id" text NOT NULL,
	"party_id" text NOT NULL,
	"organizer_id" text NOT NULL,
	"province_code" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"places_visited" text[] NOT NULL,
	"participants" integer,
	"findings" text,
	"demo" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "supervision_trips_period_check" CHECK ("parties"."supervision_trips"."end_date" >= "parties"."supervision_trips"."start_date"),
	CONSTRAINT "supervision_trips_participants_check" CHECK (coalesce("parties"."supervision_trips"."participants", 0) >= 0)
);
--> statement-breakpoint
CREATE INDEX "assistance_helped_code_idx" ON "parties"."assistance" USING btree ("helped_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "assistance_helper_idx" ON "parties"."assistance" USING btree ("helper_id","since");--> statement-breakpoint
CREATE INDEX "assistance_party_idx" ON "parties"."assistance" USING btree ("party_id","kind","since");--> statement-breakpoint
CREATE INDEX "assistance_period_idx" ON "parties"."assistance" USING btree ("since","until");--> statement-breakpoint
CREATE INDEX "audit_log_entity_entity_id_at_index" ON "parties"."audit_log" USING btree ("entity","entity_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_actor_at_index" ON "parties"."audit_log" USING btree ("actor","at");--> statement-breakpoint
CREATE INDEX "recommendations_assignment_idx" ON "parties"."recommendations" USING btree ("assignment_id","submitted_on");--> statement-breakpoint
CREATE INDEX "recommendations_party_idx" ON "parties"."recommendations" USING btree ("party_id","submitted_on");--> statement-breakpoint
CREATE INDEX "recommendations_trip_idx" ON "parties"."recommendations" USING btree ("trip_id");--> statement-breakpoint
CREATE INDEX "recommendations_recipient_idx" ON "parties"."recommendations" USING btree ("recipient_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "recommendations_status_idx" ON "parties"."recommendations" USING btree ("status","submitted_on");--> statement-breakpoint
CREATE INDEX "supervision_trips_assignment_idx" ON "parties"."supervision_trips" USING btree ("assignment_id","start_date");--> statement-breakpoint
CREATE INDEX "supervision_trips_party_idx" ON "parties"."supervision_trips" USING btree ("party_id","start_date");--> statement-breakpoint
CREATE INDEX "supervision_trips_province_idx" ON "parties"."supervision_trips" USING btree ("province_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "supervision_trips_places_idx" ON "parties"."supervision_trips" USING gin ("places_visited");