//! Questions the spec asks the server beyond the catalog itself: the canonical
//! form of expressions (so that `diff` compares what the server means, not how
//! someone spelled it) and whether tables or columns hold data.
//!
//! Questions are asked in batches, a few statements in all whatever the size of
//! the database: `SAVEPOINT`; one `EXPLAIN` for every default (per 1000); one
//! `EXPLAIN` per table for table expressions; one per query; one
//! `SELECT ARRAY[(SELECT count(*) FROM (… LIMIT n)), …]` for every "how many rows
//! does this table hold" and one for every "how many rows hold a value in this
//! column" (per 500, each count bounded); one per type conversion to measure
//! (see `conversion`: these are few, and each reads its whole column);
//! one per 50 text columns whose values are sampled for UUIDs (see
//! `uuid_sample`: each reads a bounded number of rows); one per constraint
//! about to be added whose violating rows are counted (see `violation`: asked
//! only for failing expectations, after a first round); `RELEASE`. Nothing is
//! sent when there are no questions. Answering runs under that savepoint:
//! when a batch fails (an expression that does not parse, a function that does
//! not exist, a table the role may not read), the transaction is rolled back to
//! it and each question of that batch is asked alone, so that each gets its own
//! answer or its own server message, and the read-only transaction survives.
//! User text only ever reaches the server through the extended protocol, which
//! refuses a second statement after a `;`.

use std::collections::{BTreeMap, BTreeSet};

use super::conversion;
use super::error::CatalogError;
use super::read::{CatalogReader, Fields, JsonText};
use super::snapshot::{Answers, CanonicalQuestion, Conversion, ConversionCount, QualifiedName, Snapshot};
use super::violation::Violation;
use crate::connect::error_text;
use crate::sql::ident::{quote_ident, quote_literal, quote_qualified};

/// What the spec asks the server about, beyond the catalog itself (filled from
/// the spec, and from the snapshot for the catalog's side of a comparison).
#[derive(Debug, Default, Clone)]
pub struct Questions {
    /// Expressions to put in canonical form; each gets an entry in
    /// [`Answers::canonical`], `Ok(form)` or `Err(server message)`.
    pub canonical: BTreeSet<CanonicalQuestion>,
    /// Does the table hold at least one row (its partitions and inheritance
    /// children included)?
    pub tables_with_rows: BTreeSet<QualifiedName>,
    /// Does the column hold at least one non-null value?
    pub columns_with_values: BTreeSet<(QualifiedName, String)>,
    /// How many of a column's values would not convert to another type, and
    /// which; each gets an entry in [`Answers::conversions`].
    pub conversions: BTreeSet<Conversion>,
    /// Are a text column's values UUIDs (a bounded sample, see `uuid_sample`)?
    /// Each gets an entry in [`Answers::uuid_samples`].
    pub uuid_samples: BTreeSet<(QualifiedName, String)>,
    /// How many rows would keep a constraint from being added, and which
    /// (see `violation`); each gets an entry in [`Answers::violations`].
    pub violations: BTreeSet<Violation>,
    /// Where does the sequence stand? A [`Detail::Lean`] read leaves
    /// `Sequence::last_value` out (opening every sequence is most of the
    /// sequences query's cost); the sequences the spec names, or that a strict
    /// schema would drop, are asked here, and [`Snapshot::set_answers`]
    /// puts the answers where a full read would have.
    ///
    /// [`Detail::Lean`]: super::snapshot::Detail::Lean
    pub sequence_positions: BTreeSet<QualifiedName>,
}

impl Questions {
    pub fn is_empty(&self) -> bool {
        self.canonical.is_empty()
            && self.tables_with_rows.is_empty()
            && self.columns_with_values.is_empty()
            && self.conversions.is_empty()
            && self.uuid_samples.is_empty()
            && self.violations.is_empty()
            && self.sequence_positions.is_empty()
    }
}

/// Asks the server `questions` about the database `snapshot` describes (read
/// earlier in the same transaction), in the few statements described above.
/// Fails only when the connection fails; a refused question gets the server's
/// message as its answer.
pub fn answer(
    tx: &mut postgres::Transaction<'_>,
    questions: &Questions,
    snapshot: &Snapshot,
) -> Result<Answers, CatalogError> {
    CatalogReader::new(tx).answer(snapshot, questions)
}

const SAVEPOINT: &str = "SAVEPOINT pgconform_answers";
const ROLLBACK: &str = "ROLLBACK TO SAVEPOINT pgconform_answers";
const RELEASE: &str = "RELEASE SAVEPOINT pgconform_answers";
const EXPLAIN: &str = "EXPLAIN (VERBOSE, COSTS OFF, FORMAT JSON)";

