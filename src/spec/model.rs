//! The validated spec: what `expected_schema.yaml` asks of each database.
//!
//! Built by `decode` from the YAML tree, checked by `validate`, read by
//! `diff`, `fix` and `report`. Every expectation keeps the [`Location`] it was
//! written at. A property that is `None` was not written and is not checked.
//! Names are as the server stores them: the YAML key `Orders` means the table
//! `"Orders"` (keys are names, not SQL), while SQL-syntax fields such as
//! `references:` fold unquoted names to lower case as PostgreSQL does.

use crate::catalog::{FkAction, QualifiedName, TriggerEvent, TriggerTiming};
use crate::location::{Located, Location};
use crate::types::TypeName;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Spec {
    /// The spec file as given (relative paths in it are relative to its folder).
    pub path: PathBuf,
    pub databases: Vec<DatabaseSpec>,
}

#[derive(Debug, Clone)]
pub struct DatabaseSpec {
    pub name: String,
    pub at: Location,
    /// The connection string as written, `${VAR}` not yet expanded.
    pub url: Option<Located<String>>,
    pub extensions: Vec<ExtensionSpec>,
    pub schemas: Vec<SchemaSpec>,
    pub probes: Vec<ProbeSpec>,
    pub lint: LintSpec,
    pub event_triggers: Vec<super::behaviour::EventTriggerSpec>,
}

#[derive(Debug, Clone)]
pub struct ExtensionSpec {
    pub name: String,
    pub schema: Option<String>,
    pub version: Option<String>,
    pub at: Location,
}

#[derive(Debug, Clone)]
pub struct SchemaSpec {
    pub name: String,
    pub at: Location,
    /// Undeclared tables, views and functions in this schema are failures.
    pub strict: bool,
    /// Globs of object names that strict checks pass over.
    pub ignore: Vec<Located<String>>,
    pub tables: Vec<TableSpec>,
    pub functions: Vec<FunctionSpec>,
    pub views: Vec<ViewSpec>,
    pub absent_tables: Vec<Located<String>>,
    pub absent_views: Vec<Located<String>>,
    pub absent_functions: Vec<AbsentFunction>,
    /// Enums, domains and composite types, in spec order.
    pub types: Vec<super::user_types::TypeSpec>,
    pub absent_types: Vec<Located<String>>,
    /// Standalone sequences (not those of serial or identity columns).
    pub sequences: Vec<SequenceSpec>,
    pub absent_sequences: Vec<Located<String>>,
    pub comment: Option<CommentSpec>,
}

/// A declared comment: `Some(text)` must be exactly that text, `None`
/// (`comment: null`) means the object must have no comment.
pub type CommentSpec = Located<Option<String>>;

/// A standalone sequence; a property left out is not checked.
#[derive(Debug, Clone)]
pub struct SequenceSpec {
    pub name: QualifiedName,
    pub at: Location,
    /// `smallint`, `integer` or `bigint`, as `format_type` spells them.
    pub data_type: Option<Located<String>>,
    pub start: Option<Located<i64>>,
    pub increment: Option<Located<i64>>,
    pub min: Option<Located<i64>>,
    pub max: Option<Located<i64>>,
    pub cache: Option<Located<i64>>,
    pub cycle: Option<Located<bool>>,
    /// The owning column (table, column); `Some(None)`: owned by no column.
    pub owned_by: Option<Located<Option<(QualifiedName, String)>>>,
    pub comment: Option<CommentSpec>,
}

#[derive(Debug, Clone)]
pub struct TableSpec {
    pub name: QualifiedName,
    pub at: Location,
    /// Undeclared columns are failures (inherits the schema's `strict` when unset).
    pub strict: bool,
    pub ignore: Vec<Located<String>>,
    /// None: columns not checked at all.
    pub columns: Option<Vec<ColumnSpec>>,
    pub primary_key: Option<Located<Vec<String>>>,
    pub unique: Vec<UniqueSpec>,
    pub foreign_keys: Vec<ForeignKeySpec>,
    pub checks: Vec<CheckSpec>,
    pub indexes: Vec<IndexSpec>,
    pub triggers: Vec<TriggerSpec>,
    pub absent_columns: Vec<AbsentColumn>,
    /// Row level security, policies and grants (`spec::access`).
    /// Boxed: most tables declare none of it, and a table's spec travels in repairs.
    pub access: Box<super::access::TableAccess>,
    pub comment: Option<CommentSpec>,
    /// `partition_by:`, the partition key as written (`range (created_at)`).
    pub partition_by: Option<Located<String>>,
    /// `partition_of:`: the parent and the bound of a partition.
    pub partition_of: Option<PartitionOfSpec>,
    /// `inherits:`, the parents in plain inheritance, in order.
    pub inherits: Option<Located<Vec<QualifiedName>>>,
    /// `exclusions:`, exclusion constraints.
    pub exclusions: Vec<ExclusionSpec>,
}

