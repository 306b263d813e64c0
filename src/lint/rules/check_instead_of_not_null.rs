//! `check-instead-of-not-null`: `CHECK (col IS NOT NULL)` standing in for NOT NULL.

use super::prelude::*;
use crate::sql::names::parse_identifier_path;

pub const RULE: Rule = Rule {
    name: "check-instead-of-not-null",
    group: Group::Keys,
    default: Severity::Warn,
    summary: "validated CHECK (column IS NOT NULL) on a column that is not NOT NULL",
    what: "Reports validated check constraints whose whole expression is `column IS NOT NULL`, on a \
           column that accepts NULL as far as the catalog says.",
    why: "The check keeps NULLs out, but only the column's NOT NULL property tells the planner, tools \
          and readers of the schema that the column has none: \\d shows it as nullable, ORMs generate \
          optional fields, and the planner cannot use it to simplify queries. Such a check is usually \
          the first half of the safe way to add NOT NULL to a large table, left unfinished.",
    fix: "Finish it: ALTER TABLE … ALTER COLUMN … SET NOT NULL, then drop the check. Since PostgreSQL 12 \
          SET NOT NULL uses the validated check to skip scanning the table, so both statements, which \
          the finding carries, are quick.",
    check,
    samples: None,
};

fn check(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for table in cx.tables() {
        for constraint in table.constraints.iter().filter(|c| c.kind == ConstraintKind::Check && c.validated)
        {
            let Some(column) = constraint.expression.as_deref().and_then(not_null_column) else { continue };
            let Some(col) = table.column(&column) else { continue };
            if col.not_null {
                continue;
            }
            let target = quote_qualified(&table.name);
            out.push(
                Hit::new(
                    Subject::constraint(&table.name, &constraint.name),
                    format!(
                        "check constraint {}.{} keeps NULL out of {}, which is not declared NOT NULL",
                        table.name, constraint.name, column
                    ),
                )
                .fix(format!(
                    "ALTER TABLE {target} ALTER COLUMN {} SET NOT NULL;\nALTER TABLE {target} DROP CONSTRAINT {};",
                    quote_ident(&column),
                    quote_ident(&constraint.name)
                )),
            );
        }
    }
}

/// The column of `(column IS NOT NULL)` as `pg_get_expr` prints it.
fn not_null_column(expression: &str) -> Option<String> {
    let mut text = expression.trim();
    while let Some(inner) = crate::sql::unwrap_parens(text) {
        text = inner.trim();
    }
    let name = text.strip_suffix("IS NOT NULL")?.trim_end();
    match parse_identifier_path(name).ok()?.as_slice() {
        [column] => Some(column.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::not_null_column;

    #[test]
    fn the_column_of_a_not_null_check() {
        assert_eq!(not_null_column("(email IS NOT NULL)").as_deref(), Some("email"));
        assert_eq!(not_null_column("(\"E Mail\" IS NOT NULL)").as_deref(), Some("E Mail"));
        assert_eq!(not_null_column("((a IS NOT NULL) AND (b IS NOT NULL))"), None);
        assert_eq!(not_null_column("(lower(a) IS NOT NULL)"), None);
        assert_eq!(not_null_column("(a > 0)"), None);
    }
}