/// Expressions per `EXPLAIN SELECT`: a target list holds at most 1664 entries.
const EXPRESSIONS_PER_STATEMENT: usize = 1000;

/// Bounded row-count subqueries per statement. Planning cost grows faster than linearly
/// with their number (PostgreSQL 15: 500 plan in 0.04 s, 4000 in 1.5 s), and a
/// `UNION ALL` chain of them is worse still (4000 branches: 22 s; 20,000 exceed
/// the parser's stack depth), hence one flat `ARRAY[…]` per few hundred.
const EXISTS_PER_STATEMENT: usize = 500;

/// Rows are counted exactly up to this many; beyond it the answer is "more".
pub const ROW_COUNT_LIMIT: i64 = 10_000;

/// SQLSTATE 57014: the statement was cancelled (statement_timeout). Asking the
/// same thing again, one question at a time, would only wait longer.
const QUERY_CANCELED: &str = "57014";

/// A statement the server refused, with its message; `cancelled` when it was
/// cancelled by statement_timeout.
pub(super) struct Refused {
    pub(super) message: String,
    pub(super) cancelled: bool,
}

impl CatalogReader<'_, '_> {
    /// Asks the server `questions` about the database `snapshot` describes.
    /// Fails only when the connection fails; a question the server refuses gets
    /// its message as the answer.
    pub fn answer(&mut self, snapshot: &Snapshot, questions: &Questions) -> Result<Answers, CatalogError> {
        let mut answers = Answers::default();
        if questions.is_empty() {
            return Ok(answers);
        }
        self.send(SAVEPOINT).map_err(|e| CatalogError::query("answers (savepoint)", &e))?;

        let defaults: Vec<&CanonicalQuestion> =
            questions.canonical.iter().filter(|q| matches!(q, CanonicalQuestion::Default { .. })).collect();
        self.canonical_batch(&defaults, None, &mut answers)?;

        let mut by_table: BTreeMap<&QualifiedName, Vec<&CanonicalQuestion>> = BTreeMap::new();
        for question in &questions.canonical {
            if let CanonicalQuestion::TableExpression { table, .. } = question {
                by_table.entry(table).or_default().push(question);
            }
        }
        for (table, asked) in by_table {
            if snapshot.relations.contains_key(table) {
                self.canonical_batch(&asked, Some(table), &mut answers)?;
            } else {
                for question in asked {
                    let message = format!("relation \"{table}\" does not exist");
                    answers.canonical.insert(question.clone(), Err(message));
                }
            }
        }

        for question in &questions.canonical {
            if let CanonicalQuestion::Query { sql, schema } = question {
                let answer = self.query_plan(sql, schema.as_deref())?;
                answers.canonical.insert(question.clone(), answer);
            }
        }

        let tables: Vec<(String, &QualifiedName)> = questions
            .tables_with_rows
            .iter()
            .filter(|table| snapshot.relations.contains_key(*table))
            .map(|table| (format!("SELECT 1 FROM {}", quote_qualified(table)), table))
            .collect();
        answers.table_rows = self.count_batch(&tables)?;

        let columns: Vec<(String, &(QualifiedName, String))> = questions
            .columns_with_values
            .iter()
            .filter(|key| {
                snapshot.relations.get(&key.0).is_some_and(|relation| relation.column(&key.1).is_some())
            })
            .map(|key| {
                let sql = format!(
                    "SELECT 1 FROM {} WHERE {} IS NOT NULL",
                    quote_qualified(&key.0),
                    quote_ident(&key.1)
                );
                (sql, key)
            })
            .collect();
        answers.column_values = self.count_batch(&columns)?;

        for asked in &questions.conversions {
            let answer = self.conversion(snapshot, asked)?;
            answers.conversions.insert(asked.clone(), answer);
        }

        answers.uuid_samples = self.uuid_samples(snapshot, &questions.uuid_samples)?;

        answers.violations = self.violations(snapshot, &questions.violations)?;

        answers.sequence_positions = self.sequence_positions(snapshot, &questions.sequence_positions)?;

        self.send(RELEASE).map_err(|e| CatalogError::query("answers (savepoint)", &e))?;
        Ok(answers)
    }