/// A partition's parent and bound (`FOR VALUES …` or `DEFAULT`).
#[derive(Debug, Clone)]
pub struct PartitionOfSpec {
    pub parent: QualifiedName,
    pub bound: String,
    pub at: Location,
}

/// An exclusion constraint: `EXCLUDE USING gist (room WITH =, during WITH &&)`.
#[derive(Debug, Clone)]
pub struct ExclusionSpec {
    pub name: Option<String>,
    pub definition: String,
    pub deferrable: Option<bool>,
    pub initially_deferred: Option<bool>,
    pub at: Location,
}

impl TableSpec {
    pub fn column(&self, name: &str) -> Option<&ColumnSpec> {
        self.columns.as_ref()?.iter().find(|c| c.name == name)
    }

    /// Whether strict checks pass over the column `name` (its `ignore:` globs).
    pub fn ignores(&self, name: &str) -> bool {
        matches_glob(&self.ignore, name)
    }
}

impl SchemaSpec {
    /// Whether strict checks pass over the object `name` (its `ignore:` globs).
    pub fn ignores(&self, name: &str) -> bool {
        matches_glob(&self.ignore, name)
    }
}

/// Whether `name` matches one of `globs` (validated when the spec was read).
fn matches_glob(globs: &[Located<String>], name: &str) -> bool {
    globs.iter().any(|g| glob::Pattern::new(&g.value).is_ok_and(|p| p.matches(name)))
}

#[derive(Debug, Clone)]
pub struct ColumnSpec {
    pub name: String,
    pub at: Location,
    pub type_: Option<Located<TypeName>>,
    pub nullable: Option<Located<bool>>,
    /// `Some(None)`: the column must have no default (`default: null`).
    pub default: Option<Located<Option<String>>>,
    /// `Some(None)`: must not be an identity column (`identity: null`).
    pub identity: Option<Located<Option<crate::catalog::Identity>>>,
    /// A stored generated column's expression.
    pub generated: Option<Located<String>>,
    pub collation: Option<Located<String>>,
    pub comment: Option<CommentSpec>,
}

#[derive(Debug, Clone)]
pub struct UniqueSpec {
    pub name: Option<String>,
    pub columns: Vec<String>,
    /// NULLS NOT DISTINCT (PostgreSQL 15+; false on older servers).
    pub nulls_not_distinct: Option<bool>,
    pub at: Location,
}

#[derive(Debug, Clone)]
pub struct ForeignKeySpec {
    pub name: Option<String>,
    pub columns: Vec<String>,
    /// The referenced table, resolved against the declaring table's schema.
    pub references: QualifiedName,
    pub referenced_columns: Vec<String>,
    pub on_delete: Option<FkAction>,
    pub on_update: Option<FkAction>,
    pub deferrable: Option<bool>,
    pub initially_deferred: Option<bool>,
    /// MATCH FULL (true) or MATCH SIMPLE (false).
    pub match_full: Option<bool>,
    pub at: Location,
}

impl ForeignKeySpec {
    /// `(conversation_id) → public.conversations(id)`, for messages.
    pub fn describe(&self) -> String {
        format!("({}) → {}({})", self.columns.join(", "), self.references, self.referenced_columns.join(", "))
    }
}

#[derive(Debug, Clone)]
pub struct CheckSpec {
    pub name: Option<String>,
    pub expression: String,
    pub at: Location,
}

