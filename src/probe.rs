//! Behaviour probes: SQL with an expected result, the functional test of an
//! architecture (create a conversation, read its messages back).
//!
//! Each probe runs in its own transaction that is always rolled back, so a
//! probe may write freely and leaves nothing behind; one probe's failure does
//! not affect the next. Results are read as text (the simple query protocol),
//! which is how `expect:` values are written.

use crate::connect::error_text;
use crate::diff::{CheckKind, Finding, Status};
use crate::spec::{Expectation, ProbeSpec};
use postgres::{GenericClient, SimpleQueryMessage};

pub fn run(client: &mut impl GenericClient, database: &str, probes: &[ProbeSpec]) -> Vec<Finding> {
    probes.iter().map(|probe| run_one(client, database, probe)).collect()
}

fn run_one(client: &mut impl GenericClient, database: &str, probe: &ProbeSpec) -> Finding {
    let f = Finding::new(database, CheckKind::Probe, &probe.name, Status::Pass).at(probe.at);
    let expected = describe(&probe.expect);
    if let Some(statement) = transaction_control(&probe.sql) {
        return f
            .fail()
            .message(format!(
                "probe \"{}\" was not run: `{statement}` would end the transaction every probe is rolled back in; \
                 remove it (a probe's writes are undone anyway)",
                probe.name
            ))
            .expected(expected)
            .actual("not run");
    }
    let rows = match query(client, &probe.sql) {
        Ok(rows) => rows,
        Err(message) => {
            return f
                .fail()
                .message(format!("probe \"{}\" failed: {message}", probe.name))
                .expected(expected)
                .actual(message);
        }
    };
    let actual = describe_rows(&rows);
    if matches_expectation(&probe.expect, &rows) {
        f.message(format!("probe \"{}\" returned {actual}", probe.name)).expected(expected).actual(actual)
    } else {
        f.fail()
            .message(format!("probe \"{}\" returned {actual}, expected {expected}", probe.name))
            .expected(expected)
            .actual(actual)
    }
}

/// The first statement of `sql` that would end or split the probe's
/// transaction (COMMIT would make its writes permanent), if any. Statements
/// that cannot commit inside a transaction block (VACUUM, a procedure or DO
/// block that commits) are refused by the server itself.
fn transaction_control(sql: &str) -> Option<String> {
    const CONTROL: &[&str] =
        &["begin", "start", "commit", "end", "rollback", "abort", "savepoint", "release", "prepare"];
    let statements = crate::sql::lexer::split_statements(sql).ok()?;
    statements.iter().find_map(|statement| {
        let tokens = crate::sql::lexer::tokenize(statement.text).ok()?;
        let first = tokens.iter().find(|t| !t.is_trivia())?;
        let word = CONTROL.iter().find(|w| first.is_word(w))?;
        // `PREPARE name AS …` is a prepared statement; only PREPARE TRANSACTION ends one.
        let second = tokens.iter().filter(|t| !t.is_trivia()).nth(1);
        if *word == "prepare" && !second.is_some_and(|t| t.is_word("transaction")) {
            return None;
        }
        Some(statement.text.split_whitespace().take(2).collect::<Vec<_>>().join(" "))
    })
}

type Rows = Vec<Vec<Option<String>>>;

/// Runs the probe's SQL in a transaction that is rolled back whatever happens;
/// the rows of its last statement are its result.
fn query(client: &mut impl GenericClient, sql: &str) -> Result<Rows, String> {
    let mut tx = client.transaction().map_err(|e| error_text(&e))?;
    let messages = tx.simple_query(sql).map_err(|e| error_text(&e));
    let rollback = tx.rollback().map_err(|e| error_text(&e));
    let messages = messages?;
    rollback?;
    let mut current: Rows = Vec::new();
    let mut last: Rows = Vec::new();
    for message in messages {
        match message {
            SimpleQueryMessage::Row(row) => {
                current.push((0..row.len()).map(|i| row.get(i).map(str::to_string)).collect());
            }
            SimpleQueryMessage::CommandComplete(_) => last = std::mem::take(&mut current),
            _ => {}
        }
    }
    Ok(last)
}

