//! Comparing the spec with a catalog snapshot: pure, no database access.
//!
//! [`questions`] lists what the server must be asked beyond the catalog
//! (canonical forms of expressions written differently, whether objects that
//! must be gone still hold data); [`diff`] then turns spec × snapshot into
//! findings, one per expectation, in spec order.

mod absent;
pub(crate) mod access;
mod comments;
mod event_triggers;
pub mod finding;
mod function_settings;
mod partition_bound;
pub mod preconditions;
mod repairs;
mod routines;
pub mod sequences;
pub(crate) mod structure;
mod tables;
mod trigger_clauses;
mod types;
pub mod unmodelled;
pub(crate) mod view_options;

pub use comments::kept_function_comment;
pub use finding::*;
pub use routines::{find_function, same_result};

use crate::catalog::{CanonicalQuestion, Questions, Snapshot};
use crate::spec::DatabaseSpec;

/// Findings for every expectation of `db` against `snapshot` (probes excluded:
/// they run against the server, see `probe`).
pub fn diff(db: &DatabaseSpec, snapshot: &Snapshot) -> Vec<Finding> {
    let mut out = Vec::new();
    let cx = Context { db: db.name.as_str().into(), snapshot };
    for ext in &db.extensions {
        out.push(tables::extension(&cx, ext));
    }
    // Every schema's types at once, each after the types it is built on.
    types::types(&cx, db, &mut out);
    for schema in &db.schemas {
        out.push(tables::schema_exists(&cx, schema));
        for table in &schema.tables {
            tables::table(&cx, table, &mut out);
            access::table(&cx, table, &mut out);
        }
        for function in &schema.functions {
            out.extend(routines::function(&cx, function));
            function_settings::settings(&cx, function, &mut out);
            access::function(&cx, function, &mut out);
        }
        for view in &schema.views {
            out.extend(routines::view(&cx, view));
            view_options::view(&cx, view, &mut out);
            access::view(&cx, view, &mut out);
        }
        sequences::sequences(&cx, schema, &mut out);
        comments::comments(&cx, schema, &mut out);
        absent::absent(&cx, schema, &mut out);
        absent::strict(&cx, schema, &mut out);
        types::absent(&cx, schema, &mut out);
        types::strict(&cx, schema, &mut out);
        sequences::strict(&cx, schema, &mut out);
        unmodelled::report(&cx, schema, &mut out);
    }
    event_triggers::event_triggers(&cx, db, &mut out);
    make_ids_unique(&mut out);
    preconditions::annotate(&mut out, snapshot);
    out
}

/// Two expectations about the same object (say, the same foreign key written
/// twice with different actions, or two probes of one name) get `#2`, `#3`…
/// so that ids stay unique.
pub fn make_ids_unique(findings: &mut [Finding]) {
    // Counted over borrowed ids first: copying each of 200,000 ids into the
    // map cost more than the rest of this.
    let mut seen = std::collections::HashMap::<&str, usize>::with_capacity(findings.len());
    let mut repeated = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        let n = seen.entry(f.id.as_str()).or_insert(0);
        *n += 1;
        if *n > 1 {
            repeated.push((i, *n));
        }
    }
    drop(seen);
    for (i, n) in repeated {
        let f = &mut findings[i];
        f.id = format!("{}#{n}", f.id);
    }
}

/// What `diff` will need the server to answer for this spec and snapshot.
pub fn questions(db: &DatabaseSpec, snapshot: &Snapshot) -> Questions {
    let mut q = Questions::default();
    types::questions(db, snapshot, &mut q);
    for schema in &db.schemas {
        for table in &schema.tables {
            tables::questions(table, snapshot, &mut q);
            access::questions(table, snapshot, &mut q);
            structure::questions(table, snapshot, &mut q);
        }
        for view in &schema.views {
            routines::view_questions(view, snapshot, &mut q);
        }
        absent::questions(schema, snapshot, &mut q);
        sequences::questions(schema, snapshot, &mut q);
    }
    q
}

