-- What each view and materialized view reads: one row per column read, plus one
-- without a column (column_name NULL) for a relation read as a whole.
--
-- A view's query is stored as the _RETURN rule in pg_rewrite (ev_class is the
-- view); the rule's pg_depend rows (classid pg_rewrite, objid the rule) name
-- what the query reads. refclassid pg_class with refobjsubid > 0 is a column
-- (attnum); refobjsubid = 0 is the relation itself, recorded for a whole-row
-- reference or a relation none of whose columns is read (`count(*)`). Rows on
-- functions, types, operators and collations (other refclassids) are left out,
-- as are sequences and indexes (relkinds outside the snapshot's).
--
-- Every rule also depends on its own view (deptype 'i', and 'n' for the view's
-- own range-table entries on some versions): those self-references are left
-- out. Rules of tables (CREATE RULE … ON tables) are not views and stay out.
--
-- pg_catalog rather than information_schema.view_column_usage: that view shows
-- only views the current role owns, no materialized views, and no whole-relation
-- dependencies.
--
-- A column can only be referenced while it exists, so the attribute is always
-- found; the join condition keeps a row out rather than read a dependency on a
-- column as one on the whole relation should that ever not hold.
--
-- DISTINCT: one row per (view, relation, column) whatever the deptypes; read.rs
-- sorts. The same on PostgreSQL 13 to 18.
SELECT DISTINCT
       vn.nspname::pg_catalog.text AS view_schema,
       v.relname::pg_catalog.text AS view_name,
       tn.nspname::pg_catalog.text AS on_schema,
       t.relname::pg_catalog.text AS on_name,
       a.attname::pg_catalog.text AS column_name
FROM pg_catalog.pg_depend AS d
JOIN pg_catalog.pg_rewrite AS r ON r.oid = d.objid
JOIN pg_catalog.pg_class AS v ON v.oid = r.ev_class
JOIN pg_catalog.pg_namespace AS vn ON vn.oid = v.relnamespace
JOIN pg_catalog.pg_class AS t ON t.oid = d.refobjid
JOIN pg_catalog.pg_namespace AS tn ON tn.oid = t.relnamespace
LEFT JOIN pg_catalog.pg_attribute AS a
       ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid AND d.refobjsubid > 0
WHERE d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
  AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
  AND d.refobjid <> r.ev_class
  AND (d.refobjsubid = 0 OR a.attname IS NOT NULL)
  AND v.relkind IN ('v', 'm')
  AND t.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND vn.nspname NOT IN ('pg_catalog', 'information_schema')
  AND vn.nspname !~ '^pg_(toast|temp_)'
  AND tn.nspname NOT IN ('pg_catalog', 'information_schema')
  AND tn.nspname !~ '^pg_(toast|temp_)'
