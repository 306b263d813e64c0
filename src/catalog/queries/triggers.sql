-- User triggers on tables, partitioned tables, views and foreign tables.
--
-- pg_catalog rather than information_schema.triggers: information_schema splits a
-- trigger into one row per event, has no TRUNCATE triggers, no enabled/disabled
-- state, no constraint triggers flag, no UPDATE OF column list in key order, and
-- shows only tables the role owns or has a non-SELECT privilege on.
--
-- Internal triggers (NOT tgisinternal) are left out: the RI_FKey_* triggers that
-- implement foreign keys and the unique_key_recheck triggers of deferrable unique
-- constraints. One version difference matters here: a trigger declared on a
-- partitioned table is cloned onto every partition. PostgreSQL 15+ marks those
-- clones tgisinternal = false; 13 and 14 mark them tgisinternal = true. To read
-- the same snapshot from every version, an internal trigger is kept when it is a
-- clone (tgparentid <> 0, PostgreSQL 13+) of a user trigger, recognisable by
-- having either no constraint or a constraint trigger's own pg_constraint row
-- (contype 't'); clones of foreign-key and deferred-uniqueness triggers point at
-- 'f', 'p', 'u' or 'x' constraints and stay out. No query variant is needed: on
-- 15+ the second branch matches nothing.
--
-- tgtype bits (decoded in read.rs): 1 row, 2 before, 4 insert, 8 delete,
-- 16 update, 32 truncate, 64 instead of (after when neither 2 nor 64).
-- update_columns: tgattr (the UPDATE OF list, an int2vector) resolved to names in
-- the order written.
-- tgenabled: 'O' enabled, 'D' disabled, 'R' replica only, 'A' always.
-- constraint_trigger: tgconstraint <> 0 (CREATE CONSTRAINT TRIGGER; after the
-- filter above, foreign-key triggers never get here).
-- deferrable, initially_deferred: a constraint trigger's DEFERRABLE and
-- INITIALLY DEFERRED (always false for other triggers).
-- arguments_hex: tgargs, the arguments given to the function, each ending in a
-- zero byte; hex, since a bytea with zero bytes has no text form (split in read.rs).
-- old_table, new_table: the transition tables' names (REFERENCING OLD|NEW TABLE
-- AS), NULL when none.
-- The WHEN condition is taken from pg_get_triggerdef by read.rs: pg_get_expr
-- cannot print tgqual, whose OLD and NEW refer to two range-table entries.
SELECT t.tgrelid AS relid,
       t.tgname::pg_catalog.text AS name,
       t.tgtype::pg_catalog.int4 AS type_bits,
       ARRAY(SELECT a.attname::pg_catalog.text
             FROM pg_catalog.unnest(t.tgattr) WITH ORDINALITY AS k(attnum, ord)
             JOIN pg_catalog.pg_attribute AS a
               ON a.attrelid = t.tgrelid AND a.attnum = k.attnum
             ORDER BY k.ord) AS update_columns,
       pn.nspname::pg_catalog.text AS function_schema,
       p.proname::pg_catalog.text AS function_name,
       t.tgenabled::pg_catalog.text AS enabled,
       t.tgconstraint <> 0 AS constraint_trigger,
       t.tgdeferrable AS deferrable,
       t.tginitdeferred AS initially_deferred,
       pg_catalog.encode(t.tgargs, 'hex') AS arguments_hex,
       t.tgoldtable::pg_catalog.text AS old_table,
       t.tgnewtable::pg_catalog.text AS new_table,
       pg_catalog.pg_get_triggerdef(t.oid) AS definition,
       -- A partition's clone of its partitioned table's trigger.
       t.tgparentid <> 0 AS cloned
FROM pg_catalog.pg_trigger AS t
JOIN pg_catalog.pg_class AS c ON c.oid = t.tgrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_proc AS p ON p.oid = t.tgfoid
JOIN pg_catalog.pg_namespace AS pn ON pn.oid = p.pronamespace
WHERE (NOT t.tgisinternal
       OR (t.tgparentid <> 0
           AND (t.tgconstraint = 0
                OR EXISTS (SELECT 1
                           FROM pg_catalog.pg_constraint AS tc
                           WHERE tc.oid = t.tgconstraint
                             AND tc.contype = 't'))))
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_)'
