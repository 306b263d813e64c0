//! Findings: the result of comparing one expectation with the live database.
//!
//! A finding is data, never an error: `diff` produces one per expectation
//! (passing ones included, so that reports can show what was verified), and
//! `report` turns them into text. Check ids are stable across runs and
//! releases: tools that track results over time key on them.

use crate::catalog::{Identity, QualifiedName, RelationKind};
use crate::location::Location;
use crate::spec::{
    CheckSpec, ColumnSpec, ExtensionSpec, ForeignKeySpec, FunctionSpec, IndexSpec, SqlSource, TableSpec,
    TriggerSpec, UniqueSpec, ViewSpec,
};
use crate::types::TypeName;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    /// Something worth attention that does not make the database non-conforming.
    Warn,
    /// The tool could not check this expectation (a kind it does not model yet,
    /// or a precondition failed); never counted as a pass.
    Skip,
    Fail,
}

/// What kind of expectation a finding is about. The kebab-case name is part of
/// the JSON interface (`kind`) and the first segment of rule ids in CI formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckKind {
    Connection,
    Extension,
    Schema,
    Table,
    Column,
    ColumnType,
    ColumnNullable,
    ColumnDefault,
    ColumnIdentity,
    ColumnGenerated,
    PrimaryKey,
    Unique,
    ForeignKey,
    Check,
    Index,
    Trigger,
    Function,
    View,
    AbsentTable,
    AbsentColumn,
    AbsentView,
    AbsentFunction,
    Strict,
    Probe,
    Type,
    Sequence,
    Comment,
    Grant,
    RowSecurity,
    Policy,
    Partitioning,
    Exclusion,
    EventTrigger,
    NotModelled,
    /// A `pgconform lint` rule (the rule's name is in [`Finding::rule`]).
    Lint,
}

