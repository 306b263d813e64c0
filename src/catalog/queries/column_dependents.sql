-- Objects the server will not let a column change type under, from pg_depend:
-- row-level security policies whose expressions read it, generated columns
-- computed from it (their pg_attrdef row depends on it), and functions with a
-- SQL-standard body (BEGIN ATOMIC, PostgreSQL 14+) that read it. Views are in
-- view_dependencies.sql; indexes and check constraints the server rebuilds by
-- itself during ALTER COLUMN … TYPE.
--
-- Only the three depender catalogs are scanned (pg_depend's depender index
-- leads with classid), so the cost follows the number of such objects, not of
-- columns. deptype 'n': a normal dependency (a generated column's own
-- attrdef also depends on its column with 'i', which is not wanted here).
-- The same on PostgreSQL 13 to 18 (13 has no SQL-standard bodies: no rows).
SELECT n.nspname::pg_catalog.text AS schema,
       c.relname::pg_catalog.text AS table_name,
       a.attname::pg_catalog.text AS column_name,
       CASE d.classid
            WHEN 'pg_catalog.pg_policy'::pg_catalog.regclass THEN 'policy'
            WHEN 'pg_catalog.pg_attrdef'::pg_catalog.regclass THEN 'generated'
            ELSE 'function'
       END AS kind,
       COALESCE(pol.polname::pg_catalog.text,
                ga.attname::pg_catalog.text,
                pn.nspname::pg_catalog.text || '.' || p.proname::pg_catalog.text
                    || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')') AS name
FROM pg_catalog.pg_depend AS d
JOIN pg_catalog.pg_class AS c ON c.oid = d.refobjid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute AS a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
LEFT JOIN pg_catalog.pg_policy AS pol
       ON d.classid = 'pg_catalog.pg_policy'::pg_catalog.regclass AND pol.oid = d.objid
LEFT JOIN pg_catalog.pg_attrdef AS ad
       ON d.classid = 'pg_catalog.pg_attrdef'::pg_catalog.regclass AND ad.oid = d.objid
LEFT JOIN pg_catalog.pg_attribute AS ga ON ga.attrelid = ad.adrelid AND ga.attnum = ad.adnum
LEFT JOIN pg_catalog.pg_proc AS p
       ON d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND p.oid = d.objid
LEFT JOIN pg_catalog.pg_namespace AS pn ON pn.oid = p.pronamespace
WHERE d.classid IN ('pg_catalog.pg_policy'::pg_catalog.regclass,
                    'pg_catalog.pg_attrdef'::pg_catalog.regclass,
                    'pg_catalog.pg_proc'::pg_catalog.regclass)
  AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
  AND d.refobjsubid > 0
  AND d.deptype = 'n'
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
ORDER BY 1, 2, 3, 4, 5
