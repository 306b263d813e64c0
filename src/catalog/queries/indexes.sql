-- Indexes of user tables, partitioned tables and materialized views, one row each.
--
-- information_schema has no view of indexes at all, hence pg_index.
--
-- Flat on purpose: key parts come back as the catalog's own arrays, and the
-- reader resolves them (column numbers through the columns it has already
-- read, operator classes and collations through index_vocabulary.sql). A
-- correlated subquery per array cost a second at 30,000 indexes; these
-- columns cost almost nothing.
--
-- attnums: indkey as int2[]. Positions 1..key_count are key parts, the rest
-- INCLUDE columns (indnkeyatts exists since PostgreSQL 11). A key part of 0 is
-- an expression; expressions then holds, per key position, the text
-- pg_get_indexdef(indexrelid, k, true) prints for it (NULL at column
-- positions), and is NULL for indexes without expression parts (nearly all),
-- which are never deparsed.
-- opclasses, collations, options: indclass, indcollation (0 for a type
-- without collation) and indoption (bits from the server's catalog/pg_index.h:
-- 1 DESC, 2 NULLS FIRST), key parts only.
--
-- constraint_name: the primary key, unique or exclusion constraint the index
-- backs. pg_constraint.conindid is also set on foreign keys (to the referenced
-- table's unique index), hence the filter on contype and conrelid; an index
-- backs at most one constraint of its own table.
--
-- predicate: pg_get_expr(indpred, indrelid) for partial indexes.
-- indisvalid is false for an index whose CREATE INDEX CONCURRENTLY failed, and
-- for a partitioned index (relkind 'I') until every partition has its index.
--
-- definition: pg_get_indexdef(indexrelid), the whole CREATE INDEX statement,
-- when $1 (a full read: lint's details, inspect) and always for materialized
-- views (fix re-creates their indexes with them). Deparsing is the expensive
-- part of this query (about 20 µs an index), and `check` needs none.
--
-- nulls_not_distinct: pg_index.indnullsnotdistinct, which exists since
-- PostgreSQL 15; the reader replaces the marker below with the column there
-- and with false on 13 and 14 (which have no NULLS NOT DISTINCT).
SELECT i.indrelid AS relid,
       ic.relname::pg_catalog.text AS name,
       i.indnkeyatts::pg_catalog.int4 AS key_count,
       i.indkey::pg_catalog.int2[] AS attnums,
       CASE WHEN 0 = ANY (i.indkey::pg_catalog.int2[])
            THEN ARRAY(SELECT CASE WHEN i.indkey[k.n - 1] = 0
                                   THEN pg_catalog.pg_get_indexdef(i.indexrelid, k.n, true)
                              END
                       FROM pg_catalog.generate_series(1, i.indnkeyatts::pg_catalog.int4) AS k(n)
                       ORDER BY k.n)
       END AS expressions,
       i.indclass::pg_catalog.oid[] AS opclasses,
       i.indcollation::pg_catalog.oid[] AS collations,
       i.indoption::pg_catalog.int2[] AS options,
       i.indisunique AS is_unique,
       i.indisprimary AS is_primary,
       co.conname::pg_catalog.text AS constraint_name,
       am.amname::pg_catalog.text AS method,
       pg_catalog.pg_get_expr(i.indpred, i.indrelid) AS predicate,
       i.indisvalid AS valid,
       CASE WHEN $1 OR c.relkind = 'm'
            THEN pg_catalog.pg_get_indexdef(i.indexrelid)
       END AS definition,
       /* nulls_not_distinct */ AS nulls_not_distinct,
       -- relispartition on an index: attached to an index of the parent table
       -- (the index a partition gets from its partitioned table's index).
       ic.relispartition AS inherited
FROM pg_catalog.pg_index AS i
JOIN pg_catalog.pg_class AS ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_am AS am ON am.oid = ic.relam
JOIN pg_catalog.pg_class AS c ON c.oid = i.indrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_constraint AS co
  ON co.conindid = i.indexrelid
 AND co.conrelid = i.indrelid
 AND co.contype IN ('p', 'u', 'x')
WHERE c.relkind IN ('r', 'p', 'm', 'f')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_)'
