//! Measuring the rows a constraint about to be added would reject, before
//! `fix` adds it: NULLs in a column made NOT NULL, rows a new CHECK rejects,
//! rows sharing a key a new unique constraint or index would make unique.
//!
//! One statement per question, answered under the answers' savepoint in the
//! READ ONLY catalog transaction (see `answer`): the number of violating rows,
//! counted up to one past [`ROW_COUNT_LIMIT`], and up to [`VIOLATION_SAMPLES`]
//! of them as row text (for duplicates: the shared key and how many rows
//! share it). A question the server refuses (an expression that does not
//! parse, a table the role may not read) gets the server's message.
//!
//! User text (a check expression, an index expression or predicate) sits on
//! lines of its own, so a trailing `--` comment cannot swallow what follows,
//! and only ever reaches the server through the extended protocol, which
//! refuses a second statement after a `;`.

use std::collections::{BTreeMap, BTreeSet};

use super::answer::{ROW_COUNT_LIMIT, Refused};
use super::error::CatalogError;
use super::read::{CatalogReader, Fields};
use super::snapshot::{QualifiedName, Snapshot};
use crate::sql::ident::{quote_ident, quote_qualified};

/// Violating rows (or shared keys) listed per question.
pub const VIOLATION_SAMPLES: usize = 5;

/// Characters of a sampled row kept.
const SAMPLE_CHARS: usize = 120;

/// Rows that would make adding a constraint fail.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Violation {
    /// Rows in which the column is NULL (before `SET NOT NULL`).
    Null { table: QualifiedName, column: String },
    /// Rows for which the expression is false (before `ADD CHECK`).
    Check { table: QualifiedName, expression: String },
    /// Rows sharing their key with another row (before a unique constraint or
    /// index). `keys`: SQL, a quoted column name or a parenthesised
    /// expression; `predicate`: a partial index's WHERE.
    Duplicate { table: QualifiedName, keys: Vec<String>, predicate: Option<String> },
}

impl Violation {
    pub fn table(&self) -> &QualifiedName {
        match self {
            Violation::Null { table, .. }
            | Violation::Check { table, .. }
            | Violation::Duplicate { table, .. } => table,
        }
    }

    /// The condition (over the table's columns) that selects the rows
    /// concerned: the violating ones, or, for duplicates, those in the index.
    pub fn condition(&self) -> String {
        match self {
            Violation::Null { column, .. } => format!("{} IS NULL", quote_ident(column)),
            Violation::Check { expression, .. } => format!("NOT {}", parenthesized(expression)),
            Violation::Duplicate { keys, predicate, .. } => {
                let mut parts: Vec<String> = keys.iter().map(|k| format!("{k} IS NOT NULL")).collect();
                if let Some(p) = predicate {
                    parts.push(parenthesized(p));
                }
                parts.join(" AND ")
            }
        }
    }

    /// The statement measuring it: `violating` (bounded) and `samples`.
    fn statement(&self) -> String {
        let table = quote_qualified(self.table());
        let condition = self.condition();
        let limit = ROW_COUNT_LIMIT + 1;
        match self {
            Violation::Null { .. } | Violation::Check { .. } => format!(
                "SELECT (SELECT pg_catalog.count(*) FROM (SELECT 1 FROM {table} WHERE {condition}\nLIMIT {limit}) AS s) AS violating,\n\
                 \x20      ARRAY(SELECT pg_catalog.left(ROW(s.*)::pg_catalog.text, {SAMPLE_CHARS})\n\
                 \x20            FROM (SELECT * FROM {table} WHERE {condition}\nLIMIT {VIOLATION_SAMPLES}) AS s) AS samples"
            ),
            Violation::Duplicate { keys, .. } => {
                let keys = keys.join(",\n");
                let groups = format!(
                    "SELECT ROW({keys}\n)::pg_catalog.text AS key, pg_catalog.count(*) AS n FROM {table}\n\
                     WHERE {condition}\nGROUP BY {keys}\nHAVING pg_catalog.count(*) > 1"
                );
                format!(
                    "SELECT (SELECT LEAST(COALESCE(pg_catalog.sum(d.n), 0), {limit})::bigint FROM ({groups}) AS d) AS violating,\n\
                     \x20      ARRAY(SELECT pg_catalog.left(d.key, {SAMPLE_CHARS}) || ' ×' || d.n FROM ({groups}) AS d\n\
                     \x20            ORDER BY d.n DESC, d.key COLLATE \"C\" LIMIT {VIOLATION_SAMPLES}) AS samples"
                )
            }
        }
    }
}

