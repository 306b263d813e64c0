-- Row-level security policies, one row each, attached to their table by oid.
--
-- pg_policy rather than the pg_policies view: the view resolves roles to
-- names but reads the same catalog; going to pg_policy keeps the join on the
-- table's oid, as every other per-table query does.
--
-- command: polcmd, '*' all, 'r' select, 'a' insert, 'w' update, 'd' delete.
-- permissive: polpermissive (PostgreSQL 10+; false for AS RESTRICTIVE).
-- roles: polroles resolved to names through pg_roles (pg_authid is not
-- readable by ordinary roles); the oid 0 stands for PUBLIC.
-- using/with_check: pg_get_expr of polqual and polwithcheck, NULL when absent.
-- Whether row security is enabled is a property of the table (relations.sql).
-- The same on PostgreSQL 13 to 18.
SELECT p.polrelid AS relid,
       p.polname::pg_catalog.text AS name,
       p.polcmd::pg_catalog.text AS command,
       p.polpermissive AS permissive,
       ARRAY(SELECT CASE WHEN r.role = 0 THEN 'public'
                         ELSE (SELECT a.rolname::pg_catalog.text
                               FROM pg_catalog.pg_roles AS a
                               WHERE a.oid = r.role)
                    END
             FROM pg_catalog.unnest(p.polroles) WITH ORDINALITY AS r(role, ord)
             ORDER BY r.ord) AS roles,
       pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS using_expr,
       pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS with_check_expr
FROM pg_catalog.pg_policy AS p
JOIN pg_catalog.pg_class AS c ON c.oid = p.polrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_)'
