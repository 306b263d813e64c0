-- Turns a copy of a database into an "older version" of its schema, the
-- way releases drift apart: some tables, columns, indexes, defaults and
-- NOT NULLs missing, some column types narrower or wider. Deterministic
-- (objects are picked by their place in name order). bench/realworld.sh
-- runs it on a copy, then `pgconform fix --apply` must bring the copy back
-- to the spec inspected from the original.
DO $$
DECLARE
    r record;
    n integer;
BEGIN
    -- Every ninth table that no foreign key references: gone.
    n := 0;
    FOR r IN
        SELECT c.oid::regclass AS t FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND s.nspname NOT IN ('pg_catalog', 'information_schema') AND s.nspname NOT LIKE 'pg_%'
          AND NOT EXISTS (SELECT FROM pg_constraint f WHERE f.confrelid = c.oid AND f.contype = 'f')
          AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
        ORDER BY s.nspname, c.relname
    LOOP
        n := n + 1;
        IF n % 9 = 0 THEN EXECUTE format('DROP TABLE %s CASCADE', r.t); END IF;
    END LOOP;

    -- Every fifth index that backs no constraint: gone.
    n := 0;
    FOR r IN
        SELECT i.indexrelid::regclass AS idx FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        JOIN pg_namespace s ON s.oid = c.relnamespace
        WHERE s.nspname NOT IN ('pg_catalog', 'information_schema') AND s.nspname NOT LIKE 'pg_%'
          AND NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conindid = i.indexrelid)
        ORDER BY s.nspname, c.relname
    LOOP
        n := n + 1;
        IF n % 5 = 0 THEN EXECUTE format('DROP INDEX %s', r.idx); END IF;
    END LOOP;

    -- Columns, in name order: every seventh one that no constraint, index,
    -- view or default of another column needs is gone; every sixth
    -- varchar(n) is varchar(n + 10); every eighth default is dropped; every
    -- tenth NOT NULL outside the primary key is dropped.
    n := 0;
    FOR r IN
        SELECT a.attrelid::regclass AS t, a.attname, a.atttypid, a.atttypmod, a.attnotnull,
               ad.oid IS NOT NULL AS has_default, a.attidentity <> '' OR a.attgenerated <> '' AS special,
               EXISTS (SELECT FROM pg_depend d WHERE d.refobjid = a.attrelid AND d.refobjsubid = a.attnum
                       AND d.classid <> 'pg_attrdef'::regclass) AS needed,
               EXISTS (SELECT FROM pg_index i WHERE i.indrelid = a.attrelid AND a.attnum = ANY (i.indkey)) AS indexed,
               EXISTS (SELECT FROM pg_constraint k WHERE k.conrelid = a.attrelid AND a.attnum = ANY (k.conkey)) AS constrained
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace s ON s.oid = c.relnamespace
        LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
        WHERE c.relkind = 'r' AND NOT c.relispartition AND a.attnum > 0 AND NOT a.attisdropped
          AND s.nspname NOT IN ('pg_catalog', 'information_schema') AND s.nspname NOT LIKE 'pg_%'
          AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
          AND NOT EXISTS (SELECT FROM pg_inherits h WHERE h.inhrelid = c.oid OR h.inhparent = c.oid)
        ORDER BY s.nspname, c.relname, a.attnum
    LOOP
        n := n + 1;
        IF n % 7 = 0 AND NOT r.needed AND NOT r.indexed AND NOT r.constrained AND NOT r.special THEN
            EXECUTE format('ALTER TABLE %s DROP COLUMN %I', r.t, r.attname);
            CONTINUE;
        END IF;
        IF n % 6 = 0 AND r.atttypid = 'varchar'::regtype AND r.atttypmod > 4 AND NOT r.needed THEN
            EXECUTE format('ALTER TABLE %s ALTER COLUMN %I TYPE varchar(%s)', r.t, r.attname, r.atttypmod - 4 + 10);
        END IF;
        IF n % 8 = 0 AND r.has_default AND NOT r.special THEN
            EXECUTE format('ALTER TABLE %s ALTER COLUMN %I DROP DEFAULT', r.t, r.attname);
        END IF;
        IF n % 10 = 0 AND r.attnotnull AND NOT r.constrained AND NOT r.special THEN
            EXECUTE format('ALTER TABLE %s ALTER COLUMN %I DROP NOT NULL', r.t, r.attname);
        END IF;
    END LOOP;
END
$$;
