-- Comments that carry a pgconform marker (`pgconform:ignore …`), with the
-- object each is on: how a database opts an object out of lint rules.
--
-- Only comments containing "pgconform:" are read: the others can be long
-- (documentation of every column) and nothing reads them. The filter runs on
-- pg_description first, so the cost follows the number of marked comments.
--
-- One branch per kind of object a comment can be on (pg_description.classoid):
-- relations (tables, views, indexes, sequences, …; objsubid 0) and their
-- columns (objsubid = attnum), table constraints (domain constraints have
-- conrelid 0 and are left out), triggers, policies, rules, functions
-- (named by their argument types, format_type of each, as functions.sql
-- prints them), types, schemas and extensions. Other kinds (operators,
-- casts, …) cannot be the subject of a lint finding.
-- The same on PostgreSQL 13 to 18.
WITH marked AS (
    SELECT d.classoid, d.objoid, d.objsubid, d.description
    FROM pg_catalog.pg_description AS d
    WHERE d.description LIKE '%pgconform:%'
)
SELECT CASE WHEN m.objsubid = 0 THEN 'relation' ELSE 'column' END AS kind,
       n.nspname::pg_catalog.text AS schema,
       c.relname::pg_catalog.text AS name,
       a.attname::pg_catalog.text AS part,
       m.description AS text
FROM marked AS m
JOIN pg_catalog.pg_class AS c ON c.oid = m.objoid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_attribute AS a
       ON a.attrelid = c.oid AND a.attnum = m.objsubid AND m.objsubid > 0
WHERE m.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass
  AND (m.objsubid = 0 OR a.attname IS NOT NULL)
UNION ALL
SELECT 'constraint', n.nspname::pg_catalog.text, c.relname::pg_catalog.text,
       co.conname::pg_catalog.text, m.description
FROM marked AS m
JOIN pg_catalog.pg_constraint AS co ON co.oid = m.objoid
JOIN pg_catalog.pg_class AS c ON c.oid = co.conrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
WHERE m.classoid = 'pg_catalog.pg_constraint'::pg_catalog.regclass
UNION ALL
SELECT 'trigger', n.nspname::pg_catalog.text, c.relname::pg_catalog.text,
       t.tgname::pg_catalog.text, m.description
FROM marked AS m
JOIN pg_catalog.pg_trigger AS t ON t.oid = m.objoid
JOIN pg_catalog.pg_class AS c ON c.oid = t.tgrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
WHERE m.classoid = 'pg_catalog.pg_trigger'::pg_catalog.regclass
UNION ALL
SELECT 'policy', n.nspname::pg_catalog.text, c.relname::pg_catalog.text,
       p.polname::pg_catalog.text, m.description
FROM marked AS m
JOIN pg_catalog.pg_policy AS p ON p.oid = m.objoid
JOIN pg_catalog.pg_class AS c ON c.oid = p.polrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
WHERE m.classoid = 'pg_catalog.pg_policy'::pg_catalog.regclass
UNION ALL
SELECT 'rule', n.nspname::pg_catalog.text, c.relname::pg_catalog.text,
       r.rulename::pg_catalog.text, m.description
FROM marked AS m
JOIN pg_catalog.pg_rewrite AS r ON r.oid = m.objoid
JOIN pg_catalog.pg_class AS c ON c.oid = r.ev_class
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
WHERE m.classoid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
UNION ALL
SELECT 'function', n.nspname::pg_catalog.text, p.proname::pg_catalog.text,
       pg_catalog.array_to_string(
           ARRAY(SELECT pg_catalog.format_type(a.typid, NULL)
                 FROM pg_catalog.unnest(p.proargtypes::pg_catalog.oid[])
                      WITH ORDINALITY AS a(typid, ord)
                 ORDER BY a.ord), ', '),
       m.description
FROM marked AS m
JOIN pg_catalog.pg_proc AS p ON p.oid = m.objoid
JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace
WHERE m.classoid = 'pg_catalog.pg_proc'::pg_catalog.regclass
UNION ALL
SELECT 'type', n.nspname::pg_catalog.text, t.typname::pg_catalog.text, NULL, m.description
FROM marked AS m
JOIN pg_catalog.pg_type AS t ON t.oid = m.objoid
JOIN pg_catalog.pg_namespace AS n ON n.oid = t.typnamespace
WHERE m.classoid = 'pg_catalog.pg_type'::pg_catalog.regclass
UNION ALL
SELECT 'schema', n.nspname::pg_catalog.text, NULL, NULL, m.description
FROM marked AS m
JOIN pg_catalog.pg_namespace AS n ON n.oid = m.objoid
WHERE m.classoid = 'pg_catalog.pg_namespace'::pg_catalog.regclass
UNION ALL
SELECT 'extension', n.nspname::pg_catalog.text, e.extname::pg_catalog.text, NULL, m.description
FROM marked AS m
JOIN pg_catalog.pg_extension AS e ON e.oid = m.objoid
JOIN pg_catalog.pg_namespace AS n ON n.oid = e.extnamespace
WHERE m.classoid = 'pg_catalog.pg_extension'::pg_catalog.regclass
