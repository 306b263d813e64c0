-- Objects the server will not let a column change type under, from pg_depend:
-- row-level security policies whose expressions read it, generated columns
-- computed from it (their pg_attrdef row depends on it), and functions with a
-- SQL-standard body (BEGIN ATOMIC, PostgreSQL 14+) that read it. Views are in
-- view_dependencies.sql; indexes and check constraints the server rebuilds by
-- itself during ALTER COLUMN … TYPE.
--
-- Only these depender catalogs are scanned (pg_depend's depender index leads
-- with classid), so the cost follows the number of such objects, not of
-- columns. deptype 'n': a normal dependency (a generated column's own
-- attrdef also depends on its column with 'i', which is not wanted here).
-- PostgreSQL 13 records a generated column's dependency differently: the
-- column itself (pg_class, objsubid = its attnum) depends with 'a' on the
-- columns it is computed from. 13 has no SQL-standard bodies (no rows).
SELECT n.nspname::pg_catalog.text AS schema,
       c.relname::pg_catalog.text AS table_name,
       a.attname::pg_catalog.text AS column_name,
       CASE d.classid
            WHEN 'pg_catalog.pg_policy'::pg_catalog.regclass THEN 'policy'
            WHEN 'pg_catalog.pg_proc'::pg_catalog.regclass THEN 'function'
            ELSE 'generated'
       END AS kind,
       COALESCE(pol.polname::pg_catalog.text,
                ga.attname::pg_catalog.text,
                sa.attname::pg_catalog.text,
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
LEFT JOIN pg_catalog.pg_attribute AS sa
       ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
      AND sa.attrelid = d.objid AND sa.attnum = d.objsubid
LEFT JOIN pg_catalog.pg_proc AS p
       ON d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND p.oid = d.objid
LEFT JOIN pg_catalog.pg_namespace AS pn ON pn.oid = p.pronamespace
WHERE d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
  AND d.refobjsubid > 0
  AND ((d.classid IN ('pg_catalog.pg_policy'::pg_catalog.regclass,
                      'pg_catalog.pg_attrdef'::pg_catalog.regclass,
                      'pg_catalog.pg_proc'::pg_catalog.regclass)
        AND d.deptype = 'n')
       OR (d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
           AND d.objid = d.refobjid AND d.objsubid > 0 AND d.deptype = 'a'))
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
ORDER BY 1, 2, 3, 4, 5
