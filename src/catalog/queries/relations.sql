-- Tables, partitioned tables, views, materialized views and foreign tables, one
-- row each, with their parents and (for views) their definition.
--
-- pg_catalog rather than information_schema.tables: information_schema hides
-- objects the current role has no privilege on, has no materialized views, no
-- partitioning, no inheritance, no row-level security flag and no row estimate.
--
-- relkind: 'r' table, 'p' partitioned table, 'v' view, 'm' materialized view,
-- 'f' foreign table. Sequences ('S'), indexes ('i', 'I'), TOAST tables ('t') and
-- the row types of composite types ('c') are not relations in the snapshot's sense.
--
-- Parents come from pg_inherits in inhseqno order. A partition (relispartition,
-- PostgreSQL 10+) has exactly one parent, its partitioned table; any other
-- pg_inherits row is plain (table) inheritance, which allows several parents.
--
-- reltuples is the planner's estimate: -1 for a table never vacuumed or analysed
-- on PostgreSQL 14+, 0 for the same table on 13 (where 0 is ambiguous with
-- "analysed and empty"). Read as is; float4 widened to float8.
--
-- Extension members: pg_depend rows with deptype 'e' whose object is the relation.
--
-- View definitions: pg_get_viewdef(oid, true), pretty-printed; read.rs removes the
-- trailing semicolon and surrounding whitespace. Fetched here rather than in a
-- query of their own, since views are relations (one fewer round trip).
--
-- Owner, options (reloptions), grants (relacl through aclexplode) and
-- whether a materialized view holds data: what `fix` must put back when it
-- drops and re-creates a view (and its comment, which comments.sql reads).
--
-- The same on PostgreSQL 13 to 18.
-- Extension membership: deptype 'e' rows always reference the extension
-- (refclassid pg_extension), so the test names it: the planner then reads
-- the few extension rows of pg_depend's reference index instead of every
-- pg_depend row of the object's class (90,000 at 10,000 tables).
SELECT c.oid AS oid,
       n.nspname::pg_catalog.text AS schema,
       c.relname::pg_catalog.text AS name,
       c.relkind::pg_catalog.text AS kind,
       c.relispartition AS is_partition,
       ARRAY(SELECT pn.nspname::pg_catalog.text
             FROM pg_catalog.pg_inherits AS i
             JOIN pg_catalog.pg_class AS p ON p.oid = i.inhparent
             JOIN pg_catalog.pg_namespace AS pn ON pn.oid = p.relnamespace
             WHERE i.inhrelid = c.oid
             ORDER BY i.inhseqno) AS parent_schemas,
       ARRAY(SELECT p.relname::pg_catalog.text
             FROM pg_catalog.pg_inherits AS i
             JOIN pg_catalog.pg_class AS p ON p.oid = i.inhparent
             WHERE i.inhrelid = c.oid
             ORDER BY i.inhseqno) AS parent_names,
       c.reltuples::pg_catalog.float8 AS estimated_rows,
       c.relrowsecurity AS row_security,
       c.relforcerowsecurity AS force_row_security,
       EXISTS (SELECT 1
               FROM pg_catalog.pg_depend AS d
               WHERE d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
                 AND d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                 AND d.objid = c.oid
                 AND d.deptype = 'e') AS from_extension,
       CASE WHEN c.relkind IN ('v', 'm')
            THEN pg_catalog.pg_get_viewdef(c.oid, true)
       END AS view_definition,
       pg_catalog.pg_get_userbyid(c.relowner)::pg_catalog.text AS owner,
       COALESCE(c.reloptions, '{}')::pg_catalog.text[] AS options,
       c.relispopulated AS populated,
       -- Grants to others than the owner; grantee 0 is PUBLIC. A NULL relacl
       -- means the default privileges (the owner's only): no grants.
       COALESCE((SELECT pg_catalog.json_agg(pg_catalog.json_build_array(
                            CASE WHEN a.grantee = 0 THEN NULL
                                 ELSE pg_catalog.pg_get_userbyid(a.grantee)::pg_catalog.text END,
                            a.privilege_type, a.is_grantable)
                        ORDER BY a.grantee, a.privilege_type)
                 FROM pg_catalog.aclexplode(c.relacl) AS a
                 WHERE a.grantee <> c.relowner), '[]')::pg_catalog.text AS grants,
       -- Partitioning: the key of a partitioned table and the bound of a
       -- partition, as the server prints them (only for those relations).
       CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END AS partition_key,
       CASE WHEN c.relispartition
            THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid)
       END AS partition_bound
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_)'