    /// Measures one conversion in one statement (none when the column does not
    /// exist or the target cannot be measured on this server).
    fn conversion(
        &mut self,
        snapshot: &Snapshot,
        asked: &Conversion,
    ) -> Result<Result<ConversionCount, String>, CatalogError> {
        let Some(relation) = snapshot.relations.get(&asked.table) else {
            return Ok(Err(format!("relation \"{}\" does not exist", asked.table)));
        };
        let Some(column) = relation.column(&asked.column) else {
            return Ok(Err(format!(
                "column \"{}\" of relation \"{}\" does not exist",
                asked.column, asked.table
            )));
        };
        let invalid = match conversion::invalid_condition(
            &column.type_display,
            &asked.target_type,
            snapshot.server_version_num,
        ) {
            Ok(condition) => condition,
            Err(message) => return Ok(Err(message)),
        };
        let statement = conversion::statement(&asked.table, &asked.column, &invalid);
        Ok(match self.attempt(&statement)? {
            Ok(rows) => match rows.first() {
                Some(row) => {
                    let r = Fields::new(row, "conversions");
                    Ok(ConversionCount {
                        non_null: r.get("non_null")?,
                        invalid: r.get("invalid")?,
                        samples: r.get("samples")?,
                    })
                }
                None => Err("the measurement returned no row".to_string()),
            },
            Err(Refused { message, .. }) => Err(message),
        })
    }

    /// Runs one statement under the answers' savepoint. `Ok(Err(..))` when the
    /// server refused it (the transaction is rolled back to the savepoint and
    /// usable again); `Err` when the connection failed.
    pub(super) fn attempt(&mut self, sql: &str) -> Result<Result<Vec<postgres::Row>, Refused>, CatalogError> {
        match self.send(sql) {
            Ok(rows) => Ok(Ok(rows)),
            Err(error) if error.as_db_error().is_some() => {
                let cancelled = error.code().is_some_and(|c| c.code() == QUERY_CANCELED);
                self.send(ROLLBACK).map_err(|e| CatalogError::query("answers (savepoint)", &e))?;
                Ok(Err(Refused { message: error_text(&error), cancelled }))
            }
            Err(error) => Err(CatalogError::query("answers", &error)),
        }
    }

    /// The plan of `sql`, read with `schema` first on the search path when
    /// given (set for this transaction only, and put back after).
    fn query_plan(
        &mut self,
        sql: &str,
        schema: Option<&str>,
    ) -> Result<Result<String, String>, CatalogError> {
        let set_path = |path: &str| {
            format!("SELECT pg_catalog.set_config('search_path', {}, true)", quote_literal(path))
        };
        let mut saved = None;
        if let Some(schema) = schema {
            let rows = self
                .send("SELECT pg_catalog.current_setting('search_path')")
                .map_err(|e| CatalogError::query("answers (search_path)", &e))?;
            saved = rows.first().map(|r| r.get::<_, String>(0));
            self.send(&set_path(&format!("{}, public", quote_ident(schema))))
                .map_err(|e| CatalogError::query("answers (search_path)", &e))?;
        }
        let statement = format!("{EXPLAIN}\n{}", statement_body(sql));
        let answer = match self.attempt(&statement)? {
            Ok(rows) => plan_json(&rows),
            Err(Refused { message, .. }) => Err(message),
        };
        // A refused statement rolled back to the savepoint, which undid the
        // setting already; restoring it is harmless then.
        if let Some(saved) = saved {
            self.send(&set_path(&saved)).map_err(|e| CatalogError::query("answers (search_path)", &e))?;
        }
        Ok(answer)
    }

    /// Canonical forms of `asked` (all defaults, or all expressions over `table`)
    /// in one `EXPLAIN` per [`EXPRESSIONS_PER_STATEMENT`], falling back to one
    /// `EXPLAIN` per question for a batch that fails.
    fn canonical_batch(
        &mut self,
        asked: &[&CanonicalQuestion],
        table: Option<&QualifiedName>,
        answers: &mut Answers,
    ) -> Result<(), CatalogError> {
        for chunk in asked.chunks(EXPRESSIONS_PER_STATEMENT) {
            self.canonical_chunk(chunk, table, answers)?;
        }
        Ok(())
    }

    fn canonical_chunk(
        &mut self,
        asked: &[&CanonicalQuestion],
        table: Option<&QualifiedName>,
        answers: &mut Answers,
    ) -> Result<(), CatalogError> {
        let statement = explain_select(asked, table);
        match self.attempt(&statement)? {
            Ok(rows) => {
                // Err: e.g. an expression with a top-level comma, so that the
                // outputs no longer line up with the questions. Ask each alone.
                if let Ok(outputs) = plan_outputs(&rows, asked.len()) {
                    for (question, output) in asked.iter().zip(outputs) {
                        answers.canonical.insert((*question).clone(), Ok(output));
                    }
                    return Ok(());
                }
            }
            Err(Refused { message, cancelled }) => {
                if cancelled {
                    for question in asked {
                        answers.canonical.insert((*question).clone(), Err(message.clone()));
                    }
                    return Ok(());
                }
            }
        }
        for question in asked {
            let statement = explain_select(&[question], table);
            let answer = match self.attempt(&statement)? {
                Ok(rows) => plan_outputs(&rows, 1).map(|mut outputs| outputs.remove(0)),
                Err(Refused { message, .. }) => Err(message),
            };
            answers.canonical.insert((*question).clone(), answer);
        }
        Ok(())
    }

