//! Printers: the same [`Report`] as text for people or as data for tools.
//! Printers never decide the outcome; [`Outcome`] does, once, for all of them.

mod human;
mod json;

pub use human::{HumanOptions, Symbols, human};
pub use json::{JSON_SCHEMA_VERSION, json, json_spec_errors};

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

/// Whether a finding is shown with `-q` (failures and what needs attention).
pub fn needs_attention(status: Status) -> bool {
    status != Status::Pass
}
