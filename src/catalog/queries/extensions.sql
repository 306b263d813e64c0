-- Installed extensions (pg_extension), with the schema their objects live in.
--
-- All of them, including plpgsql (installed in pg_catalog in every database):
-- extensions are per database, not per schema, so there is nothing to filter.
-- information_schema has no view of extensions at all.
-- The same on PostgreSQL 13 to 18.
SELECT e.extname::pg_catalog.text AS name,
       n.nspname::pg_catalog.text AS schema,
       e.extversion AS version
FROM pg_catalog.pg_extension AS e
JOIN pg_catalog.pg_namespace AS n ON n.oid = e.extnamespace
ORDER BY 1
