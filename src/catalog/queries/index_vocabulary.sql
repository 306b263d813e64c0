-- Operator classes and collations by oid: the names the key parts of indexes
-- refer to (indexes.sql returns their oids). One row each, about a thousand in
-- all whatever the database's size: resolving them here, once, costs less
-- than a lookup per key part inside indexes.sql (several seconds at 30,000
-- indexes with correlated subqueries; hash joins planned per row were worse).
--
-- kind 'o': an operator class, its schema-qualified name and whether it is
-- its type's default for its access method; kind 'c': a collation, its bare
-- name (as index keys print it), is_default NULL. Every operator class and
-- collation is listed, system ones included: user indexes mostly use those.
-- The same on PostgreSQL 13 to 18.
SELECT 'o' AS kind,
       opc.oid,
       opn.nspname::pg_catalog.text || '.' || opc.opcname::pg_catalog.text AS name,
       opc.opcdefault AS is_default
FROM pg_catalog.pg_opclass AS opc
JOIN pg_catalog.pg_namespace AS opn ON opn.oid = opc.opcnamespace
UNION ALL
SELECT 'c', co.oid, co.collname::pg_catalog.text, NULL
FROM pg_catalog.pg_collation AS co
