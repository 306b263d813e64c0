-- Sequences in user schemas, one row each, with the column that owns each and
-- the columns whose default draws from it.
--
-- pg_sequence (PostgreSQL 10+) holds the definition: data type, start,
-- increment, bounds, cycle, cache. information_schema.sequences has no owner, no
-- current value and hides sequences the role has no privilege on.
--
-- last_value: pg_sequence_last_value (what the pg_sequences view uses), NULL
-- when nextval was never called (is_called false) and, through the CASE, when
-- the role may not read the sequence: the function raises on a sequence the
-- role has neither SELECT nor USAGE on, and one refused sequence must not stop
-- the catalog read. readable says which of the two a NULL means. Read only
-- when $1 (a full read, for lint): the function opens each sequence, about
-- 20 µs apiece, and `check` compares definitions, not positions.
--
-- Owner: the pg_depend row from the sequence to a table column, deptype 'a'
-- for SERIAL and ALTER SEQUENCE ... OWNED BY, 'i' for an identity column's
-- sequence. At most one exists (OWNED BY replaces the previous one).
--
-- Default users: columns whose DEFAULT mentions the sequence, found through
-- the pg_depend rows that pg_attrdef entries have on it (nextval('s'::regclass)
-- records one; a sequence named only inside a text literal passed to another
-- function does not, and cannot be found from the catalog).
--
-- Temporary sequences of other sessions are excluded with their schemas, as
-- everywhere (pg_sequence_last_value raises on them). The same on 13 to 18.
-- Extension membership: deptype 'e' rows always reference the extension
-- (refclassid pg_extension), so the test names it: the planner then reads
-- the few extension rows of pg_depend's reference index instead of every
-- pg_depend row of the object's class (90,000 at 10,000 tables).
SELECT n.nspname::pg_catalog.text AS schema,
       c.relname::pg_catalog.text AS name,
       pg_catalog.format_type(s.seqtypid, NULL) AS data_type,
       s.seqstart AS start_value,
       s.seqincrement AS increment,
       s.seqmin AS min_value,
       s.seqmax AS max_value,
       s.seqcycle AS cycle,
       s.seqcache AS cache,
       pg_catalog.has_sequence_privilege(c.oid, 'SELECT,USAGE') AS readable,
       CASE WHEN $1 AND pg_catalog.has_sequence_privilege(c.oid, 'SELECT,USAGE')
            THEN pg_catalog.pg_sequence_last_value(c.oid)
       END AS last_value,
       o.owner_schema,
       o.owner_table,
       o.owner_column,
       o.identity AS owned_by_identity,
       COALESCE(u.schemas, '{}') AS default_schemas,
       COALESCE(u.tables, '{}') AS default_tables,
       COALESCE(u.columns, '{}') AS default_columns,
       EXISTS (SELECT 1
               FROM pg_catalog.pg_depend AS d
               WHERE d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
                 AND d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                 AND d.objid = c.oid
                 AND d.deptype = 'e') AS from_extension
FROM pg_catalog.pg_sequence AS s
JOIN pg_catalog.pg_class AS c ON c.oid = s.seqrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
LEFT JOIN LATERAL (
    SELECT tn.nspname::pg_catalog.text AS owner_schema,
           t.relname::pg_catalog.text AS owner_table,
           a.attname::pg_catalog.text AS owner_column,
           d.deptype = 'i' AS identity
    FROM pg_catalog.pg_depend AS d
    JOIN pg_catalog.pg_class AS t ON t.oid = d.refobjid
    JOIN pg_catalog.pg_namespace AS tn ON tn.oid = t.relnamespace
    JOIN pg_catalog.pg_attribute AS a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
    WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
      AND d.objid = c.oid
      AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
      AND d.refobjsubid > 0
      AND d.deptype IN ('a', 'i')
    LIMIT 1
) AS o ON true
LEFT JOIN LATERAL (
    SELECT pg_catalog.array_agg(un.nspname::pg_catalog.text ORDER BY un.nspname, t.relname, a.attname) AS schemas,
           pg_catalog.array_agg(t.relname::pg_catalog.text ORDER BY un.nspname, t.relname, a.attname) AS tables,
           pg_catalog.array_agg(a.attname::pg_catalog.text ORDER BY un.nspname, t.relname, a.attname) AS columns
    FROM pg_catalog.pg_depend AS d
    JOIN pg_catalog.pg_attrdef AS ad ON ad.oid = d.objid
    JOIN pg_catalog.pg_class AS t ON t.oid = ad.adrelid
    JOIN pg_catalog.pg_namespace AS un ON un.oid = t.relnamespace
    JOIN pg_catalog.pg_attribute AS a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
    WHERE d.classid = 'pg_catalog.pg_attrdef'::pg_catalog.regclass
      AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
      AND d.refobjid = c.oid
) AS u ON true
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_)'
