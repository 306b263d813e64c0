-- Primary key, unique, foreign key, check and exclusion constraints of user
-- tables, one row each.
--
-- pg_catalog rather than information_schema.table_constraints: information_schema
-- has no exclusion constraints, reports NOT NULL as generated CHECK constraints,
-- loses the key order of multi-column foreign keys when names repeat, and hides
-- tables the role has no privilege on.
--
-- contype: 'p' primary key, 'u' unique, 'f' foreign key, 'c' check,
-- 'x' exclusion. Not read: 't' (the pg_constraint row of a constraint trigger,
-- read with the trigger), and 'n', the NOT NULL constraints that PostgreSQL 18
-- records in pg_constraint: older servers only have attnotnull, so the snapshot
-- reads NOT NULL from attnotnull on every version (Column::not_null) and never
-- reports 'n' rows, keeping snapshots of 13 to 18 alike. Domain constraints
-- (conrelid = 0) drop out through the join to pg_class.
--
-- attnums/foreign_attnums: conkey/confkey, column numbers in key order. The
-- reader resolves them through the columns it has already read: a correlated
-- subquery per array cost a quarter of a second at 30,000 constraints. The one
-- case it cannot resolve, a key referencing a table outside the user schemas
-- (which it does not read), gets the names from foreign_names.
-- definition: pg_get_constraintdef(oid), except for foreign keys: the reader
-- writes theirs from the parts read here (sql::foreign_key), sparing the
-- server a deparse per key (about 0.2 s at 20,000 keys).
-- delete_set_attnums: confdelsetcols, the columns `ON DELETE SET NULL (a)`
-- sets (PostgreSQL 15+; the reader puts NULL in for older servers).
-- expression: for checks, pg_get_expr(conbin, conrelid), the bare expression
-- (pg_get_constraintdef wraps it in CHECK (...) and adds NOT VALID / NO INHERIT).
-- on_update/on_delete: confupdtype/confdeltype 'a' no action, 'r' restrict,
-- 'c' cascade, 'n' set null, 'd' set default (' ' for other kinds).
--
-- Foreign keys that reference a partitioned table: the server adds, on the
-- referencing table, one hidden clone per partition of the referenced table
-- (conparentid = the real constraint, same conrelid, same name). They are not
-- constraints a user declared (psql's \d hides them the same way) and are
-- excluded. Clones on partitions of a partitioned referencing table are kept:
-- they belong to the partition (different conrelid).
-- conparentid exists since PostgreSQL 11; the same query on 13 to 18.
SELECT co.conrelid AS relid,
       co.conname::pg_catalog.text AS name,
       co.contype::pg_catalog.text AS kind,
       co.conkey AS attnums,
       CASE WHEN co.contype <> 'f'
            THEN pg_catalog.pg_get_constraintdef(co.oid)
       END AS definition,
       CASE WHEN co.contype = 'c'
            THEN pg_catalog.pg_get_expr(co.conbin, co.conrelid)
       END AS expression,
       fn.nspname::pg_catalog.text AS foreign_schema,
       fc.relname::pg_catalog.text AS foreign_table,
       co.confrelid AS foreign_relid,
       co.confkey AS foreign_attnums,
       CASE WHEN fn.nspname IN ('pg_catalog', 'information_schema')
              OR fn.nspname ~ '^pg_(toast|temp_)'
            THEN ARRAY(SELECT a.attname::pg_catalog.text
                       FROM pg_catalog.unnest(co.confkey) WITH ORDINALITY AS k(attnum, ord)
                       JOIN pg_catalog.pg_attribute AS a
                         ON a.attrelid = co.confrelid AND a.attnum = k.attnum
                       ORDER BY k.ord)
       END AS foreign_names,
       co.confupdtype::pg_catalog.text AS on_update,
       co.confdeltype::pg_catalog.text AS on_delete,
       /* delete_set_attnums */ AS delete_set_attnums,
       co.condeferrable AS deferrable,
       co.condeferred AS initially_deferred,
       co.convalidated AS validated,
       -- conislocal: false for a constraint only inherited from a parent;
       -- confmatchtype: 'f' MATCH FULL, 's' MATCH SIMPLE (' ' for other kinds).
       co.conislocal AS is_local,
       co.confmatchtype::pg_catalog.text AS match_type
FROM pg_catalog.pg_constraint AS co
JOIN pg_catalog.pg_class AS c ON c.oid = co.conrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_class AS fc ON fc.oid = co.confrelid
LEFT JOIN pg_catalog.pg_namespace AS fn ON fn.oid = fc.relnamespace
WHERE co.contype IN ('p', 'u', 'f', 'c', 'x')
  AND NOT EXISTS (SELECT 1
                  FROM pg_catalog.pg_constraint AS parent
                  WHERE parent.oid = co.conparentid
                    AND parent.conrelid = co.conrelid)
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_)'
