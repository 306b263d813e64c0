//! Printers: the same [`Report`] as text for people or as data for tools
//! (human, json, junit, github, sarif), and each format's form of spec errors.
//! Printers never decide the outcome; [`Outcome`] does, once, for all of them.

mod github;
mod human;
mod json;
mod junit;
mod sarif;

pub use github::{github, github_spec_errors, step_summary as github_step_summary};
pub use human::{HumanOptions, Symbols, human};
pub use json::{JSON_OUTPUT_SCHEMA, JSON_SCHEMA_VERSION, json, json_spec_errors};
pub use junit::{junit, junit_spec_errors};
pub use sarif::{SARIF_SCHEMA, sarif, sarif_spec_errors};

use crate::diff::{Report, Status};

/// How a run ends, which is also its exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0: every expectation holds (warnings allowed unless denied).
    Conforms,
    /// Exit 1: at least one expectation fails.
    DoesNotConform,
    /// Exit 2: at least one database could not be checked.
    CouldNotCheck,
}

impl Outcome {
    pub fn of(report: &Report, deny_warnings: bool) -> Outcome {
        if report.databases.iter().any(|d| d.error.is_some()) {
            return Outcome::CouldNotCheck;
        }
        let summary = report.summary();
        if summary.fail > 0 || (deny_warnings && summary.warn > 0) {
            Outcome::DoesNotConform
        } else {
            Outcome::Conforms
        }
    }

    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Conforms => 0,
            Outcome::DoesNotConform => 1,
            Outcome::CouldNotCheck => 2,
        }
    }
}

/// What the machine formats say under a finding's message, a line each:
/// expected and actual, the data behind a risk, and a lint finding's SQL.
pub(crate) fn detail_lines(f: &crate::diff::Finding) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(expected) = &f.expected {
        lines.push(format!("expected: {expected}"));
    }
    if let Some(actual) = &f.actual {
        lines.push(format!("actual:   {actual}"));
    }
    lines.extend(f.details.iter().cloned());
    // A lint rule's fix is a line or two; a failing expectation's step can be
    // long, and CI annotations keep to the finding (JSON carries it).
    let fix = f.fix_sql.iter().filter(|_| f.rule.is_some());
    for (i, statement) in fix.flat_map(|sql| sql.lines()).enumerate() {
        lines.push(format!("{}{statement}", if i == 0 { "fix: " } else { "     " }));
    }
    lines
}

/// Whether a finding is shown with `-q` (failures and what needs attention).
pub fn needs_attention(status: Status) -> bool {
    status != Status::Pass
}
