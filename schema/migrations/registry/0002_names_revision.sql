CREATE TABLE "registry"."names_revision" (
	"singleton" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"revision" bigint DEFAULT 1 NOT NULL,
	CONSTRAINT "names_revision_one_row" CHECK ("registry"."names_revision"."singleton")
);
--> statement-breakpoint
INSERT INTO "registry"."names_revision" ("singleton", "revision") VALUES (true, 1);
--> statement-breakpoint
-- Every statement that writes registry.organizations raises the names revision in its own
-- transaction: a reader sees the old names with the old number or the new names with the new one.
CREATE FUNCTION "registry"."raise_names_revision"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "registry"."names_revision" SET "revision" = "revision" + 1;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "organizations_names_revision" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "registry"."organizations"
  FOR EACH STATEMENT EXECUTE FUNCTION "registry"."raise_names_revision"();