/// User text in parentheses: on lines of its own when it holds a newline or
/// `--`, so that a comment in it cannot swallow what follows; on one line
/// otherwise, where that cannot happen.
pub fn parenthesized(text: &str) -> String {
    if text.contains('\n') || text.contains("--") { format!("(\n{text}\n)") } else { format!("({text})") }
}

/// What a [`Violation`] question found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViolationCount {
    /// Rows that violate it (for duplicates: every row sharing its key with
    /// another), counted up to one past `ROW_COUNT_LIMIT`.
    pub rows: i64,
    /// Up to five of them: row text, or for duplicates `(key) ×n`.
    pub samples: Vec<String>,
}

impl CatalogReader<'_, '_> {
    /// Each asked violation measured in one statement; a table or column that
    /// does not exist, or a statement the server refused, gets a message.
    pub(super) fn violations(
        &mut self,
        snapshot: &Snapshot,
        asked: &BTreeSet<Violation>,
    ) -> Result<BTreeMap<Violation, Result<ViolationCount, String>>, CatalogError> {
        let mut found = BTreeMap::new();
        for violation in asked {
            let answer = match missing(snapshot, violation) {
                Some(message) => Err(message),
                None => match self.attempt(&violation.statement())? {
                    Ok(rows) => match rows.first() {
                        Some(row) => {
                            let r = Fields::new(row, "violations");
                            Ok(ViolationCount { rows: r.get("violating")?, samples: r.get("samples")? })
                        }
                        None => Err("the measurement returned no row".to_string()),
                    },
                    Err(Refused { message, .. }) => Err(message),
                },
            };
            found.insert(violation.clone(), answer);
        }
        Ok(found)
    }
}

fn missing(snapshot: &Snapshot, violation: &Violation) -> Option<String> {
    let table = violation.table();
    let Some(relation) = snapshot.relations.get(table) else {
        return Some(format!("relation \"{table}\" does not exist"));
    };
    match violation {
        Violation::Null { column, .. } if relation.column(column).is_none() => {
            Some(format!("column \"{column}\" of relation \"{table}\" does not exist"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_sits_on_its_own_lines() {
        let v = Violation::Check {
            table: QualifiedName::new("public", "Order"),
            expression: "qty > 0 -- positive".into(),
        };
        let sql = v.statement();
        assert!(sql.contains("FROM public.\"Order\" WHERE NOT (\nqty > 0 -- positive\n)\nLIMIT"), "{sql}");
        let plain =
            Violation::Check { table: QualifiedName::new("public", "t"), expression: "qty > 0".into() };
        assert_eq!(plain.condition(), "NOT (qty > 0)");
    }

    #[test]
    fn duplicates_group_by_their_keys_and_skip_nulls() {
        let v = Violation::Duplicate {
            table: QualifiedName::new("public", "t"),
            keys: vec!["sku".into(), "(lower(name))".into()],
            predicate: Some("active -- only these".into()),
        };
        assert_eq!(
            v.condition(),
            "sku IS NOT NULL AND (lower(name)) IS NOT NULL AND (\nactive -- only these\n)"
        );
        assert!(v.statement().contains("GROUP BY sku,\n(lower(name))\nHAVING"), "{}", v.statement());
    }
}