impl CheckKind {
    pub fn name(self) -> &'static str {
        match self {
            CheckKind::Connection => "connection",
            CheckKind::Extension => "extension",
            CheckKind::Schema => "schema",
            CheckKind::Table => "table",
            CheckKind::Column => "column",
            CheckKind::ColumnType => "column-type",
            CheckKind::ColumnNullable => "column-nullable",
            CheckKind::ColumnDefault => "column-default",
            CheckKind::ColumnIdentity => "column-identity",
            CheckKind::ColumnGenerated => "column-generated",
            CheckKind::PrimaryKey => "primary-key",
            CheckKind::Unique => "unique",
            CheckKind::ForeignKey => "foreign-key",
            CheckKind::Check => "check",
            CheckKind::Index => "index",
            CheckKind::Trigger => "trigger",
            CheckKind::Function => "function",
            CheckKind::View => "view",
            CheckKind::AbsentTable => "absent-table",
            CheckKind::AbsentColumn => "absent-column",
            CheckKind::AbsentView => "absent-view",
            CheckKind::AbsentFunction => "absent-function",
            CheckKind::Strict => "strict",
            CheckKind::Probe => "probe",
            CheckKind::Type => "type",
            CheckKind::Sequence => "sequence",
            CheckKind::Comment => "comment",
            CheckKind::Grant => "grant",
            CheckKind::RowSecurity => "row-security",
            CheckKind::Policy => "policy",
            CheckKind::Partitioning => "partitioning",
            CheckKind::Exclusion => "exclusion",
            CheckKind::EventTrigger => "event-trigger",
            CheckKind::NotModelled => "not-modelled",
            CheckKind::Lint => "lint",
        }
    }

    /// What an expectation of this kind asks of the database, in a sentence
    /// (the rule descriptions of the SARIF format).
    pub fn description(self) -> &'static str {
        match self {
            CheckKind::Connection => "The database can be reached and its catalog read.",
            CheckKind::Extension => "A declared extension is installed, in the declared schema and version.",
            CheckKind::Schema => "A declared schema exists.",
            CheckKind::Table => "A declared table exists.",
            CheckKind::Column => "A declared column exists.",
            CheckKind::ColumnType => "A column has the declared type.",
            CheckKind::ColumnNullable => "A column accepts NULL, or refuses it, as declared.",
            CheckKind::ColumnDefault => "A column has the declared default, or none.",
            CheckKind::ColumnIdentity => "A column is an identity column as declared, or is not one.",
            CheckKind::ColumnGenerated => "A column is generated from the declared expression.",
            CheckKind::PrimaryKey => "A table's primary key has the declared columns, in order.",
            CheckKind::Unique => "A unique constraint or unique index covers the declared columns.",
            CheckKind::ForeignKey => {
                "A foreign key references the declared columns with the declared actions."
            }
            CheckKind::Check => "A check constraint with the declared expression exists.",
            CheckKind::Index => "An index with the declared columns and properties exists.",
            CheckKind::Trigger => "A trigger fires as declared and calls the declared function.",
            CheckKind::Function => "A function or procedure has the declared signature, result and body.",
            CheckKind::View => "A view exists and its query is the declared one.",
            CheckKind::AbsentTable => "A table that must be gone does not exist.",
            CheckKind::AbsentColumn => "A column that must be gone does not exist.",
            CheckKind::AbsentView => "A view that must be gone does not exist.",
            CheckKind::AbsentFunction => "A function that must be gone does not exist.",
            CheckKind::Strict => "A strict schema or table holds nothing that the spec does not declare.",
            CheckKind::Probe => "A probe's SQL returns the expected result.",
            CheckKind::Type => "A declared enum, domain or composite type exists as declared.",
            CheckKind::Sequence => "A declared sequence exists with the declared properties.",
            CheckKind::Comment => "An object carries the declared comment, or none.",
            CheckKind::Grant => "An object's privileges are exactly the declared grants.",
            CheckKind::RowSecurity => "Row level security is enabled (and forced) on a table as declared.",
            CheckKind::Policy => "A row level security policy exists as declared.",
            CheckKind::Partitioning => {
                "A table is partitioned, a partition or an inheritance child as declared."
            }
            CheckKind::Exclusion => "An exclusion constraint with the declared definition exists.",
            CheckKind::EventTrigger => {
                "An event trigger fires on the declared event and calls the declared function."
            }
            CheckKind::NotModelled => {
                "An object of a kind the spec format cannot declare; never checked, always reported."
            }
            CheckKind::Lint => "A lint rule finds no hazard in the database's catalog.",
        }
    }

    /// Every kind, for documentation and for tests that keep names unique.
    pub const ALL: [CheckKind; 35] = [
        CheckKind::Connection,
        CheckKind::Extension,
        CheckKind::Schema,
        CheckKind::Table,
        CheckKind::Column,
        CheckKind::ColumnType,
        CheckKind::ColumnNullable,
        CheckKind::ColumnDefault,
        CheckKind::ColumnIdentity,
        CheckKind::ColumnGenerated,
        CheckKind::PrimaryKey,
        CheckKind::Unique,
        CheckKind::ForeignKey,
        CheckKind::Check,
        CheckKind::Index,
        CheckKind::Trigger,
        CheckKind::Function,
        CheckKind::View,
        CheckKind::AbsentTable,
        CheckKind::AbsentColumn,
        CheckKind::AbsentView,
        CheckKind::AbsentFunction,
        CheckKind::Strict,
        CheckKind::Probe,
        CheckKind::Type,
        CheckKind::Sequence,
        CheckKind::Comment,
        CheckKind::Grant,
        CheckKind::RowSecurity,
        CheckKind::Policy,
        CheckKind::Partitioning,
        CheckKind::Exclusion,
        CheckKind::EventTrigger,
        CheckKind::NotModelled,
        CheckKind::Lint,
    ];
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// Stable id: `<database>:<kind>:<object>[:<detail>]`, e.g.
    /// `digitalocean:column-type:public.conversations.id`.
    pub id: String,
    /// Shared by the findings of a database (a large check has hundreds of
    /// thousands: a copy each was an allocation each).
    pub database: std::sync::Arc<str>,
    pub kind: CheckKind,
    /// The object the expectation is about, e.g. `public.conversations.id`.
    pub object: String,
    pub status: Status,
    /// One line for humans: what was checked and, on failure, what is wrong.
    pub message: String,
    pub expected: Option<String>,
    pub actual: Option<String>,
    /// Where the expectation was written in the spec (None for findings with no
    /// spec line, such as a connection failure without a `url:` entry).
    pub location: Option<Location>,
    /// The data behind a risk, e.g. "3 of 200 rows still hold a value".
    pub details: Vec<String>,
    /// What would make a failing finding pass, for `fix`; None on passes and
    /// where nothing is to be done in SQL (probes, connection failures).
    /// Boxed: a repair can carry a whole table's spec, and a check of a large
    /// schema holds hundreds of thousands of findings, nearly all passes
    /// without one (inline, it made every finding several times larger).
    #[serde(skip)]
    pub repair: Option<Box<Repair>>,
    /// For lint findings (kind `lint`): the rule that produced it.
    pub rule: Option<&'static str>,
    /// For lint findings: SQL that removes the hazard, where it is safe to
    /// suggest (statements separated by newlines, each ending with `;`).
    pub fix_sql: Option<String>,
}