#[derive(Debug, Clone)]
pub struct IndexSpec {
    pub name: Option<String>,
    /// Column names, or expressions written in parentheses: `lower(email)`.
    pub columns: Vec<IndexColumn>,
    pub unique: Option<bool>,
    pub method: Option<String>,
    pub predicate: Option<String>,
    pub include: Vec<String>,
    /// Per entry of `columns`: collation, operator class and sort order as written.
    pub key_options: Vec<super::index_element::KeyOptions>,
    /// NULLS NOT DISTINCT (PostgreSQL 15+; false on older servers).
    pub nulls_not_distinct: Option<bool>,
    pub at: Location,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexColumn {
    Column(String),
    Expression(String),
}

impl std::fmt::Display for IndexColumn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IndexColumn::Column(name) => f.write_str(name),
            IndexColumn::Expression(expr) => write!(f, "({expr})"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct TriggerSpec {
    pub name: String,
    pub at: Location,
    pub timing: Option<TriggerTiming>,
    /// Sorted.
    pub events: Option<Vec<TriggerEvent>>,
    pub for_each_row: Option<bool>,
    pub function: Option<QualifiedName>,
    pub when: Option<String>,
    pub enabled: Option<bool>,
    /// UPDATE OF, constraint trigger, arguments, transition tables.
    pub clauses: super::behaviour::TriggerClauses,
}

#[derive(Debug, Clone)]
pub struct AbsentColumn {
    pub name: String,
    pub at: Location,
    /// SQL to run before the column is dropped (carries its data elsewhere).
    pub migrate: Option<SqlSource>,
}

#[derive(Debug, Clone)]
pub struct FunctionSpec {
    pub name: QualifiedName,
    /// The identity argument types from the key, `get_conversation_messages(uuid)`.
    pub argument_types: Vec<TypeName>,
    /// The key as written, for messages.
    pub signature: String,
    pub at: Location,
    pub procedure: bool,
    pub returns: Option<Located<String>>,
    pub language: Option<Located<String>>,
    pub volatility: Option<Located<crate::catalog::Volatility>>,
    pub security_definer: Option<Located<bool>>,
    /// The full CREATE FUNCTION statement (inline `sql:` or read from `sql_file:`).
    pub definition: Option<SqlSource>,
    pub grants: Option<Box<super::access::GrantsSpec>>,
    pub comment: Option<CommentSpec>,
    pub settings: Option<super::behaviour::FunctionSettings>,
}

/// SQL written inline or read from a file named in the spec.
#[derive(Debug, Clone)]
pub struct SqlSource {
    pub text: String,
    /// The file it came from, relative to the spec (None when inline).
    pub file: Option<PathBuf>,
    pub at: Location,
}

#[derive(Debug, Clone)]
pub struct ViewSpec {
    pub name: QualifiedName,
    pub at: Location,
    pub materialized: bool,
    /// The view's query (`SELECT …`).
    pub query: Option<SqlSource>,
    pub columns: Option<Located<Vec<String>>>,
    pub grants: Option<Box<super::access::GrantsSpec>>,
    pub comment: Option<CommentSpec>,
    /// Boxed: rarely written, and views are kept in enums of `fix`.
    pub options: Option<Box<super::behaviour::ViewOptions>>,
}

#[derive(Debug, Clone)]
pub struct AbsentFunction {
    pub name: String,
    /// None: every overload must be gone.
    pub argument_types: Option<Vec<TypeName>>,
    pub written: String,
    pub at: Location,
}

#[derive(Debug, Clone)]
pub struct ProbeSpec {
    pub name: String,
    pub sql: String,
    pub expect: Expectation,
    pub at: Location,
}

/// What a probe's query must return.
#[derive(Debug, Clone, PartialEq)]
pub enum Expectation {
    /// One row with one column whose text is this (None: SQL NULL).
    Scalar(Option<String>),
    /// These rows in this order, each a list of column texts.
    Rows(Vec<Vec<Option<String>>>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warn,
    Off,
}

#[derive(Debug, Clone, Default)]
pub struct LintSpec {
    pub rules: Vec<(Located<String>, Severity)>,
    pub ignore: Vec<Located<String>>,
    /// Percent (1 to 100) of a sequence's range past which it is reported.
    pub sequence_threshold: Option<Located<u8>>,
}
