-- Functions, procedures, aggregates and window functions in user schemas.
--
-- pg_catalog rather than information_schema.routines: information_schema has no
-- identity signature (overloads are told apart only by specific_name), no
-- volatility, no proconfig, and shows only routines the role may execute.
--
-- prokind (PostgreSQL 11+): 'f' function, 'p' procedure, 'a' aggregate, 'w' window.
-- argument_types: format_type of each proargtypes entry, in order. proargtypes
--   holds exactly the identity arguments (IN, INOUT, VARIADIC; for procedures
--   also OUT since PostgreSQL 14, which made them part of a procedure's
--   signature), the same list pg_get_function_identity_arguments prints with
--   names and modes.
-- result: pg_get_function_result, NULL for procedures.
-- source: prosrc. Since PostgreSQL 14 a LANGUAGE sql routine may have an
--   SQL-standard body (BEGIN ATOMIC ... END / RETURN ...), stored parsed in
--   prosqlbody; prosrc is then empty and only pg_get_functiondef shows the body.
--   prosqlbody is not read, so the query is the same on 13 to 18.
-- definition: pg_get_functiondef, except for aggregates, where it raises
--   "... is an aggregate function".
-- parallel: proparallel, 's' safe, 'r' restricted, 'u' unsafe.
-- config: proconfig, e.g. {search_path=public, pg_temp}; NULL when none.
-- from_extension: a pg_depend row with deptype 'e' (e.g. pgcrypto's functions).
-- Extension membership: deptype 'e' rows always reference the extension
-- (refclassid pg_extension), so the test names it: the planner then reads
-- the few extension rows of pg_depend's reference index instead of every
-- pg_depend row of the object's class (90,000 at 10,000 tables).
SELECT p.oid AS oid,
       n.nspname::pg_catalog.text AS schema,
       p.proname::pg_catalog.text AS name,
       p.prokind::pg_catalog.text AS kind,
       ARRAY(SELECT pg_catalog.format_type(a.typid, NULL)
             FROM pg_catalog.unnest(p.proargtypes::pg_catalog.oid[])
                  WITH ORDINALITY AS a(typid, ord)
             ORDER BY a.ord) AS argument_types,
       pg_catalog.pg_get_function_identity_arguments(p.oid) AS identity_arguments,
       CASE WHEN p.prokind <> 'p'
            THEN pg_catalog.pg_get_function_result(p.oid)
       END AS result,
       l.lanname::pg_catalog.text AS language,
       p.provolatile::pg_catalog.text AS volatility,
       p.prosecdef AS security_definer,
       p.proisstrict AS strict,
       p.proparallel::pg_catalog.text AS parallel,
       p.proleakproof AS leakproof,
       p.proconfig AS config,
       p.prosrc AS source,
       CASE WHEN p.prokind <> 'a'
            THEN pg_catalog.pg_get_functiondef(p.oid)
       END AS definition,
       EXISTS (SELECT 1
               FROM pg_catalog.pg_depend AS d
               WHERE d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
                 AND d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                 AND d.objid = p.oid
                 AND d.deptype = 'e') AS from_extension,
       -- EXECUTE granted to others than the owner; grantee 0 is PUBLIC. A NULL
       -- proacl is the default, which grants EXECUTE to PUBLIC: acldefault
       -- spells it out. The same as relations.sql's grants otherwise.
       COALESCE((SELECT pg_catalog.json_agg(pg_catalog.json_build_array(
                            CASE WHEN a.grantee = 0 THEN NULL
                                 ELSE pg_catalog.pg_get_userbyid(a.grantee)::pg_catalog.text END,
                            a.privilege_type, a.is_grantable)
                        ORDER BY a.grantee, a.privilege_type)
                 FROM pg_catalog.aclexplode(COALESCE(p.proacl,
                          pg_catalog.acldefault('f', p.proowner))) AS a
                 WHERE a.grantee <> p.proowner), '[]')::pg_catalog.text AS grants
FROM pg_catalog.pg_proc AS p
JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace
JOIN pg_catalog.pg_language AS l ON l.oid = p.prolang
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_)'