    /// The rows of `<subquery>` for each entry, counted up to one past
    /// [`ROW_COUNT_LIMIT`] (so the cost is bounded whatever the table's size),
    /// as one `SELECT ARRAY[(SELECT count(*) FROM (… LIMIT n) AS s), …]` per
    /// [`EXISTS_PER_STATEMENT`], or one statement each for a batch that fails;
    /// refused entries are left out of the map.
    /// The last value of each sequence asked about that exists, in one
    /// statement; NULL (None) when it never handed out a value or the role
    /// may not read it. A refused statement leaves them all unanswered.
    fn sequence_positions(
        &mut self,
        snapshot: &Snapshot,
        asked: &BTreeSet<QualifiedName>,
    ) -> Result<BTreeMap<QualifiedName, Option<i64>>, CatalogError> {
        let names: Vec<String> = asked
            .iter()
            .filter(|name| snapshot.sequences.contains_key(*name))
            .map(|name| format!("({}, {})", quote_literal(&name.schema), quote_literal(&name.name)))
            .collect();
        let mut found = BTreeMap::new();
        if names.is_empty() {
            return Ok(found);
        }
        let statement = format!(
            "SELECT n.nspname::pg_catalog.text AS schema, c.relname::pg_catalog.text AS name,\n\
             \x20      CASE WHEN pg_catalog.has_sequence_privilege(c.oid, 'SELECT,USAGE')\n\
             \x20           THEN pg_catalog.pg_sequence_last_value(c.oid) END AS last_value\n\
             FROM pg_catalog.pg_class AS c\n\
             JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace\n\
             WHERE c.relkind = 'S' AND (n.nspname::pg_catalog.text, c.relname::pg_catalog.text) IN (VALUES {})",
            names.join(", ")
        );
        if let Ok(rows) = self.attempt(&statement)? {
            for row in &rows {
                let r = Fields::new(row, "sequence positions");
                found.insert(
                    QualifiedName::new(r.get::<String>("schema")?, r.get::<String>("name")?),
                    r.get("last_value")?,
                );
            }
        }
        Ok(found)
    }

    fn count_batch<K: Ord + Clone>(
        &mut self,
        asked: &[(String, &K)],
    ) -> Result<BTreeMap<K, i64>, CatalogError> {
        let mut found = BTreeMap::new();
        for chunk in asked.chunks(EXISTS_PER_STATEMENT) {
            self.count_chunk(chunk, &mut found)?;
        }
        Ok(found)
    }

    fn count_chunk<K: Ord + Clone>(
        &mut self,
        asked: &[(String, &K)],
        found: &mut BTreeMap<K, i64>,
    ) -> Result<(), CatalogError> {
        let bounded = |subquery: &str| {
            format!("(SELECT count(*) FROM ({subquery} LIMIT {}) AS s)", ROW_COUNT_LIMIT + 1)
        };
        let items: Vec<String> = asked.iter().map(|(subquery, _)| bounded(subquery)).collect();
        let statement = format!("SELECT ARRAY[\n{}\n] AS found", items.join(",\n"));
        match self.attempt(&statement)? {
            Ok(rows) => {
                if let Some(row) = rows.first() {
                    let values: Vec<i64> = Fields::new(row, "answers").get("found")?;
                    for ((_, key), value) in asked.iter().zip(values) {
                        found.insert((*key).clone(), value);
                    }
                }
                return Ok(());
            }
            Err(Refused { cancelled: true, .. }) => return Ok(()),
            Err(Refused { .. }) => {}
        }
        for (subquery, key) in asked {
            if let Ok(rows) = self.attempt(&format!("SELECT {} AS found", bounded(subquery)))?
                && let Some(row) = rows.first()
            {
                found.insert((*key).clone(), Fields::new(row, "answers").get::<i64>("found")?);
            }
        }
        Ok(())
    }
}

