//! What a lint rule is: a name, a default severity, its documentation and a
//! pure function from the catalog snapshot to hits. Rules never print and
//! never decide severity; the engine (`lint::run`) does that from the
//! configuration.

use super::context::Context;
use super::subject::Subject;
use crate::catalog::QualifiedName;
use crate::spec::Severity;

/// One lint rule. Every rule lives in its own file under `lint/rules/` and
/// is listed once in `rules::ALL`, the one source of rule names.
#[derive(Debug)]
pub struct Rule {
    /// Kebab-case, part of the interface: spec keys, `--rule`, finding ids.
    pub name: &'static str,
    pub group: Group,
    pub default: Severity,
    /// What the rule finds, as a noun phrase: "foreign key whose columns …".
    pub summary: &'static str,
    /// The documentation `lint --explain` prints, in three parts.
    pub what: &'static str,
    pub why: &'static str,
    pub fix: &'static str,
    pub check: fn(&Context<'_>, &mut Vec<Hit>),
    /// For rules that judge data: the text columns whose values must be
    /// sampled (see `catalog::uuid_sample`), each with its subject so that
    /// ignored objects are never read.
    pub samples: Option<Samples>,
}

/// The columns a rule needs values of: each with the subject its finding
/// would be about, its table and its name.
pub type Samples = fn(&Context<'_>) -> Vec<(Subject, QualifiedName, String)>;

/// The sections of `lint --list` and of the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    Keys,
    Types,
    Sequences,
    Security,
    Structure,
}

impl Group {
    pub fn title(self) -> &'static str {
        match self {
            Group::Keys => "keys and indexes",
            Group::Types => "column types",
            Group::Sequences => "sequences",
            Group::Security => "code and security",
            Group::Structure => "naming and structure",
        }
    }
}

/// One hazard a rule found on one object.
#[derive(Debug, Clone)]
pub struct Hit {
    pub subject: Subject,
    /// One line: what is wrong with which object.
    pub message: String,
    /// The data behind it, and what to do where no SQL can say it.
    pub details: Vec<String>,
    /// SQL that removes the hazard, where that is safe to suggest.
    pub fix: Option<String>,
    /// The rule could not decide (e.g. the server refused to read the
    /// values it needed): reported as skipped, never as a pass.
    pub undecided: bool,
}

impl Hit {
    pub fn new(subject: Subject, message: impl Into<String>) -> Hit {
        Hit { subject, message: message.into(), details: Vec::new(), fix: None, undecided: false }
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Hit {
        self.details.push(detail.into());
        self
    }

    pub fn fix(mut self, sql: impl Into<String>) -> Hit {
        self.fix = Some(sql.into());
        self
    }

    pub fn undecided(mut self) -> Hit {
        self.undecided = true;
        self
    }
}

/// `error`, `warn` or `off`, as the spec and `--rule` write it.
pub fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warn => "warn",
        Severity::Off => "off",
    }
}
