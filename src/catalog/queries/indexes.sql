-- Indexes of user tables, partitioned tables and materialized views, one row each.
--
-- information_schema has no view of indexes at all, hence pg_index.
--
-- Key parts: positions 1..indnkeyatts of indkey (an int2vector, subscripted from
-- 0). A part is a column when indkey[k-1] <> 0, else an expression, printed by
-- pg_get_indexdef(indexrelid, k, true). Column parts are read as attname, not
-- through pg_get_indexdef, which would quote them. Positions indnkeyatts+1..
-- indnatts are INCLUDE columns (indnkeyatts exists since PostgreSQL 11; INCLUDE
-- parts are always plain columns).
--
-- Per key part, for telling duplicate indexes apart: the operator class
-- (indclass, schema-qualified), the collation (indcollation; NULL for a
-- part whose type has none) and the ordering options (indoption bits from
-- the server's catalog/pg_index.h: 1 DESC, 2 NULLS FIRST). All three arrays
-- cover key parts only (INCLUDE parts have none), like key_texts.
--
-- constraint: the primary key, unique or exclusion constraint the index backs.
-- pg_constraint.conindid is also set on foreign keys (to the referenced table's
-- unique index), hence the filter on contype and conrelid.
--
-- predicate: pg_get_expr(indpred, indrelid) for partial indexes.
-- indisvalid is false for an index whose CREATE INDEX CONCURRENTLY failed, and
-- for a partitioned index (relkind 'I') until every partition has its index.
-- The same on PostgreSQL 13 to 18.
SELECT i.indrelid AS relid,
       ic.relname::pg_catalog.text AS name,
       ARRAY(SELECT i.indkey[k.n - 1] = 0
             FROM pg_catalog.generate_series(1, i.indnkeyatts::pg_catalog.int4) AS k(n)
             ORDER BY k.n) AS key_is_expression,
       ARRAY(SELECT CASE WHEN i.indkey[k.n - 1] = 0
                         THEN pg_catalog.pg_get_indexdef(i.indexrelid, k.n, true)
                         ELSE (SELECT a.attname::pg_catalog.text
                               FROM pg_catalog.pg_attribute AS a
                               WHERE a.attrelid = i.indrelid
                                 AND a.attnum = i.indkey[k.n - 1])
                    END
             FROM pg_catalog.generate_series(1, i.indnkeyatts::pg_catalog.int4) AS k(n)
             ORDER BY k.n) AS key_texts,
       ARRAY(SELECT opn.nspname::pg_catalog.text || '.' || opc.opcname::pg_catalog.text
             FROM pg_catalog.generate_series(1, i.indnkeyatts::pg_catalog.int4) AS k(n)
             JOIN pg_catalog.pg_opclass AS opc ON opc.oid = i.indclass[k.n - 1]
             JOIN pg_catalog.pg_namespace AS opn ON opn.oid = opc.opcnamespace
             ORDER BY k.n) AS key_opclasses,
       ARRAY(SELECT opc.opcdefault
             FROM pg_catalog.generate_series(1, i.indnkeyatts::pg_catalog.int4) AS k(n)
             JOIN pg_catalog.pg_opclass AS opc ON opc.oid = i.indclass[k.n - 1]
             ORDER BY k.n) AS key_opclass_defaults,
       ARRAY(SELECT (SELECT co.collname::pg_catalog.text
                     FROM pg_catalog.pg_collation AS co
                     WHERE co.oid = i.indcollation[k.n - 1])
             FROM pg_catalog.generate_series(1, i.indnkeyatts::pg_catalog.int4) AS k(n)
             ORDER BY k.n) AS key_collations,
       ARRAY(SELECT i.indoption[k.n - 1]::pg_catalog.int4
             FROM pg_catalog.generate_series(1, i.indnkeyatts::pg_catalog.int4) AS k(n)
             ORDER BY k.n) AS key_options,
       ARRAY(SELECT a.attname::pg_catalog.text
             FROM pg_catalog.generate_series(i.indnkeyatts::pg_catalog.int4 + 1,
                                             i.indnatts::pg_catalog.int4) AS k(n)
             JOIN pg_catalog.pg_attribute AS a
               ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k.n - 1]
             ORDER BY k.n) AS include,
       i.indisunique AS is_unique,
       i.indisprimary AS is_primary,
       (SELECT co.conname::pg_catalog.text
        FROM pg_catalog.pg_constraint AS co
        WHERE co.conindid = i.indexrelid
          AND co.conrelid = i.indrelid
          AND co.contype IN ('p', 'u', 'x')
        ORDER BY co.conname
        LIMIT 1) AS constraint_name,
       am.amname::pg_catalog.text AS method,
       pg_catalog.pg_get_expr(i.indpred, i.indrelid) AS predicate,
       i.indisvalid AS valid,
       pg_catalog.pg_get_indexdef(i.indexrelid) AS definition,
       -- relispartition on an index: attached to an index of the parent table
       -- (the index a partition gets from its partitioned table's index).
       ic.relispartition AS inherited
FROM pg_catalog.pg_index AS i
JOIN pg_catalog.pg_class AS ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_am AS am ON am.oid = ic.relam
JOIN pg_catalog.pg_class AS c ON c.oid = i.indrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'm', 'f')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_)'
