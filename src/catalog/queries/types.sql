-- User-defined types: enums, domains, free-standing composite types, ranges,
-- multiranges and base types (e.g. citext from its extension).
--
-- pg_catalog rather than information_schema: information_schema has domains
-- (domains) and composite types (user_defined_types) but no enums, enum labels
-- or ranges.
--
-- typtype: 'e' enum, 'd' domain, 'c' composite, 'r' range, 'm' multirange
-- (PostgreSQL 14+, created automatically with each range type), 'b' base.
-- Left out: pseudo-types and shell types (typisdefined = false), array types
-- (the typarray of another type: "_mood" for "mood"), and the row types every
-- table, view and sequence gets (typtype 'c' whose typrelid is not a relkind 'c'
-- relation): only CREATE TYPE ... AS (...) composites are types in their own right.
-- enum_labels: pg_enum in enumsortorder (a float4, since ALTER TYPE ADD VALUE
-- BEFORE/AFTER inserts between existing labels; oid order would be wrong).
-- domain_base: format_type(typbasetype, typtypmod).
-- dependents: the objects the server records as using the type or its array
--   type, through pg_depend rows of deptype 'n' on either: table, view and
--   composite-type columns, function arguments and results, domains over it,
--   casts, operators. An array type's own link to its element type is
--   internal ('i') and not counted. Uses inside function bodies (a cast in
--   PL/pgSQL) are not recorded by the server and not counted.
-- domain_not_null: typnotnull (PostgreSQL 17+ also records a domain's NOT
--   NULL in pg_constraint with contype 'n'; typnotnull says it on every version).
-- domain_default: pg_get_expr(typdefaultbin, 0): the default as the server
--   deparses it (already coerced to the base type).
-- domain_check_*: the domain's check constraints (contype 'c'), by name:
--   pg_get_constraintdef (`CHECK ((VALUE > 0))`, with ` NOT VALID` when not
--   validated) and the bare expression, pg_get_expr(conbin, 0) (`(VALUE > 0)`).
--   conrelid is 0 for domain constraints, hence relid 0.
-- attribute_*: a free-standing composite type's attributes in attnum order,
--   dropped ones left out; types as format_type prints them.
-- The same on PostgreSQL 13 to 18.
-- Extension membership: deptype 'e' rows always reference the extension
-- (refclassid pg_extension), so the test names it: the planner then reads
-- the few extension rows of pg_depend's reference index instead of every
-- pg_depend row of the object's class (90,000 at 10,000 tables).
SELECT n.nspname::pg_catalog.text AS schema,
       t.typname::pg_catalog.text AS name,
       t.typtype::pg_catalog.text AS kind,
       ARRAY(SELECT e.enumlabel::pg_catalog.text
             FROM pg_catalog.pg_enum AS e
             WHERE e.enumtypid = t.oid
             ORDER BY e.enumsortorder) AS enum_labels,
       CASE WHEN t.typtype = 'd'
            THEN pg_catalog.format_type(t.typbasetype, t.typtypmod)
       END AS domain_base,
       t.typtype = 'd' AND t.typnotnull AS domain_not_null,
       CASE WHEN t.typtype = 'd'
            THEN pg_catalog.pg_get_expr(t.typdefaultbin, 0)
       END AS domain_default,
       ARRAY(SELECT c.conname::pg_catalog.text
             FROM pg_catalog.pg_constraint AS c
             WHERE c.contypid = t.oid AND c.contype = 'c'
             ORDER BY c.conname) AS domain_check_names,
       ARRAY(SELECT pg_catalog.pg_get_constraintdef(c.oid)
             FROM pg_catalog.pg_constraint AS c
             WHERE c.contypid = t.oid AND c.contype = 'c'
             ORDER BY c.conname) AS domain_check_definitions,
       ARRAY(SELECT pg_catalog.pg_get_expr(c.conbin, 0)
             FROM pg_catalog.pg_constraint AS c
             WHERE c.contypid = t.oid AND c.contype = 'c'
             ORDER BY c.conname) AS domain_check_expressions,
       ARRAY(SELECT a.attname::pg_catalog.text
             FROM pg_catalog.pg_attribute AS a
             WHERE a.attrelid = t.typrelid AND t.typtype = 'c' AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum) AS attribute_names,
       ARRAY(SELECT pg_catalog.format_type(a.atttypid, a.atttypmod)
             FROM pg_catalog.pg_attribute AS a
             WHERE a.attrelid = t.typrelid AND t.typtype = 'c' AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum) AS attribute_types,
       EXISTS (SELECT 1
               FROM pg_catalog.pg_depend AS d
               WHERE d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
                 AND d.classid = 'pg_catalog.pg_type'::pg_catalog.regclass
                 AND d.objid = t.oid
                 AND d.deptype = 'e') AS from_extension,
       (SELECT pg_catalog.count(*)
        FROM pg_catalog.pg_depend AS d
        WHERE d.refclassid = 'pg_catalog.pg_type'::pg_catalog.regclass
          AND d.refobjid IN (t.oid, t.typarray)
          AND d.deptype = 'n')::pg_catalog.int4 AS dependents
FROM pg_catalog.pg_type AS t
JOIN pg_catalog.pg_namespace AS n ON n.oid = t.typnamespace
WHERE t.typisdefined
  AND t.typtype IN ('e', 'd', 'c', 'r', 'm', 'b')
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type AS elem WHERE elem.typarray = t.oid)
  AND (t.typtype <> 'c'
       OR EXISTS (SELECT 1
                  FROM pg_catalog.pg_class AS r
                  WHERE r.oid = t.typrelid AND r.relkind = 'c'))
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_)'
