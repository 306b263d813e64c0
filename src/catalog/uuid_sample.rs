//! Looking at a text column's values to tell whether they are UUIDs, for the
//! `uuid-stored-as-text` lint rule: a bounded read, never a scan of a large
//! table.
//!
//! Each column is read through a subquery with a `LIMIT` of
//! [`UUID_SAMPLE_LIMIT`] non-null values. A table the planner estimates at
//! more than [`SAMPLE_ABOVE_ROWS`] rows is read through `TABLESAMPLE SYSTEM`
//! (random pages, about that many rows' worth, `REPEATABLE` so that two runs
//! agree), so that the values come from the whole table rather than from its
//! first pages, where the oldest rows live. A smaller table is read from the
//! start, which for most of them means every value: the answer then says it
//! was the whole column.
//!
//! A value counts as a UUID in its canonical text form only (8-4-4-4-12 hex
//! digits, either case): that is what an application writing `str(uuid4())`
//! stores, while the other spellings the `uuid` type accepts (no hyphens,
//! braces) also fit an MD5 digest, which is no UUID.
//!
//! Columns are asked [`COLUMNS_PER_STATEMENT`] at a time, one `UNION ALL`
//! branch each; when a statement is refused (a table the role may not read),
//! each column of it is asked alone so that each gets its own answer.

use std::collections::{BTreeMap, BTreeSet};

use super::answer::Refused;
use super::error::CatalogError;
use super::read::{CatalogReader, Fields};
use super::snapshot::{QualifiedName, Snapshot, UuidSample};
use crate::sql::ident::{quote_ident, quote_literal, quote_qualified};

/// Non-null values read per column, at most.
pub const UUID_SAMPLE_LIMIT: i64 = 10_000;

/// Tables estimated above this many rows are sampled by pages.
const SAMPLE_ABOVE_ROWS: f64 = 100_000.0;

/// Columns per statement: each branch is a small plan, and a refused
/// statement is retried column by column, so batches stay modest.
const COLUMNS_PER_STATEMENT: usize = 50;

/// The canonical text form of a UUID, matched case-insensitively.
const CANONICAL_UUID: &str = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

type Key = (QualifiedName, String);

impl CatalogReader<'_, '_> {
    /// The sample of each asked column; a column or table that does not exist
    /// gets an error, as does one the server refused to read.
    pub(super) fn uuid_samples(
        &mut self,
        snapshot: &Snapshot,
        asked: &BTreeSet<Key>,
    ) -> Result<BTreeMap<Key, Result<UuidSample, String>>, CatalogError> {
        let mut found = BTreeMap::new();
        let mut readable = Vec::new();
        for key in asked {
            match branch_source(snapshot, key) {
                Ok(source) => readable.push((key, source)),
                Err(message) => {
                    found.insert(key.clone(), Err(message));
                }
            }
        }
        for chunk in readable.chunks(COLUMNS_PER_STATEMENT) {
            self.uuid_chunk(chunk, &mut found)?;
        }
        Ok(found)
    }

    fn uuid_chunk(
        &mut self,
        chunk: &[(&Key, Source)],
        found: &mut BTreeMap<Key, Result<UuidSample, String>>,
    ) -> Result<(), CatalogError> {
        match self.attempt(&statement(chunk))? {
            Ok(rows) => {
                for row in &rows {
                    let r = Fields::new(row, "uuid samples");
                    let k: i32 = r.get("k")?;
                    let Some((key, source)) = usize::try_from(k).ok().and_then(|k| chunk.get(k)) else {
                        continue;
                    };
                    let read: i64 = r.get("read")?;
                    let sample = UuidSample {
                        read,
                        not_uuid: r.get("not_uuid")?,
                        whole_column: !source.sampled && read < UUID_SAMPLE_LIMIT,
                    };
                    found.insert((*key).clone(), Ok(sample));
                }
            }
            Err(Refused { message, cancelled }) => {
                // Cancelled by statement_timeout: asking again alone would only wait longer.
                if cancelled || chunk.len() == 1 {
                    for (key, _) in chunk {
                        found.insert((*key).clone(), Err(message.clone()));
                    }
                } else {
                    for one in chunk {
                        self.uuid_chunk(std::slice::from_ref(one), found)?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// One column's subquery, and whether it samples pages.
struct Source {
    sql: String,
    sampled: bool,
}

fn branch_source(snapshot: &Snapshot, (table, column): &Key) -> Result<Source, String> {
    let relation =
        snapshot.relations.get(table).ok_or_else(|| format!("relation \"{table}\" does not exist"))?;
    if relation.column(column).is_none() {
        return Err(format!("column \"{column}\" of relation \"{table}\" does not exist"));
    }
    let sampled = relation.estimated_rows > SAMPLE_ABOVE_ROWS;
    let sample = if sampled {
        // About SAMPLE_ABOVE_ROWS rows' worth of pages, whatever the table's size.
        let percent = (100.0 * SAMPLE_ABOVE_ROWS / relation.estimated_rows).clamp(0.0001, 100.0);
        format!(" TABLESAMPLE SYSTEM ({percent:.4}) REPEATABLE (0)")
    } else {
        String::new()
    };
    let column = quote_ident(column);
    let sql = format!(
        "SELECT ({column})::pg_catalog.text COLLATE \"C\" AS v FROM {}{sample} WHERE {column} IS NOT NULL LIMIT {UUID_SAMPLE_LIMIT}",
        quote_qualified(table)
    );
    Ok(Source { sql, sampled })
}

/// `SELECT k, read, not_uuid FROM (…) UNION ALL …`, one branch per column;
/// each piece of SQL on its own lines.
fn statement(chunk: &[(&Key, Source)]) -> String {
    let pattern = quote_literal(CANONICAL_UUID);
    chunk
        .iter()
        .enumerate()
        .map(|(k, (_, source))| {
            format!(
                "SELECT {k}::pg_catalog.int4 AS k, pg_catalog.count(*) AS read,\n\
                 \x20      pg_catalog.count(*) FILTER (WHERE s.v !~* {pattern}) AS not_uuid\n\
                 FROM ({}) AS s",
                source.sql
            )
        })
        .collect::<Vec<_>>()
        .join("\nUNION ALL\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pattern_needs_no_backslash() {
        // standard_conforming_strings off would read a backslash differently.
        assert!(!CANONICAL_UUID.contains('\\'));
    }

    #[test]
    fn one_branch_per_column_with_a_limit() {
        let a = (QualifiedName::new("public", "T"), "id".to_string());
        let b = (QualifiedName::new("public", "u"), "Key".to_string());
        let chunk = [
            (&a, Source { sql: "SELECT 1 AS v".into(), sampled: false }),
            (&b, Source { sql: "SELECT 2 AS v".into(), sampled: true }),
        ];
        let sql = statement(&chunk);
        assert_eq!(sql.matches("UNION ALL").count(), 1);
        assert!(sql.contains("SELECT 1::pg_catalog.int4 AS k"), "{sql}");
    }
}
