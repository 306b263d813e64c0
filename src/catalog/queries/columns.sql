-- Columns of every user relation, one row each, in (relation, attnum) order.
--
-- pg_catalog rather than information_schema.columns: information_schema reports
-- domains instead of their base types (or the reverse, depending on the column),
-- spells arrays as "ARRAY" without the element type, hides typmods in separate
-- columns, and shows only columns the role has a privilege on.
--
-- type_display: format_type(atttypid, atttypmod), e.g. "character varying(20)",
--   "numeric(10,2)", "integer[]", "mood" or "other_schema.mood". format_type
--   schema-qualifies a type only when it is not visible on the session's
--   search_path, so it depends on the search_path of the caller's session.
-- type_schema/type_name: the type itself, or for an array type (typelem <> 0 and
--   typlen = -1: a true array, not a fixed-length type such as point or name that
--   also has a typelem) its element type.
-- array_dims: attndims as recorded, cast to int4 (its declared width has not
--   been the same in every release; the cast keeps the result type fixed) (1 for "int[]", 2 for "int[][]"; the server
--   does not enforce it, and it is 0 for columns made by CREATE TABLE AS).
--   Every numeric output column is cast to a fixed type for the same reason.
-- domain_base: format_type of the domain's base type and typmod.
-- default: pg_get_expr(adbin, ...). For generated columns pg_attrdef holds the
--   generation expression, which names columns, so it is deparsed against its
--   table. A default cannot name a column, so it is deparsed without one (relid
--   0, as the function's documentation allows): the text is the same, and the
--   server need not open every table with a default, a third of this query's
--   time at 10,000 tables.
-- identity: attidentity ('a' always, 'd' by default, '' none), PostgreSQL 10+.
-- generated: attgenerated ('s' stored since 12; 'v' virtual since 18; '' none).
--   The column exists on every supported version; only the 'v' value is new,
--   so no query variant is needed.
-- collation: only when the column's collation differs from its type's default
--   (typcollation), i.e. when COLLATE was written; the bare collname.
--
-- Dropped columns (attisdropped) and system columns (attnum <= 0) are excluded.
-- The same on PostgreSQL 13 to 18.
SELECT a.attrelid AS relid,
       a.attname::pg_catalog.text AS name,
       a.attnum::pg_catalog.int2 AS position,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS type_display,
       en.nspname::pg_catalog.text AS type_schema,
       et.typname::pg_catalog.text AS type_name,
       a.attndims::pg_catalog.int4 AS array_dims,
       CASE WHEN t.typtype = 'd'
            THEN pg_catalog.format_type(t.typbasetype, t.typtypmod)
       END AS domain_base,
       a.attnotnull AS not_null,
       pg_catalog.pg_get_expr(ad.adbin, CASE WHEN a.attgenerated = '' THEN 0 ELSE ad.adrelid END)
           AS default_expr,
       a.attidentity::pg_catalog.text AS identity,
       a.attgenerated::pg_catalog.text AS generated,
       CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation
            THEN co.collname::pg_catalog.text
       END AS collation,
       -- attislocal: false for a column a child only inherits from its parent.
       a.attislocal AS is_local
FROM pg_catalog.pg_attribute AS a
JOIN pg_catalog.pg_class AS c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_type AS t ON t.oid = a.atttypid
JOIN pg_catalog.pg_type AS et
  ON et.oid = CASE WHEN t.typelem <> 0 AND t.typlen = -1 THEN t.typelem ELSE t.oid END
JOIN pg_catalog.pg_namespace AS en ON en.oid = et.typnamespace
LEFT JOIN pg_catalog.pg_attrdef AS ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_catalog.pg_collation AS co ON co.oid = a.attcollation
WHERE a.attnum > 0
  AND NOT a.attisdropped
  AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_)'
ORDER BY a.attrelid, a.attnum
