//! The one place where identifiers and literals become SQL text.
//!
//! Everything pgconform sends to a server or writes into a script goes through
//! these functions, so that a table called `Order Items; DROP` is always a
//! name and never a statement.

use crate::catalog::QualifiedName;

/// Words that must be quoted when used as a column or table name: PostgreSQL's
/// reserved keywords plus the non-reserved ones that cannot be a column name
/// ("type_func_name" and "col_name" categories). Sorted for binary search.
const RESERVED: &[&str] = &[
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "between",
    "bigint",
    "binary",
    "bit",
    "boolean",
    "both",
    "case",
    "cast",
    "char",
    "character",
    "check",
    "coalesce",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "dec",
    "decimal",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "exists",
    "extract",
    "false",
    "fetch",
    "float",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "greatest",
    "group",
    "grouping",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "inout",
    "int",
    "integer",
    "intersect",
    "interval",
    "into",
    "is",
    "isnull",
    "join",
    "json",
    "json_array",
    "json_arrayagg",
    "json_exists",
    "json_object",
    "json_objectagg",
    "json_query",
    "json_scalar",
    "json_serialize",
    "json_table",
    "json_value",
    "lateral",
    "leading",
    "least",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "merge_action",
    "national",
    "natural",
    "nchar",
    "none",
    "normalize",
    "not",
    "notnull",
    "null",
    "nullif",
    "numeric",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "out",
    "outer",
    "overlaps",
    "overlay",
    "placing",
    "position",
    "precision",
    "primary",
    "real",
    "references",
    "returning",
    "right",
    "row",
    "select",
    "session_user",
    "setof",
    "similar",
    "smallint",
    "some",
    "substring",
    "symmetric",
    "system_user",
    "table",
    "tablesample",
    "then",
    "time",
    "timestamp",
    "to",
    "trailing",
    "treat",
    "trim",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "values",
    "varchar",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
    "xmlattributes",
    "xmlconcat",
    "xmlelement",
    "xmlexists",
    "xmlforest",
    "xmlnamespaces",
    "xmlparse",
    "xmlpi",
    "xmlroot",
    "xmlserialize",
    "xmltable",
];

/// Whether `name` can be written bare: lower-case ASCII letters, digits,
/// underscores and dollars, not starting with a digit or dollar, and not a
/// reserved word.
pub fn is_bare_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else { return false };
    (first.is_ascii_lowercase() || first == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '$')
        && RESERVED.binary_search(&name).is_err()
}

/// `name` as an SQL identifier: bare when that reads back as the same name,
/// else double-quoted with embedded quotes doubled.
pub fn quote_ident(name: &str) -> String {
    if is_bare_identifier(name) { name.to_string() } else { format!("\"{}\"", name.replace('"', "\"\"")) }
}

/// `a, "B c"`: column names quoted as needed, comma-separated.
pub fn column_list(columns: &[String]) -> String {
    columns.iter().map(|c| quote_ident(c)).collect::<Vec<_>>().join(", ")
}

/// `schema.name`, each part quoted as needed.
pub fn quote_qualified(name: &QualifiedName) -> String {
    format!("{}.{}", quote_ident(&name.schema), quote_ident(&name.name))
}

/// A role as GRANT, REVOKE and policies name it: None (a grant to PUBLIC)
/// and the pseudo-role `public` (as spec and catalog list policy roles) are
/// `PUBLIC`, any other name is quoted as needed.
pub fn quote_role(role: Option<&str>) -> String {
    match role {
        None | Some("public") => "PUBLIC".to_string(),
        Some(name) => quote_ident(name),
    }
}

/// `COMMENT ON <target> IS '…'`, or `IS NULL` to remove the comment;
/// `target` is what follows `COMMENT ON` (`TABLE public.t`).
pub fn comment_on(target: &str, comment: Option<&str>) -> String {
    format!("COMMENT ON {target} IS {}", comment.map_or("NULL".to_string(), quote_literal))
}

/// `value` as an SQL string literal. Standard-conforming strings are on by
/// default since PostgreSQL 9.1, so doubling quotes is enough; backslashes are
/// ordinary characters in such literals.
pub fn quote_literal(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_list_is_sorted_for_binary_search() {
        assert!(RESERVED.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn plain_names_stay_bare() {
        assert_eq!(quote_ident("conversations"), "conversations");
        assert_eq!(quote_ident("_tmp$1"), "_tmp$1");
    }

    #[test]
    fn names_that_would_change_meaning_are_quoted() {
        assert_eq!(quote_ident("Users"), "\"Users\"");
        assert_eq!(quote_ident("order"), "\"order\"");
        assert_eq!(quote_ident("user"), "\"user\"");
        assert_eq!(quote_ident("has space"), "\"has space\"");
        assert_eq!(quote_ident("a\"b"), "\"a\"\"b\"");
        assert_eq!(quote_ident("1st"), "\"1st\"");
        assert_eq!(quote_ident(""), "\"\"");
        assert_eq!(quote_ident("x; DROP TABLE y"), "\"x; DROP TABLE y\"");
        assert_eq!(quote_ident("café"), "\"café\"");
    }

    #[test]
    fn literals_double_their_quotes() {
        assert_eq!(quote_literal("it's"), "'it''s'");
        assert_eq!(quote_literal(r"C:\path"), r"'C:\path'");
    }

    #[test]
    fn qualified_names_quote_each_part() {
        let name = QualifiedName::new("My Schema", "t.1");
        assert_eq!(quote_qualified(&name), "\"My Schema\".\"t.1\"");
    }
}