pub(crate) struct Context<'a> {
    pub db: std::sync::Arc<str>,
    pub snapshot: &'a Snapshot,
}

impl Context<'_> {
    pub fn finding(&self, kind: CheckKind, object: impl Into<String>, status: Status) -> Finding {
        Finding::new(self.db.clone(), kind, object, status)
    }

    /// Whether two expressions mean the same to the server. Texts equal after
    /// lexical canonicalisation are the same without asking; otherwise the
    /// server's canonical forms decide. `Err` carries the server's complaint
    /// about the spec's expression.
    pub fn same_expression(
        &self,
        spec: CanonicalQuestion,
        actual: CanonicalQuestion,
    ) -> Result<bool, String> {
        if lexically_equal(question_text(&spec), question_text(&actual)) {
            return Ok(true);
        }
        let answers = &self.snapshot.answers.canonical;
        match (answers.get(&spec), answers.get(&actual)) {
            (Some(Ok(a)), Some(Ok(b))) => Ok(a == b || same_clock(a) == same_clock(b)),
            (Some(Err(e)), _) => Err(format!("the server could not read the spec's expression: {e}")),
            (_, Some(Err(e))) => Err(format!("the server could not read the database's expression: {e}")),
            _ => Err("the server was not asked about this expression".into()),
        }
    }
}

/// Whether the server refused to read an expression because the role may not
/// (SQLSTATE 42501): then nothing is known about it, which is not a failure.
pub(crate) fn refused_for_privilege(reason: &str) -> bool {
    reason.contains("SQLSTATE 42501")
}

/// The server keeps `CURRENT_TIMESTAMP` and `now()` apart in its canonical
/// form, yet both are the transaction's start time: a spec that writes one for
/// the other is not wrong. Only the bare spellings are equated
/// (`CURRENT_TIMESTAMP(3)` rounds, so it stays itself).
fn same_clock(canonical: &str) -> String {
    let mut out = String::with_capacity(canonical.len());
    let mut rest = canonical;
    while let Some(i) = rest.find("CURRENT_TIMESTAMP") {
        let after = &rest[i + "CURRENT_TIMESTAMP".len()..];
        let whole_word = !rest[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_')
            && !after.starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '(');
        out.push_str(&rest[..i]);
        out.push_str(if whole_word { "now()" } else { "CURRENT_TIMESTAMP" });
        rest = after;
    }
    out.push_str(rest);
    out.replace("transaction_timestamp()", "now()")
}

/// Asks for the server's canonical form of both sides when their text differs.
pub(crate) fn ask_pair(q: &mut Questions, spec: CanonicalQuestion, actual: CanonicalQuestion) {
    if !lexically_equal(question_text(&spec), question_text(&actual)) {
        q.canonical.insert(spec);
        q.canonical.insert(actual);
    }
}

fn question_text(q: &CanonicalQuestion) -> &str {
    match q {
        CanonicalQuestion::Default { expression, .. } => expression,
        CanonicalQuestion::TableExpression { expression, .. } => expression,
        CanonicalQuestion::Query { sql, .. } => sql,
    }
}

/// Equal once comments, spacing, keyword case and redundant quotes are set aside.
pub(crate) fn lexically_equal(a: &str, b: &str) -> bool {
    match (crate::sql::lexer::canonical_text(a), crate::sql::lexer::canonical_text(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a.trim() == b.trim(),
    }
}

#[cfg(test)]
mod tests {
    use super::same_clock;

    #[test]
    fn transaction_clock_spellings_are_one() {
        assert_eq!(same_clock("CURRENT_TIMESTAMP"), "now()");
        assert_eq!(same_clock("(CURRENT_TIMESTAMP + '1 day'::interval)"), "(now() + '1 day'::interval)");
        assert_eq!(same_clock("transaction_timestamp()"), "now()");
        assert_eq!(same_clock("CURRENT_TIMESTAMP(3)"), "CURRENT_TIMESTAMP(3)");
        assert_eq!(same_clock("clock_timestamp()"), "clock_timestamp()");
    }
}