/// A change that repairs one failing expectation, as data: `diff` knows what
/// it matched, `fix` turns it into ordered SQL with its dependencies.
/// A repair that is a fixed list of statements run in one phase of the plan.
#[derive(Debug, Clone)]
pub struct SqlRepair {
    pub phase: crate::fix::Phase,
    /// The step's title, e.g. `create enum type public.mood`.
    pub title: String,
    /// Statements without the trailing `;`.
    pub statements: Vec<String>,
    /// Statements that cannot be run safely as they are: printed commented
    /// out, and the step is reported as blocked with this reason.
    pub blocked: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Repair {
    CreateExtension(ExtensionSpec),
    CreateSchema(String),
    /// The whole table with everything the spec declares on it.
    CreateTable(TableSpec),
    AddColumn {
        table: QualifiedName,
        column: ColumnSpec,
    },
    ChangeType {
        table: QualifiedName,
        column: String,
        to: TypeName,
    },
    SetNullable {
        table: QualifiedName,
        column: String,
        nullable: bool,
    },
    SetDefault {
        table: QualifiedName,
        column: String,
        default: Option<String>,
    },
    SetIdentity {
        table: QualifiedName,
        column: String,
        identity: Option<Identity>,
    },
    SetCollation {
        table: QualifiedName,
        column: String,
        collation: String,
    },
    SetPrimaryKey {
        table: QualifiedName,
        columns: Vec<String>,
        existing: Option<String>,
    },
    AddUnique {
        table: QualifiedName,
        unique: UniqueSpec,
    },
    /// `replace`: an existing constraint to drop first (wrong actions, wrong target).
    AddForeignKey {
        table: QualifiedName,
        key: ForeignKeySpec,
        replace: Option<String>,
    },
    AddCheck {
        table: QualifiedName,
        check: CheckSpec,
        replace: Option<String>,
    },
    CreateIndex {
        table: QualifiedName,
        index: IndexSpec,
        replace: Option<String>,
    },
    CreateTrigger {
        table: QualifiedName,
        trigger: TriggerSpec,
        replace: bool,
    },
    CreateFunction(FunctionSpec),
    CreateView {
        view: ViewSpec,
        replace: Option<RelationKind>,
    },
    /// Statements decided whole where the finding is made, for kinds whose
    /// repair needs no planning beyond its phase (types, sequences, comments,
    /// grants, policies, …).
    Sql(SqlRepair),
    DropTable(QualifiedName),
    /// A standalone sequence (withheld unless it never handed out a value
    /// or destruction is allowed: its position is lost).
    DropSequence(QualifiedName),
    /// `migrate`: SQL that carries the column's data elsewhere first.
    DropColumn {
        table: QualifiedName,
        column: String,
        migrate: Option<SqlSource>,
    },
    DropView {
        view: QualifiedName,
        kind: RelationKind,
    },
    /// Overloads by their identity arguments as `pg_get_function_identity_arguments`
    /// prints them, each with whether it is a procedure.
    DropFunctions {
        function: QualifiedName,
        overloads: Vec<(String, bool)>,
    },
    /// Nothing SQL can do safely: why, and what the user can do.
    Manual(String),
}

impl Finding {
    pub fn new(
        database: impl Into<std::sync::Arc<str>>,
        kind: CheckKind,
        object: impl Into<String>,
        status: Status,
    ) -> Finding {
        let database = database.into();
        let object = object.into();
        Finding {
            id: format!("{database}:{}:{object}", kind.name()),
            database,
            kind,
            object,
            status,
            message: String::new(),
            expected: None,
            actual: None,
            location: None,
            details: Vec::new(),
            repair: None,
            rule: None,
            fix_sql: None,
        }
    }

