-- Comments on the objects of user schemas (tables, views, sequences, indexes,
-- columns, constraints, triggers, policies, rules, functions, types,
-- schemas), with the object each is on: what `comment:` in a spec is checked
-- against, and, wherever they are, comments that carry a pgconform marker
-- (`pgconform:ignore …`), how a database opts an object out of lint rules.
--
-- Objects of pg_catalog, information_schema, pg_toast and temporary schemas
-- are left out unless their comment carries a marker: the server documents
-- every built-in function and type, thousands of comments nothing reads.
--
-- One branch per kind of object a comment can be on (pg_description.classoid):
-- relations (tables, views, indexes, sequences, …; objsubid 0) and their
-- columns (objsubid = attnum), table constraints (domain constraints have
-- conrelid 0 and are left out), triggers, policies, rules, functions
-- (named by their argument types, format_type of each, as functions.sql
-- prints them), types, schemas and extensions. Other kinds (operators,
-- casts, …) can be neither declared nor the subject of a lint finding.
-- The same on PostgreSQL 13 to 18.
WITH marked AS (
    SELECT d.classoid, d.objoid, d.objsubid, d.description,
           d.description LIKE '%pgconform:%' AS has_marker
    FROM pg_catalog.pg_description AS d
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
  AND (m.has_marker OR (n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_)'))
  AND (m.objsubid = 0 OR a.attname IS NOT NULL)
UNION ALL
SELECT 'constraint', n.nspname::pg_catalog.text, c.relname::pg_catalog.text,
       co.conname::pg_catalog.text, m.description
FROM marked AS m
JOIN pg_catalog.pg_constraint AS co ON co.oid = m.objoid
JOIN pg_catalog.pg_class AS c ON c.oid = co.conrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
WHERE m.classoid = 'pg_catalog.pg_constraint'::pg_catalog.regclass
  AND (m.has_marker OR (n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_)'))
UNION ALL
SELECT 'trigger', n.nspname::pg_catalog.text, c.relname::pg_catalog.text,
       t.tgname::pg_catalog.text, m.description
FROM marked AS m
JOIN pg_catalog.pg_trigger AS t ON t.oid = m.objoid
JOIN pg_catalog.pg_class AS c ON c.oid = t.tgrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
WHERE m.classoid = 'pg_catalog.pg_trigger'::pg_catalog.regclass
  AND (m.has_marker OR (n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_)'))
UNION ALL
SELECT 'policy', n.nspname::pg_catalog.text, c.relname::pg_catalog.text,
       p.polname::pg_catalog.text, m.description
FROM marked AS m
JOIN pg_catalog.pg_policy AS p ON p.oid = m.objoid
JOIN pg_catalog.pg_class AS c ON c.oid = p.polrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
WHERE m.classoid = 'pg_catalog.pg_policy'::pg_catalog.regclass
  AND (m.has_marker OR (n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_)'))
UNION ALL
SELECT 'rule', n.nspname::pg_catalog.text, c.relname::pg_catalog.text,
       r.rulename::pg_catalog.text, m.description
FROM marked AS m
JOIN pg_catalog.pg_rewrite AS r ON r.oid = m.objoid
JOIN pg_catalog.pg_class AS c ON c.oid = r.ev_class
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
WHERE m.classoid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
  AND (m.has_marker OR (n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_)'))
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
  AND (m.has_marker OR (n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_)'))
UNION ALL
SELECT 'type', n.nspname::pg_catalog.text, t.typname::pg_catalog.text, NULL, m.description
FROM marked AS m
JOIN pg_catalog.pg_type AS t ON t.oid = m.objoid
JOIN pg_catalog.pg_namespace AS n ON n.oid = t.typnamespace
WHERE m.classoid = 'pg_catalog.pg_type'::pg_catalog.regclass
  AND (m.has_marker OR (n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_)'))
UNION ALL
SELECT 'schema', n.nspname::pg_catalog.text, NULL, NULL, m.description
FROM marked AS m
JOIN pg_catalog.pg_namespace AS n ON n.oid = m.objoid
WHERE m.classoid = 'pg_catalog.pg_namespace'::pg_catalog.regclass
  AND (m.has_marker OR (n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_)'))
UNION ALL
SELECT 'extension', n.nspname::pg_catalog.text, e.extname::pg_catalog.text, NULL, m.description
FROM marked AS m
JOIN pg_catalog.pg_extension AS e ON e.oid = m.objoid
JOIN pg_catalog.pg_namespace AS n ON n.oid = e.extnamespace
WHERE m.classoid = 'pg_catalog.pg_extension'::pg_catalog.regclass
  AND (m.has_marker OR (n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_)'))
