-- User schemas.
--
-- pg_catalog rather than information_schema.schemata: information_schema only
-- shows schemas the current role owns or has a privilege on, so a read-only
-- checking role would see an incomplete database. pg_namespace shows them all.
--
-- Excluded (the same filter is repeated in every query): pg_catalog,
-- information_schema, pg_toast and pg_toast_temp_N (TOAST storage), pg_temp_N
-- (other sessions' temporary objects). Users cannot create schemas whose name
-- starts with "pg_", so the pattern cannot hide a user schema.
-- The same on PostgreSQL 13 to 18.
SELECT n.nspname::pg_catalog.text AS name
FROM pg_catalog.pg_namespace AS n
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_)'
ORDER BY 1
