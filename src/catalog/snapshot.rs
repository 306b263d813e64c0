//! The typed picture of a live database that `catalog` reads and `diff`,
//! `lint`, `fix` and `inspect` consume.
//!
//! Everything here is plain data: no connection, no laziness. Names are kept
//! exactly as the server stores them (case preserved, unquoted); types are kept
//! as the server's `format_type` spells them, plus the pieces the type
//! normaliser needs to compare them with what a user wrote.

use std::collections::BTreeMap;

/// `schema.name`, as stored by the server (no quoting).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QualifiedName {
    pub schema: String,
    pub name: String,
}

impl QualifiedName {
    pub fn new(schema: impl Into<String>, name: impl Into<String>) -> QualifiedName {
        QualifiedName { schema: schema.into(), name: name.into() }
    }
}

impl std::fmt::Display for QualifiedName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.schema, self.name)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// `server_version_num`, e.g. 150004.
    pub server_version_num: i32,
    /// The connected database's name.
    pub database: String,
    /// User schemas (pg_catalog, information_schema, pg_toast and temp schemas excluded).
    pub schemas: Vec<String>,
    pub extensions: Vec<Extension>,
    /// Tables, partitioned tables, views, materialized views and foreign tables.
    pub relations: BTreeMap<QualifiedName, Relation>,
    /// Functions, procedures and aggregates, keyed by name; overloads share a key.
    pub functions: BTreeMap<QualifiedName, Vec<Function>>,
    /// User-defined types (enums, domains, composites, ranges), for type resolution.
    pub types: BTreeMap<QualifiedName, UserType>,
    /// Answers to the questions the spec asked the server (canonical forms, data counts).
    pub answers: Answers,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extension {
    pub name: String,
    pub schema: String,
    pub version: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RelationKind {
    Table,
    PartitionedTable,
    View,
    MaterializedView,
    ForeignTable,
}

impl RelationKind {
    pub fn describe(self) -> &'static str {
        match self {
            RelationKind::Table => "table",
            RelationKind::PartitionedTable => "partitioned table",
            RelationKind::View => "view",
            RelationKind::MaterializedView => "materialized view",
            RelationKind::ForeignTable => "foreign table",
        }
    }

    pub fn is_table(self) -> bool {
        matches!(self, RelationKind::Table | RelationKind::PartitionedTable | RelationKind::ForeignTable)
    }

    pub fn is_view(self) -> bool {
        matches!(self, RelationKind::View | RelationKind::MaterializedView)
    }
}

#[derive(Debug, Clone)]
pub struct Relation {
    pub oid: u32,
    pub name: QualifiedName,
    pub kind: RelationKind,
    /// Set when this table is a partition of another.
    pub partition_of: Option<QualifiedName>,
    /// Parents in plain (non-partition) inheritance.
    pub inherits: Vec<QualifiedName>,
    /// `pg_class.reltuples`; -1 when never analysed (PostgreSQL 14+), 0 on older servers.
    pub estimated_rows: f64,
    /// Owned by an extension (`pg_depend` deptype 'e').
    pub from_extension: bool,
    pub row_security: bool,
    /// In attribute-number order, dropped columns excluded.
    pub columns: Vec<Column>,
    /// Primary key, unique, foreign key, check and exclusion constraints.
    pub constraints: Vec<Constraint>,
    pub indexes: Vec<Index>,
    pub triggers: Vec<Trigger>,
    /// For views and materialized views: `pg_get_viewdef`, trailing semicolon removed.
    pub view_definition: Option<String>,
}

impl Relation {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    pub fn primary_key(&self) -> Option<&Constraint> {
        self.constraints.iter().find(|c| c.kind == ConstraintKind::PrimaryKey)
    }
}

