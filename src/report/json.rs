//! The JSON format, a stable interface for tools. The README documents it;
//! `schema_version` changes only when a field changes meaning or goes away
//! (new fields may appear without it).
//!
//! ```json
//! { "schema_version": 1, "tool": {"name": "pgconform", "version": "…"},
//!   "spec": "expected_schema.yaml", "outcome": "does-not-conform", "exit_code": 1,
//!   "summary": {"pass": 40, "fail": 12, "warn": 0, "skip": 0},
//!   "databases": [{ "name": "…", "server_version": "15.4", "error": null,
//!     "checks": [{ "id": "db:column-type:public.t.id", "kind": "column-type",
//!       "object": "public.t.id", "status": "fail", "message": "…",
//!       "expected": "uuid", "actual": "text",
//!       "location": {"file": "expected_schema.yaml", "line": 12, "column": 9},
//!       "details": [] }] }] }
//! ```

use super::Outcome;
use crate::diff::Report;
use crate::spec::SpecErrors;
use serde_json::{Value, json};

pub const JSON_SCHEMA_VERSION: u32 = 1;

/// The JSON Schema of this format (`pgconform schema --output`), kept in the
/// repository's `schemas/` folder where the README links it; a test validates
/// real output against it.
pub const JSON_OUTPUT_SCHEMA: &str = include_str!("../../schemas/report.schema.json");

pub fn json(report: &Report, deny_warnings: bool) -> String {
    let outcome = Outcome::of(report, deny_warnings);
    let databases: Vec<Value> = report
        .databases
        .iter()
        .map(|db| {
            let checks: Vec<Value> = db
                .findings
                .iter()
                .map(|f| {
                    let mut check = json!({
                        "id": f.id,
                        "kind": f.kind.name(),
                        "object": f.object,
                        "status": f.status,
                        "message": f.message,
                        "expected": f.expected,
                        "actual": f.actual,
                        "location": f.location.map(|l| json!({"file": report.spec, "line": l.line, "column": l.column})),
                        "details": f.details,
                        "fix_sql": f.fix_sql,
                    });
                    // Lint findings also name their rule.
                    if let (Some(rule), Some(fields)) = (f.rule, check.as_object_mut()) {
                        fields.insert("rule".into(), json!(rule));
                    }
                    check
                })
                .collect();
            json!({
                "name": db.name,
                "server_version": db.server_version,
                "error": db.error,
                "checks": checks,
            })
        })
        .collect();
    let value = json!({
        "schema_version": JSON_SCHEMA_VERSION,
        "tool": {"name": "pgconform", "version": env!("CARGO_PKG_VERSION")},
        "spec": report.spec,
        "outcome": match outcome {
            Outcome::Conforms => "conforms",
            Outcome::DoesNotConform => "does-not-conform",
            Outcome::CouldNotCheck => "could-not-check",
        },
        "exit_code": outcome.exit_code(),
        "summary": report.summary(),
        "databases": databases,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// A spec that does not load, as the same document with no databases and the
/// errors that stopped it, so a tool reading JSON learns why (exit 2).
pub fn json_spec_errors(spec: &str, errors: &SpecErrors) -> String {
    let errors: Vec<Value> = errors
        .0
        .iter()
        .map(|e| {
            json!({
                "file": e.file.display().to_string(),
                "line": e.at.map(|a| a.line),
                "column": e.at.map(|a| a.column),
                "message": e.message,
                "hint": e.hint,
            })
        })
        .collect();
    let value = json!({
        "schema_version": JSON_SCHEMA_VERSION,
        "tool": {"name": "pgconform", "version": env!("CARGO_PKG_VERSION")},
        "spec": spec,
        "outcome": "could-not-check",
        "exit_code": Outcome::CouldNotCheck.exit_code(),
        "spec_errors": errors,
        "databases": [],
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}