fn matches_expectation(expect: &Expectation, rows: &Rows) -> bool {
    match expect {
        Expectation::Scalar(value) => rows.len() == 1 && rows[0].len() == 1 && same_cell(value, &rows[0][0]),
        Expectation::Rows(expected) => {
            expected.len() == rows.len()
                && expected
                    .iter()
                    .zip(rows)
                    .all(|(e, a)| e.len() == a.len() && e.iter().zip(a).all(|(x, y)| same_cell(x, y)))
        }
    }
}

/// YAML's `true` is PostgreSQL's `t`; everything else compares as written.
fn same_cell(expected: &Option<String>, actual: &Option<String>) -> bool {
    match (expected.as_deref(), actual.as_deref()) {
        (Some("true"), Some("t")) | (Some("false"), Some("f")) => true,
        (e, a) => e == a,
    }
}

fn cell(value: &Option<String>) -> String {
    value.clone().unwrap_or_else(|| "NULL".into())
}

fn describe(expect: &Expectation) -> String {
    match expect {
        Expectation::Scalar(v) => cell(v),
        Expectation::Rows(rows) => describe_rows(rows),
    }
}

fn describe_rows(rows: &Rows) -> String {
    match rows.as_slice() {
        [] => "no rows".into(),
        [row] if row.len() == 1 => cell(&row[0]),
        _ => {
            let shown: Vec<String> = rows
                .iter()
                .take(10)
                .map(|r| {
                    if r.len() == 1 {
                        cell(&r[0])
                    } else {
                        format!("({})", r.iter().map(cell).collect::<Vec<_>>().join(", "))
                    }
                })
                .collect();
            let more =
                if rows.len() > 10 { format!(", … {} rows in all", rows.len()) } else { String::new() };
            format!("[{}{more}]", shown.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Option<String> {
        Some(v.to_string())
    }

    #[test]
    fn scalar_expectations_compare_as_text() {
        assert!(matches_expectation(&Expectation::Scalar(s("2")), &vec![vec![s("2")]]));
        assert!(!matches_expectation(&Expectation::Scalar(s("2")), &vec![vec![s("2.0")]]));
        assert!(matches_expectation(&Expectation::Scalar(s("true")), &vec![vec![s("t")]]));
        assert!(matches_expectation(&Expectation::Scalar(None), &vec![vec![None]]));
        assert!(!matches_expectation(&Expectation::Scalar(s("2")), &vec![vec![s("2")], vec![s("2")]]));
        assert!(!matches_expectation(&Expectation::Scalar(s("2")), &vec![]));
    }

    #[test]
    fn transaction_control_is_found_outside_quotes_and_bodies() {
        assert_eq!(transaction_control("DROP TABLE t; COMMIT; SELECT 1").as_deref(), Some("COMMIT"));
        assert_eq!(transaction_control("rollback; insert into t values (1)").as_deref(), Some("rollback"));
        assert_eq!(transaction_control("/* x */ End").as_deref(), Some("End"));
        assert_eq!(transaction_control("PREPARE TRANSACTION 'x'").as_deref(), Some("PREPARE TRANSACTION"));
        assert_eq!(transaction_control("SELECT 'commit; begin'"), None);
        assert_eq!(transaction_control("DO $$ BEGIN PERFORM 1; END $$; SELECT 1"), None);
        assert_eq!(transaction_control("PREPARE q AS SELECT 1; EXECUTE q"), None);
        assert_eq!(transaction_control("SELECT 1 AS begin"), None);
    }

    #[test]
    fn row_expectations_compare_in_order() {
        let rows = vec![vec![s("user")], vec![s("assistant")]];
        assert!(matches_expectation(&Expectation::Rows(vec![vec![s("user")], vec![s("assistant")]]), &rows));
        assert!(!matches_expectation(&Expectation::Rows(vec![vec![s("assistant")], vec![s("user")]]), &rows));
        assert_eq!(describe_rows(&rows), "[user, assistant]");
    }
}