/// `EXPLAIN … SELECT (<e1>)::<t1>, …` for defaults, or `EXPLAIN … SELECT (<e1>),
/// … FROM ONLY <table>` for table expressions. Each piece of user text sits on
/// its own lines, so a trailing `--` comment cannot swallow what follows.
///
/// `FROM ONLY`: without it, a table with partitions or inheritance children
/// plans as an Append whose own node shows no Output, and the column references
/// in the children's outputs get per-child aliases. ONLY keeps one scan (or a
/// Result) whose Output lists the expressions; on a view it is ignored.
fn explain_select(asked: &[&CanonicalQuestion], table: Option<&QualifiedName>) -> String {
    let items: Vec<String> = asked
        .iter()
        .map(|question| match question {
            CanonicalQuestion::Default { expression, type_sql } => {
                format!("(\n{expression}\n)::{type_sql}\n")
            }
            CanonicalQuestion::TableExpression { expression, .. } => format!("(\n{expression}\n)\n"),
            CanonicalQuestion::Query { sql, .. } => format!("(\n{sql}\n)\n"),
        })
        .collect();
    let mut statement = format!("{EXPLAIN}\nSELECT {}", items.join(", "));
    if let Some(table) = table {
        statement.push_str(&format!("FROM ONLY {}", quote_qualified(table)));
    }
    statement
}

/// The user's statement without trailing whitespace and semicolons.
fn statement_body(sql: &str) -> &str {
    sql.trim().trim_end_matches(|c: char| c == ';' || c.is_whitespace())
}

/// The parsed plan tree of an `EXPLAIN (FORMAT JSON)` result: `[{"Plan": …}]`.
fn plan(rows: &[postgres::Row]) -> Result<serde_json::Value, String> {
    let row = rows.first().ok_or("EXPLAIN returned no row")?;
    let JsonText(text) = row.try_get(0).map_err(|e| error_text(&e))?;
    let mut value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("EXPLAIN returned unreadable JSON: {e}"))?;
    value
        .get_mut(0)
        .and_then(|entry| entry.get_mut("Plan"))
        .map(serde_json::Value::take)
        .ok_or_else(|| "EXPLAIN returned no plan".to_string())
}

/// The plan as compact JSON (keys sorted, so equal plans give equal text).
fn plan_json(rows: &[postgres::Row]) -> Result<String, String> {
    plan(rows).map(|plan| plan.to_string())
}

/// The `expected` entries of the top plan node's Output (or, failing that, of
/// the first node in the tree with that many), as the server prints them.
fn plan_outputs(rows: &[postgres::Row], expected: usize) -> Result<Vec<String>, String> {
    let plan = plan(rows)?;
    find_outputs(&plan, expected).ok_or_else(|| {
        if expected == 1 {
            "the expression is not a single value".to_string()
        } else {
            format!("the plan does not show the {expected} expressions asked")
        }
    })
}

fn find_outputs(node: &serde_json::Value, expected: usize) -> Option<Vec<String>> {
    if let Some(output) = node.get("Output").and_then(|o| o.as_array())
        && output.len() == expected
    {
        return output.iter().map(|v| v.as_str().map(str::to_string)).collect();
    }
    node.get("Plans")?.as_array()?.iter().find_map(|child| find_outputs(child, expected))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statement_body_drops_trailing_semicolons() {
        assert_eq!(statement_body("  SELECT 1 ;\n ;  "), "SELECT 1");
        assert_eq!(statement_body("SELECT ';'"), "SELECT ';'");
    }

    #[test]
    fn defaults_are_asked_in_one_select() {
        let a = CanonicalQuestion::Default { expression: "'x'".into(), type_sql: "varchar".into() };
        let b =
            CanonicalQuestion::Default { expression: "now() -- c".into(), type_sql: "timestamptz".into() };
        let sql = explain_select(&[&a, &b], None);
        assert_eq!(
            sql,
            "EXPLAIN (VERBOSE, COSTS OFF, FORMAT JSON)\nSELECT (\n'x'\n)::varchar\n, (\nnow() -- c\n)::timestamptz\n"
        );
    }

    #[test]
    fn table_expressions_read_from_only_the_table() {
        let table = QualifiedName::new("public", "Order");
        let q = CanonicalQuestion::TableExpression { table: table.clone(), expression: "id > 0".into() };
        assert!(explain_select(&[&q], Some(&table)).ends_with("FROM ONLY public.\"Order\""));
    }

    #[test]
    fn outputs_are_found_below_the_top_node() {
        let plan: serde_json::Value = serde_json::json!({
            "Node Type": "Limit",
            "Plans": [{"Node Type": "Seq Scan", "Output": ["a", "(b > 0)"]}]
        });
        assert_eq!(find_outputs(&plan, 2), Some(vec!["a".to_string(), "(b > 0)".to_string()]));
        assert_eq!(find_outputs(&plan, 3), None);
    }
}
