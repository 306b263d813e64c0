-- Server version and database name: the first statement `read` sends, so the
-- other queries (and the caller) know which catalog layout they face.
--
-- server_version_num (e.g. 150004) is compared numerically; server_version is the
-- human spelling used in error messages. pgconform supports PostgreSQL 13 to 18:
-- 13 is the first release with pg_trigger.tgparentid, which triggers.sql uses.
--
-- jit_off turns JIT compilation off for the rest of the caller's transaction
-- (set_config with is_local = true; allowed in a READ ONLY transaction). The
-- catalog queries' row estimates (generate_series, correlated ARRAY(…)) pass
-- jit_above_cost on any database, and compiling them costs about half a second
-- per statement, more than running them: a 100-table check took 0.6 s instead
-- of 0.1 s. Sent here rather than as its own SET: no extra round trip.
SELECT pg_catalog.current_setting('server_version_num')::pg_catalog.int4 AS version_num,
       pg_catalog.current_setting('server_version') AS version,
       pg_catalog.current_database()::pg_catalog.text AS database,
       pg_catalog.set_config('jit', 'off', true) AS jit_off,
       -- Every role name (grants and policies name roles; a missing one is
       -- reported before the server refuses the GRANT). Cheap: one array.
       ARRAY(SELECT r.rolname::pg_catalog.text
             FROM pg_catalog.pg_roles AS r
             ORDER BY 1) AS roles
