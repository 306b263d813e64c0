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
--
-- `collations`: the schema's user-defined collations (CREATE COLLATION, not
-- from an extension), which the spec cannot declare: `check` reports each as
-- not checked. Read here rather than by a query of their own.
-- The same on PostgreSQL 13 to 18.
SELECT n.nspname::pg_catalog.text AS name,
       ARRAY(SELECT c.collname::pg_catalog.text
             FROM pg_catalog.pg_collation AS c
             WHERE c.collnamespace = n.oid
               AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend AS d
                               WHERE d.classid = 'pg_catalog.pg_collation'::pg_catalog.regclass
                                 AND d.objid = c.oid AND d.deptype = 'e')
             ORDER BY 1) AS collations
FROM pg_catalog.pg_namespace AS n
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_)'
ORDER BY 1