    /// Appends a qualifier to the id, for kinds with several checks per object.
    pub fn id_suffix(mut self, suffix: &str) -> Finding {
        self.id.push(':');
        self.id.push_str(suffix);
        self
    }

    pub fn repair(mut self, repair: Repair) -> Finding {
        self.repair = Some(Box::new(repair));
        self
    }

    /// The same finding, failed.
    pub fn fail(mut self) -> Finding {
        self.status = Status::Fail;
        self
    }

    /// Not checked, and why: never counted as a pass or a failure.
    pub fn skip(mut self, reason: impl Into<String>) -> Finding {
        self.status = Status::Skip;
        self.message = format!("{}: not checked: {}", self.object, reason.into());
        self
    }

    pub fn message(mut self, message: impl Into<String>) -> Finding {
        self.message = message.into();
        self
    }

    pub fn expected(mut self, expected: impl Into<String>) -> Finding {
        self.expected = Some(expected.into());
        self
    }

    pub fn actual(mut self, actual: impl Into<String>) -> Finding {
        self.actual = Some(actual.into());
        self
    }

    pub fn at(mut self, location: Location) -> Finding {
        self.location = Some(location);
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Finding {
        self.details.push(detail.into());
        self
    }
}

/// The outcome of checking one database: its findings in spec order.
#[derive(Debug, Clone, Serialize)]
pub struct DatabaseReport {
    pub name: String,
    /// The server's version when a connection was made, e.g. `15.4`.
    pub server_version: Option<String>,
    /// Why the database could not be checked (connection refused, permission
    /// denied…); a run with any such error exits 2.
    pub error: Option<String>,
    pub findings: Vec<Finding>,
}

/// The outcome of a whole run: every database of the spec that was checked.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The spec file, as given on the command line.
    pub spec: String,
    pub databases: Vec<DatabaseReport>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub pass: usize,
    pub fail: usize,
    pub warn: usize,
    pub skip: usize,
}

impl Report {
    pub fn summary(&self) -> Summary {
        let mut summary = Summary::default();
        for finding in self.databases.iter().flat_map(|d| &d.findings) {
            match finding.status {
                Status::Pass => summary.pass += 1,
                Status::Fail => summary.fail += 1,
                Status::Warn => summary.warn += 1,
                Status::Skip => summary.skip += 1,
            }
        }
        summary
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 10,000-table check holds about 190,000 findings at once: each byte
    /// of a finding is 190 kB of peak memory. The repair (which may carry a
    /// whole table's spec) is boxed so that a finding stays a few strings.
    #[test]
    fn a_finding_stays_small() {
        let size = std::mem::size_of::<Finding>();
        assert!(
            size <= 320,
            "Finding is {size} bytes (Repair inline is {} bytes)",
            std::mem::size_of::<Repair>()
        );
    }
}
