-- Event triggers (database-wide; CREATE EVENT TRIGGER needs a superuser, but
-- pg_event_trigger is readable by every role).
--
-- event: evtevent (ddl_command_start, ddl_command_end, sql_drop,
--   table_rewrite, login on PostgreSQL 17+).
-- tags: evttags, the WHEN TAG IN filter as the server stores it (upper case);
--   NULL when the trigger fires for every command.
-- enabled: evtenabled, 'O' enabled, 'D' disabled, 'R' replica only, 'A' always.
-- Event triggers that belong to an extension (pg_depend deptype 'e') are left
-- out: the extension brings them.
SELECT e.evtname::pg_catalog.text AS name,
       e.evtevent::pg_catalog.text AS event,
       pn.nspname::pg_catalog.text AS function_schema,
       p.proname::pg_catalog.text AS function_name,
       e.evttags AS tags,
       e.evtenabled::pg_catalog.text AS enabled
FROM pg_catalog.pg_event_trigger AS e
JOIN pg_catalog.pg_proc AS p ON p.oid = e.evtfoid
JOIN pg_catalog.pg_namespace AS pn ON pn.oid = p.pronamespace
WHERE NOT EXISTS (SELECT 1
                  FROM pg_catalog.pg_depend AS d
                  WHERE d.classid = 'pg_catalog.pg_event_trigger'::pg_catalog.regclass
                    AND d.objid = e.oid
                    AND d.deptype = 'e')
ORDER BY e.evtname
