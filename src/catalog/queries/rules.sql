-- Rewrite rules other than views' own, one row each (CREATE RULE).
--
-- Every view (and materialized view) has a rule named _RETURN in pg_rewrite
-- that holds its query; those are how views work and are read as view
-- definitions (relations.sql), so they are left out here. What remains are
-- the rules a user created, on tables or on views.
--
-- event: ev_type '1' SELECT, '2' UPDATE, '3' INSERT, '4' DELETE.
-- instead: is_instead (DO INSTEAD rather than DO ALSO).
-- enabled: ev_enabled, 'O' enabled, 'D' disabled, 'R' replica, 'A' always.
-- definition: pg_get_ruledef, the CREATE RULE statement.
-- The same on PostgreSQL 13 to 18.
SELECT r.ev_class AS relid,
       r.rulename::pg_catalog.text AS name,
       r.ev_type::pg_catalog.text AS event,
       r.is_instead AS instead,
       r.ev_enabled::pg_catalog.text AS enabled,
       pg_catalog.pg_get_ruledef(r.oid) AS definition
FROM pg_catalog.pg_rewrite AS r
JOIN pg_catalog.pg_class AS c ON c.oid = r.ev_class
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
WHERE r.rulename <> '_RETURN'
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_)'
