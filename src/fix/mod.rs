//! `pgconform fix`: from failing findings to an ordered, guarded SQL plan.
//!
//! Planning is pure ([`plan`]: findings and the catalog snapshot in, steps
//! out); [`script`] prints a plan as a psql-runnable script; [`apply`] runs one
//! in a single transaction and keeps it only if the database then conforms.

mod apply;
mod convert;
mod json;
mod planner;
mod run;
mod script;
mod sequences;
mod sql;
mod structure;
mod views;

pub use apply::{ApplyOutcome, apply};
pub use json::{FIX_JSON_SCHEMA_VERSION, PlanEntry, json};
pub use planner::plan;
pub use run::{FixResult, run, today};
pub use script::script;

use crate::catalog::QualifiedName;

/// When a step runs: the order DESIGN.md gives, so that what a step needs
/// exists before it (a key before the foreign keys on it, a table before the
/// functions returning its rows) and data moves before its columns go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Phase {
    Extensions,
    /// Enum, domain and composite types and sequences, which tables use.
    Types,
    /// Dropping what a type conversion would break, converting, measuring first.
    Conversions,
    Tables,
    Columns,
    Keys,
    Functions,
    Triggers,
    Views,
    /// Comments, grants, row level security and policies, event triggers:
    /// set once every object they name exists.
    Details,
    DataMigrations,
    Drops,
}

impl Phase {
    pub fn describe(self) -> &'static str {
        match self {
            Phase::Extensions => "extensions and schemas",
            Phase::Types => "types and sequences",
            Phase::Conversions => "type conversions",
            Phase::Tables => "tables",
            Phase::Columns => "columns",
            Phase::Keys => "keys, checks and indexes",
            Phase::Functions => "functions",
            Phase::Triggers => "triggers",
            Phase::Views => "views",
            Phase::Details => "comments, grants and policies",
            Phase::DataMigrations => "data migrations",
            Phase::Drops => "drops",
        }
    }

    /// The name in `fix --format json`.
    pub fn key(self) -> &'static str {
        match self {
            Phase::Extensions => "extensions",
            Phase::Types => "types",
            Phase::Conversions => "conversions",
            Phase::Tables => "tables",
            Phase::Columns => "columns",
            Phase::Keys => "keys",
            Phase::Functions => "functions",
            Phase::Triggers => "triggers",
            Phase::Views => "views",
            Phase::Details => "details",
            Phase::DataMigrations => "data-migrations",
            Phase::Drops => "drops",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Hazard {
    /// Rows or values are deleted.
    DataLoss,
    /// The table is rewritten (ALTER COLUMN TYPE, a volatile default).
    TableRewrite,
    /// An ACCESS EXCLUSIVE lock is held while the statement runs.
    LongLock,
    /// An index is built (on a large table, for a long time).
    IndexBuild,
}

impl Hazard {
    pub fn name(self) -> &'static str {
        match self {
            Hazard::DataLoss => "data loss",
            Hazard::TableRewrite => "table rewrite",
            Hazard::LongLock => "long lock",
            Hazard::IndexBuild => "index build",
        }
    }

    /// The name in `fix --format json`.
    pub fn key(self) -> &'static str {
        match self {
            Hazard::DataLoss => "data-loss",
            Hazard::TableRewrite => "table-rewrite",
            Hazard::LongLock => "long-lock",
            Hazard::IndexBuild => "index-build",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Step {
    pub phase: Phase,
    /// What the step does, one line.
    pub title: String,
    /// The check ids it repairs (empty for steps that only serve another step,
    /// such as dropping a view a conversion would break).
    pub repairs: Vec<String>,
    pub sql: Vec<String>,
    pub hazards: Vec<Hazard>,
    /// What was measured (row counts, values that will not convert).
    pub notes: Vec<String>,
    /// Destroys data the user has not allowed to be destroyed: printed
    /// commented out, never applied.
    pub withheld: bool,
}

/// A failing expectation that no SQL can repair safely: the plan cannot bring
/// the database to the spec, and says why.
#[derive(Debug, Clone)]
pub struct Blocker {
    pub check: String,
    pub reason: String,
    /// Commented SQL offering the ways out (with the counts they affect).
    pub alternatives: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub database: String,
    pub steps: Vec<Step>,
    pub blockers: Vec<Blocker>,
    /// The backup tables the plan creates (not those already there): the
    /// re-check of `--apply` does not count them as undeclared.
    pub backups: Vec<QualifiedName>,
}

impl Plan {
    /// Statements that would run (withheld steps do not).
    pub fn statements(&self) -> usize {
        self.steps.iter().filter(|s| !s.withheld).map(|s| s.sql.len()).sum()
    }

    pub fn is_complete(&self) -> bool {
        self.blockers.is_empty() && self.steps.iter().all(|s| !s.withheld)
    }
}

#[derive(Debug, Clone)]
pub struct FixOptions {
    /// Emit destructive steps as SQL rather than as comments.
    pub allow_destructive: bool,
    /// Back up tables whose data is rewritten or partly dropped.
    pub backup: bool,
    /// `yyyymmdd`, for backup table names (passed in: planning is pure).
    pub date: String,
}
