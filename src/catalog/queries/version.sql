-- Server version and database name: the first statement `read` sends, so the
-- other queries (and the caller) know which catalog layout they face.
--
-- server_version_num (e.g. 150004) is compared numerically; server_version is the
-- human spelling used in error messages. pgconform supports PostgreSQL 13 to 18:
-- 13 is the first release with pg_trigger.tgparentid, which triggers.sql uses.
SELECT pg_catalog.current_setting('server_version_num')::pg_catalog.int4 AS version_num,
       pg_catalog.current_setting('server_version') AS version,
       pg_catalog.current_database()::pg_catalog.text AS database
