//! `identifier-needs-quoting`: a name that only works double-quoted.

use super::prelude::*;
use crate::catalog::UserTypeKind;
use crate::sql::ident::is_bare_identifier;

pub const RULE: Rule = Rule {
    name: "identifier-needs-quoting",
    group: Group::Structure,
    default: Severity::Warn,
    summary: "schema, table, column, function, type or sequence name that must be double-quoted",
    what: "Reports names of schemas, tables, views, columns, functions, types and free-standing \
           sequences that SQL only reads as written when they are double-quoted: names with upper-case \
           letters, spaces or other punctuation, names starting with a digit, and SQL keywords such as \
           user or order. Indexes and constraints, usually named by the server after their table, are \
           left out, as are a partition's columns (its parent's).",
    why: "Unquoted names fold to lower case, so a table created as \"Users\" is not found by SELECT * FROM \
          Users, and every query, tool and ORM must quote it, forever. Forgetting the quotes in one place \
          gives \"relation does not exist\" errors or, worse, finds another object with the lower-case \
          name.",
    fix: "Rename it to lower case with underscores: ALTER TABLE \"Users\" RENAME TO users (and the \
          same for columns, functions, …). No statement is suggested, since every query that names the \
          object must change with it; a view with the old name can bridge the transition.",
    check,
    samples: None,
};

fn check(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for schema in &cx.snapshot.schemas {
        if let Some(reason) = needs_quoting(schema) {
            out.push(Hit::new(Subject::schema(schema), format!("schema {schema:?} needs quoting: {reason}")));
        }
    }
    for relation in cx.relations() {
        if let Some(reason) = needs_quoting(&relation.name.name) {
            out.push(Hit::new(
                Subject::table(&relation.name),
                format!(
                    "{} {}.{:?} needs quoting: {reason}",
                    relation.kind.describe(),
                    relation.name.schema,
                    relation.name.name
                ),
            ));
        }
        // A partition repeats its parent's columns.
        if relation.partition_of.is_some() {
            continue;
        }
        for column in &relation.columns {
            if let Some(reason) = needs_quoting(&column.name) {
                out.push(Hit::new(
                    Subject::column(&relation.name, &column.name),
                    format!("column {}.{:?} needs quoting: {reason}", relation.name, column.name),
                ));
            }
        }
    }
    for function in cx.functions() {
        if let Some(reason) = needs_quoting(&function.name.name) {
            out.push(Hit::new(
                Subject::function(function),
                format!("function {}.{:?} needs quoting: {reason}", function.name.schema, function.name.name),
            ));
        }
    }
    for user_type in cx.snapshot.types.values().filter(|t| !t.from_extension && t.kind != UserTypeKind::Other)
    {
        if let Some(reason) = needs_quoting(&user_type.name.name) {
            out.push(Hit::new(
                Subject::user_type(&user_type.name),
                format!("type {}.{:?} needs quoting: {reason}", user_type.name.schema, user_type.name.name),
            ));
        }
    }
    // A column's own sequence is named after the table, which carries the finding.
    for sequence in cx.sequences().filter(|s| s.owned_by.is_none()) {
        if let Some(reason) = needs_quoting(&sequence.name.name) {
            out.push(Hit::new(
                Subject::sequence(sequence),
                format!("sequence {}.{:?} needs quoting: {reason}", sequence.name.schema, sequence.name.name),
            ));
        }
    }
}

/// Why a name must be quoted, or None when it reads back as itself unquoted.
/// Lower-case letters beyond ASCII are fine: the server folds only ASCII.
pub(super) fn needs_quoting(name: &str) -> Option<&'static str> {
    let first = name.chars().next()?;
    if name.chars().any(char::is_uppercase) {
        Some("upper-case letters")
    } else if name.chars().any(char::is_whitespace) {
        Some("spaces")
    } else if first.is_ascii_digit() || first == '$' {
        Some("it starts with a digit or $")
    } else if name.chars().any(|c| !(c.is_alphanumeric() || c == '_' || c == '$')) {
        Some("characters other than letters, digits, _ and $")
    } else if name.is_ascii() && !is_bare_identifier(name) {
        Some("an SQL keyword")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::needs_quoting;

    #[test]
    fn reasons() {
        assert_eq!(needs_quoting("Users"), Some("upper-case letters"));
        assert_eq!(needs_quoting("order items"), Some("spaces"));
        assert_eq!(needs_quoting("1st"), Some("it starts with a digit or $"));
        assert_eq!(needs_quoting("a-b"), Some("characters other than letters, digits, _ and $"));
        assert_eq!(needs_quoting("user"), Some("an SQL keyword"));
        assert_eq!(needs_quoting("order"), Some("an SQL keyword"));
        assert_eq!(needs_quoting("orders"), None);
        assert_eq!(needs_quoting("_tmp$1"), None);
        assert_eq!(needs_quoting("café"), None);
    }
}
