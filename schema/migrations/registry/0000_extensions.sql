-- Trigram search on names (registry.regions, registry.organizations); PGlite bundles pg_trgm, PostgreSQL ships it in contrib.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