#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    pub position: i16,
    /// `format_type(atttypid, atttypmod)`, e.g. `character varying(20)`, `integer[]`,
    /// `public.mood` (schema-qualified when not visible on the search path).
    pub type_display: String,
    /// The type's own schema and name (for arrays: the element type's), e.g. `pg_catalog`/`varchar`.
    pub type_schema: String,
    pub type_name: String,
    /// Array dimensions as declared (0 for a scalar; PostgreSQL records at least 1 for arrays).
    pub array_dims: i32,
    /// Set when the column's type is a domain: its base type, `format_type` form.
    pub domain_base: Option<String>,
    pub not_null: bool,
    /// `pg_get_expr(adbin, adrelid)`; None when the column has no default.
    /// For generated columns this is the generation expression instead, see `generated`.
    pub default: Option<String>,
    pub identity: Option<Identity>,
    pub generated: Option<Generated>,
    pub collation: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identity {
    Always,
    ByDefault,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generated {
    Stored,
    /// PostgreSQL 18+.
    Virtual,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConstraintKind {
    PrimaryKey,
    Unique,
    ForeignKey,
    Check,
    Exclusion,
    /// PostgreSQL 18+ records NOT NULL in pg_constraint; kept for completeness.
    NotNull,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FkAction {
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

impl FkAction {
    pub fn sql(self) -> &'static str {
        match self {
            FkAction::NoAction => "no action",
            FkAction::Restrict => "restrict",
            FkAction::Cascade => "cascade",
            FkAction::SetNull => "set null",
            FkAction::SetDefault => "set default",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Constraint {
    pub name: String,
    pub kind: ConstraintKind,
    /// Constrained columns in key order (empty for table-level checks without columns).
    pub columns: Vec<String>,
    /// `pg_get_constraintdef(oid)`, e.g. `CHECK ((role = ANY (ARRAY[...])))`.
    pub definition: String,
    /// For checks: `pg_get_expr(conbin, conrelid)`, the bare expression.
    pub expression: Option<String>,
    pub foreign: Option<ForeignKeyTarget>,
    pub deferrable: bool,
    pub initially_deferred: bool,
    pub validated: bool,
}

#[derive(Debug, Clone)]
pub struct ForeignKeyTarget {
    pub table: QualifiedName,
    pub columns: Vec<String>,
    pub on_delete: FkAction,
    pub on_update: FkAction,
}

#[derive(Debug, Clone)]
pub struct Index {
    pub name: String,
    /// Key parts in order: a column name, or the expression text for expression parts.
    pub keys: Vec<IndexKey>,
    /// INCLUDE columns.
    pub include: Vec<String>,
    pub unique: bool,
    pub primary: bool,
    /// Backs a constraint (primary key, unique, exclusion) of the same name.
    pub constraint: Option<String>,
    /// Access method: btree, hash, gin, gist, brin, spgist, …
    pub method: String,
    /// `pg_get_expr(indpred, indrelid)` for partial indexes.
    pub predicate: Option<String>,
    pub valid: bool,
    /// `pg_get_indexdef(oid)`.
    pub definition: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexKey {
    Column(String),
    Expression(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TriggerTiming {
    Before,
    After,
    InsteadOf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TriggerEvent {
    Insert,
    Update,
    Delete,
    Truncate,
}

#[derive(Debug, Clone)]
pub struct Trigger {
    pub name: String,
    pub timing: TriggerTiming,
    /// Sorted.
    pub events: Vec<TriggerEvent>,
    /// `UPDATE OF` columns, if any.
    pub update_columns: Vec<String>,
    pub for_each_row: bool,
    pub function: QualifiedName,
    /// `tgenabled`: 'O' origin (enabled), 'D' disabled, 'R' replica, 'A' always.
    pub enabled: char,
    /// The WHEN condition, as `pg_get_triggerdef` prints it, if any.
    pub when: Option<String>,
    pub constraint_trigger: bool,
    /// `pg_get_triggerdef(oid)`.
    pub definition: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoutineKind {
    Function,
    Procedure,
    Aggregate,
    Window,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Volatility {
    Immutable,
    Stable,
    Volatile,
}

#[derive(Debug, Clone)]
pub struct Function {
    pub oid: u32,
    pub name: QualifiedName,
    pub kind: RoutineKind,
    /// Identity argument types, each as `format_type` prints it (`uuid`, `text[]`, `integer`).
    pub argument_types: Vec<String>,
    /// `pg_get_function_identity_arguments(oid)`, e.g. `p_id uuid, p_title text`.
    pub identity_arguments: String,
    /// `pg_get_function_result(oid)`, e.g. `SETOF messages`, `trigger`, `uuid`; None for procedures.
    pub result: Option<String>,
    pub language: String,
    pub volatility: Volatility,
    pub security_definer: bool,
    pub strict: bool,
    /// `proconfig`, e.g. `["search_path=public, pg_temp"]`.
    pub config: Vec<String>,
    /// `prosrc`: the body text between the quotes (empty for SQL-standard bodies).
    pub source: String,
    /// `pg_get_functiondef(oid)` (None for aggregates, which it does not support).
    pub definition: Option<String>,
    pub from_extension: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserTypeKind {
    Enum,
    Domain,
    Composite,
    Range,
    Other,
}

#[derive(Debug, Clone)]
pub struct UserType {
    pub name: QualifiedName,
    pub kind: UserTypeKind,
    /// Enum labels in sort order.
    pub enum_labels: Vec<String>,
    /// Domain base type, `format_type` form.
    pub domain_base: Option<String>,
    pub from_extension: bool,
}

/// What the server said about the questions the spec raised: canonical forms of
/// expressions and counts of data. Filled by `catalog::answer`, read by `diff`.
#[derive(Debug, Clone, Default)]
pub struct Answers {
    /// Canonical form (or the server's error) for each expression asked about.
    pub canonical: BTreeMap<CanonicalQuestion, Result<String, String>>,
    /// Rows in a table (asked for tables that must be absent), counted up to
    /// one past `ROW_COUNT_LIMIT`. Absent from the map: not asked, or the server
    /// refused (e.g. no SELECT privilege).
    pub table_rows: BTreeMap<QualifiedName, i64>,
    /// Rows in which a column is not null (asked for columns that must be
    /// absent), counted the same way.
    pub column_values: BTreeMap<(QualifiedName, String), i64>,
}

/// An expression the server is asked to put in canonical form, with the context
/// it must be read in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CanonicalQuestion {
    /// A column default, read as a value of the given type.
    Default { expression: String, type_sql: String },
    /// A boolean expression over a table's columns (check constraints, index predicates, trigger WHEN).
    TableExpression { table: QualifiedName, expression: String },
    /// A query (a view's definition).
    Query { sql: String },
}
