//! The typed picture of a live database that `catalog` reads and `diff`,
//! `lint`, `fix` and `inspect` consume.
//!
//! Everything here is plain data: no connection, no laziness. Names are kept
//! exactly as the server stores them (case preserved, unquoted); types are kept
//! as the server's `format_type` spells them, plus the pieces the type
//! normaliser needs to compare them with what a user wrote.

use std::collections::{BTreeMap, BTreeSet};

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

/// How much a catalog read asks the server to deparse. The two differ only in
/// what the server computes per object at a noticeable cost; the snapshot's
/// shape is the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// What `check` and `fix` need: no index definitions (except for
    /// materialized views) and no sequence positions. About half the server
    /// time of a full read on a 10,000-table database.
    Lean,
    /// Everything: index definitions (lint's details, `inspect`) and each
    /// sequence's last value (lint's exhaustion rules).
    Full,
}

#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// `server_version_num`, e.g. 150004.
    pub server_version_num: i32,
    /// The connected database's name.
    pub database: String,
    /// User schemas (pg_catalog, information_schema, pg_toast and temp schemas excluded).
    pub schemas: Vec<String>,
    /// User-defined collations (CREATE COLLATION), which the spec cannot declare.
    pub collations: Vec<QualifiedName>,
    pub extensions: Vec<Extension>,
    /// Tables, partitioned tables, views, materialized views and foreign tables.
    pub relations: BTreeMap<QualifiedName, Relation>,
    /// Functions, procedures and aggregates, keyed by name; overloads share a key.
    pub functions: BTreeMap<QualifiedName, Vec<Function>>,
    /// User-defined types (enums, domains, composites, ranges), for type resolution.
    pub types: BTreeMap<QualifiedName, UserType>,
    /// What each view and materialized view reads, from the dependencies the
    /// server records for its query: one entry per column read, plus one without
    /// a column for a relation read as a whole (`SELECT t FROM t`, `count(*)`).
    /// Views reading other views are included. Deduplicated and sorted.
    pub view_dependencies: Vec<ViewDependency>,
    /// Policies, generated columns and SQL-standard functions that read a
    /// column: the server refuses to change its type while they exist.
    pub column_dependents: Vec<ColumnDependent>,
    /// Sequences, with the column owning each and the columns drawing on it.
    pub sequences: BTreeMap<QualifiedName, Sequence>,
    /// Comments on the objects of user schemas, by the object they are on,
    /// plus the comments carrying a `pgconform:` marker wherever they are
    /// (lint opt-outs). The one source of comments: `comment:` in a spec is
    /// checked against it and `inspect` writes it.
    pub comments: BTreeMap<CommentTarget, String>,
    /// Every role name of the cluster (`pg_roles`), to tell a grant to a
    /// missing role before the server refuses it.
    pub roles: BTreeSet<String>,
    /// Event triggers (database-wide), by name; those of extensions left out.
    pub event_triggers: Vec<EventTrigger>,
    /// Answers to the questions the spec asked the server (canonical forms, data counts).
    pub answers: Answers,
}

/// A row of `pg_event_trigger`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventTrigger {
    pub name: String,
    /// `ddl_command_start`, `ddl_command_end`, `sql_drop`, `table_rewrite`, `login`.
    pub event: String,
    pub function: QualifiedName,
    /// The `WHEN TAG IN` filter, upper case as stored; empty when none.
    pub tags: Vec<String>,
    /// `evtenabled`: 'O' enabled, 'D' disabled, 'R' replica, 'A' always.
    pub enabled: char,
}

impl Snapshot {
    /// The views that must be dropped before `table.column` can change type and
    /// re-created after: every view (or materialized view) that reads the column,
    /// plus every view that reads one of those, transitively. Each view comes
    /// after every view of the list it reads, so dropping in reverse order and
    /// re-creating in this order works; views that do not depend on one another
    /// come in name order.
    ///
    /// Views that read the table only as a whole (a whole-row reference, or
    /// `count(*)`) are not included: `ALTER COLUMN … TYPE` does not need them
    /// dropped, as the server does not record a dependency on the column.
    pub fn dependent_views(&self, table: &QualifiedName, column: &str) -> Vec<QualifiedName> {
        self.dependent_views_of_columns(&[(table, column)])
    }

    /// [`Snapshot::dependent_views`] of several columns at once, in one order
    /// (views found through different columns may read one another).
    pub fn dependent_views_of_columns(&self, columns: &[(&QualifiedName, &str)]) -> Vec<QualifiedName> {
        let direct = self
            .view_dependencies
            .iter()
            .filter(|d| columns.iter().any(|(t, c)| d.on == **t && d.column.as_deref() == Some(*c)))
            .map(|d| &d.view)
            .collect();
        let tables: Vec<&QualifiedName> = columns.iter().map(|(t, _)| *t).collect();
        self.readers_in_order(direct, &tables)
    }

    /// Every view that reads `relation` in any way (a column, or the whole
    /// row), plus every view that reads one of those, transitively: what must
    /// be dropped before `relation` itself is dropped and re-created. Ordered
    /// as [`Snapshot::dependent_views`].
    pub fn views_reading(&self, relation: &QualifiedName) -> Vec<QualifiedName> {
        let direct = self.view_dependencies.iter().filter(|d| &d.on == relation).map(|d| &d.view).collect();
        self.readers_in_order(direct, &[relation])
    }

    /// `direct` and the views reading them, transitively, without the
    /// `origins`, each after every view of the list it reads.
    fn readers_in_order<'s>(
        &'s self,
        direct: BTreeSet<&'s QualifiedName>,
        origins: &[&QualifiedName],
    ) -> Vec<QualifiedName> {
        // Reader views of each relation, whatever they read of it.
        let mut readers: BTreeMap<&QualifiedName, BTreeSet<&QualifiedName>> = BTreeMap::new();
        for dependency in &self.view_dependencies {
            readers.entry(&dependency.on).or_default().insert(&dependency.view);
        }
        let mut found = direct;
        let mut pending: Vec<&QualifiedName> = found.iter().copied().collect();
        while let Some(view) = pending.pop() {
            for reader in readers.get(view).into_iter().flatten() {
                if found.insert(reader) {
                    pending.push(reader);
                }
            }
        }
        for origin in origins {
            found.remove(*origin);
        }

        // Topological order (Kahn), smallest name first among the ready ones.
        let mut waiting_on: BTreeMap<&QualifiedName, BTreeSet<&QualifiedName>> =
            found.iter().map(|view| (*view, BTreeSet::new())).collect();
        for dependency in &self.view_dependencies {
            if found.contains(&dependency.view) && found.contains(&dependency.on) {
                waiting_on.entry(&dependency.view).or_default().insert(&dependency.on);
            }
        }
        let mut ordered = Vec::with_capacity(found.len());
        let mut ready: BTreeSet<&QualifiedName> =
            waiting_on.iter().filter(|(_, on)| on.is_empty()).map(|(view, _)| *view).collect();
        while let Some(view) = ready.pop_first() {
            waiting_on.remove(view);
            ordered.push(view.clone());
            for reader in readers.get(view).into_iter().flatten() {
                if let Some(on) = waiting_on.get_mut(reader)
                    && on.remove(view)
                    && on.is_empty()
                {
                    ready.insert(reader);
                }
            }
        }
        // A cycle (which the server should never allow) cannot be ordered: its
        // views come last, in name order, rather than being lost.
        ordered.extend(waiting_on.into_keys().cloned());
        ordered
    }
}

/// An object that reads a table column (see [`Snapshot::column_dependents`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnDependent {
    pub table: QualifiedName,
    pub column: String,
    pub kind: DependentKind,
    /// The policy's name, the generated column's name, or the function as
    /// `schema.name(identity arguments)`.
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DependentKind {
    Policy,
    GeneratedColumn,
    Function,
}

/// A view or materialized view reading a relation (a table, a view, …).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ViewDependency {
    pub view: QualifiedName,
    pub on: QualifiedName,
    /// The column read; None when the view depends on the relation as a whole.
    pub column: Option<String>,
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

    /// The word SQL names the kind with (`COMMENT ON MATERIALIZED VIEW …`,
    /// `DROP VIEW …`); a partitioned table is a `TABLE`.
    pub fn sql_keyword(self) -> &'static str {
        match self {
            RelationKind::Table | RelationKind::PartitionedTable => "TABLE",
            RelationKind::View => "VIEW",
            RelationKind::MaterializedView => "MATERIALIZED VIEW",
            RelationKind::ForeignTable => "FOREIGN TABLE",
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
    /// `relforcerowsecurity`: row security applies to the table's owner too.
    pub force_row_security: bool,
    /// In attribute-number order, dropped columns excluded.
    pub columns: Vec<Column>,
    /// Primary key, unique, foreign key, check and exclusion constraints.
    pub constraints: Vec<Constraint>,
    pub indexes: Vec<Index>,
    pub triggers: Vec<Trigger>,
    /// Row-level security policies, by name.
    pub policies: Vec<Policy>,
    /// Rewrite rules created with CREATE RULE (a view's own `_RETURN` rule is not one), by name.
    pub rules: Vec<RewriteRule>,
    /// For views and materialized views: `pg_get_viewdef`, trailing semicolon removed.
    pub view_definition: Option<String>,
    /// What a relation carries beyond its shape, kept when `fix` has to drop
    /// and re-create it (a view over a converted column).
    pub extras: RelationExtras,
    /// `pg_get_partkeydef` of a partitioned table: `RANGE (created_at)`.
    pub partition_key: Option<String>,
    /// `pg_get_expr(relpartbound)` of a partition: `FOR VALUES FROM (…) TO (…)` or `DEFAULT`.
    pub partition_bound: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct RelationExtras {
    pub owner: String,
    /// `reloptions`, e.g. `security_barrier=true`, `check_option=local`.
    pub options: Vec<String>,
    /// Privileges granted to others than the owner, from `relacl`.
    pub grants: Vec<Grant>,
    pub comment: Option<String>,
    /// False for a materialized view created `WITH NO DATA` and not refreshed since.
    pub populated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// A role name, or None for PUBLIC.
    pub grantee: Option<String>,
    /// `SELECT`, `INSERT`, … as `aclexplode` spells them.
    pub privilege: String,
    pub grantable: bool,
}

impl Relation {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The column numbered `position` (`attnum`), as keys refer to columns.
    pub fn column_at(&self, position: i16) -> Option<&Column> {
        self.columns.iter().find(|c| c.position == position)
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
    /// `attislocal`: defined by the table itself, not only inherited from a parent.
    pub local: bool,
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
    /// `conislocal`: defined on the table itself, not only inherited from a parent.
    pub local: bool,
    /// Foreign keys: MATCH FULL (`confmatchtype` 'f').
    pub match_full: bool,
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
    /// `pg_get_indexdef(oid)`: always for indexes of materialized views (which
    /// `fix` re-creates with them), for the others only when the catalog was
    /// read with [`Detail::Full`].
    pub definition: Option<String>,
    /// Per key part: the operator class, schema-qualified (`pg_catalog.text_pattern_ops`).
    pub opclasses: Vec<String>,
    /// Per key part: the collation's name, None for a type without collation.
    pub collations: Vec<Option<String>>,
    /// Per key part: sorted descending.
    pub descending: Vec<bool>,
    /// Per key part: NULLs sort first.
    pub nulls_first: Vec<bool>,
    /// Per key part: the operator class is its type's default for the method.
    pub opclass_default: Vec<bool>,
    /// Attached to an index of the parent (an index a partition gets from its partitioned table).
    pub inherited: bool,
    /// NULLS NOT DISTINCT (PostgreSQL 15+, `indnullsnotdistinct`).
    pub nulls_not_distinct: bool,
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
    /// A constraint trigger's `DEFERRABLE` and `INITIALLY DEFERRED`.
    pub deferrable: bool,
    pub initially_deferred: bool,
    /// The arguments given to the function (`EXECUTE FUNCTION f('a', 'b')`), as text.
    pub arguments: Vec<String>,
    /// Transition tables: `REFERENCING OLD TABLE AS old_table NEW TABLE AS new_table`.
    pub old_table: Option<String>,
    pub new_table: Option<String>,
    /// `pg_get_triggerdef(oid)`.
    pub definition: String,
    /// A clone of a trigger of the parent (a partition's copy of its partitioned table's trigger).
    pub cloned: bool,
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
    /// `proparallel`: 's' safe, 'r' restricted, 'u' unsafe.
    pub parallel: char,
    pub leakproof: bool,
    /// `proconfig`, e.g. `["search_path=public, pg_temp"]`.
    pub config: Vec<String>,
    /// `prosrc`: the body text between the quotes (empty for SQL-standard bodies).
    pub source: String,
    /// `pg_get_functiondef(oid)` (None for aggregates, which it does not support).
    pub definition: Option<String>,
    pub from_extension: bool,
    /// EXECUTE granted to others than the owner, from `proacl` (a NULL
    /// `proacl` is the default: EXECUTE to PUBLIC).
    pub grants: Vec<Grant>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserTypeKind {
    Enum,
    Domain,
    Composite,
    Range,
    /// Made and dropped with its range type (PostgreSQL 14+): never declared on its own.
    Multirange,
    Other,
}

impl UserTypeKind {
    /// `DOMAIN` for a domain, `TYPE` for every other kind (`DROP DOMAIN …`).
    pub fn sql_keyword(self) -> &'static str {
        if self == UserTypeKind::Domain { "DOMAIN" } else { "TYPE" }
    }

    /// Enums, domains and composites: the kinds a spec's `types:` declares.
    pub fn declarable(self) -> bool {
        matches!(self, UserTypeKind::Enum | UserTypeKind::Domain | UserTypeKind::Composite)
    }
}

#[derive(Debug, Clone)]
pub struct UserType {
    pub name: QualifiedName,
    pub kind: UserTypeKind,
    /// Enum labels in sort order.
    pub enum_labels: Vec<String>,
    /// Domain base type, `format_type` form.
    pub domain_base: Option<String>,
    /// Domains: NOT NULL.
    pub domain_not_null: bool,
    /// Domains: the default, as `pg_get_expr` prints it.
    pub domain_default: Option<String>,
    /// Domains: check constraints, by name.
    pub domain_checks: Vec<DomainCheck>,
    /// Composite types: attributes in order, each with its type as
    /// `format_type` prints it.
    pub attributes: Vec<(String, String)>,
    pub from_extension: bool,
    /// Objects the server records as using the type or its array type
    /// (columns, function arguments and results, domains, composite
    /// attributes); uses inside function bodies are not recorded.
    pub dependents: i32,
}

/// A check constraint of a domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainCheck {
    pub name: String,
    /// `pg_get_constraintdef`: `CHECK ((VALUE > 0))`, ` NOT VALID` at the end when not validated.
    pub definition: String,
    /// The bare expression: `(VALUE > 0)`.
    pub expression: String,
}

/// A row-level security policy.
#[derive(Debug, Clone)]
pub struct Policy {
    pub name: String,
    /// `ALL`, `SELECT`, `INSERT`, `UPDATE` or `DELETE`.
    pub command: String,
    /// False for `AS RESTRICTIVE`.
    pub permissive: bool,
    /// Role names; `public` for PUBLIC.
    pub roles: Vec<String>,
    pub using: Option<String>,
    pub with_check: Option<String>,
}

/// A rewrite rule made with CREATE RULE.
#[derive(Debug, Clone)]
pub struct RewriteRule {
    pub name: String,
    /// `SELECT`, `UPDATE`, `INSERT` or `DELETE`.
    pub event: String,
    /// DO INSTEAD rather than DO ALSO.
    pub instead: bool,
    /// `ev_enabled`: 'O' enabled, 'D' disabled, 'R' replica, 'A' always.
    pub enabled: char,
    /// `pg_get_ruledef(oid)`.
    pub definition: String,
}

#[derive(Debug, Clone)]
pub struct Sequence {
    pub name: QualifiedName,
    /// `smallint`, `integer` or `bigint`.
    pub data_type: String,
    pub start: i64,
    pub increment: i64,
    pub min: i64,
    pub max: i64,
    pub cycle: bool,
    /// Values preallocated per session (`CACHE`), 1 when not cached.
    pub cache: i64,
    /// The last value handed out; None when `nextval` was never called, when
    /// the role may not read the sequence (see `readable`), or when the
    /// catalog was read with [`Detail::Lean`].
    pub last_value: Option<i64>,
    /// The role has SELECT or USAGE on the sequence, so `last_value` was read.
    pub readable: bool,
    /// The column the sequence belongs to (SERIAL, OWNED BY, identity).
    pub owned_by: Option<SequenceOwner>,
    /// Columns whose default calls `nextval` on it, by table then column.
    pub used_by_defaults: Vec<(QualifiedName, String)>,
    pub from_extension: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SequenceOwner {
    pub table: QualifiedName,
    pub column: String,
    /// The sequence of an identity column (rather than SERIAL or OWNED BY).
    pub identity: bool,
}

/// An object a comment is on, as far as lint findings can be about it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CommentTarget {
    Schema(String),
    /// A table, view, materialized view, index, sequence or foreign table.
    Relation(QualifiedName),
    Column(QualifiedName, String),
    /// A table's constraint: the table, the constraint's name.
    Constraint(QualifiedName, String),
    Trigger(QualifiedName, String),
    Policy(QualifiedName, String),
    Rule(QualifiedName, String),
    /// A function: its name and its argument types as `format_type` prints
    /// them, joined with `, ` (as [`Function::argument_types`]).
    Function(QualifiedName, String),
    Type(QualifiedName),
    /// An extension, by name.
    Extension(String),
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
    /// For each conversion asked about, how many of the column's values would
    /// not convert, or why that could not be measured (the server's message, or
    /// a target type that cannot be measured on this server version).
    pub conversions: BTreeMap<Conversion, Result<ConversionCount, String>>,
    /// For each text column asked about, how many of a bounded sample of its
    /// values are UUIDs in their canonical text form, or the server's message.
    pub uuid_samples: BTreeMap<(QualifiedName, String), Result<UuidSample, String>>,
    /// For each constraint `fix` would add, the rows that would keep it from
    /// being added (see `catalog::violation`), or the server's message.
    pub violations: BTreeMap<super::violation::Violation, Result<super::violation::ViolationCount, String>>,
    /// The last value of each sequence asked about (None: never used, or not
    /// readable); moved into [`Sequence::last_value`] by [`Snapshot::set_answers`].
    pub sequence_positions: BTreeMap<QualifiedName, Option<i64>>,
}

impl Snapshot {
    /// Keeps `answers`, the sequence positions among them in the sequences
    /// themselves (where a full read puts them), so that readers of the
    /// snapshot look in one place whatever the read's detail.
    pub fn set_answers(&mut self, mut answers: Answers) {
        for (name, last_value) in std::mem::take(&mut answers.sequence_positions) {
            if let Some(sequence) = self.sequences.get_mut(&name) {
                sequence.last_value = last_value;
            }
        }
        self.answers = answers;
    }
}

/// A bounded look at a text column's values: are they UUIDs?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UuidSample {
    /// Non-null values read (at most `catalog::UUID_SAMPLE_LIMIT`).
    pub read: i64,
    /// Of those, the values that are not a UUID in canonical text form.
    pub not_uuid: i64,
    /// True when every non-null value of the column was read; false when the
    /// values came from a sample of the table's pages or the read stopped at
    /// the limit.
    pub whole_column: bool,
}

/// A column's values read as values of another type, as `ALTER COLUMN … TYPE
/// <target_type> USING <column>::text::<target_type>` would read them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Conversion {
    pub table: QualifiedName,
    pub column: String,
    /// As `format_type` (or the type normaliser) prints it: `uuid`, `bigint`,
    /// `numeric(10,2)`, `timestamp with time zone`, `character varying(20)`.
    pub target_type: String,
}

/// How a column's values fare when converted (see [`Conversion`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversionCount {
    /// Rows in which the column is not null (the values that get converted).
    pub non_null: i64,
    /// Of those, the values that would not convert.
    pub invalid: i64,
    /// Up to five of the invalid values as text, smallest first (byte order).
    pub samples: Vec<String>,
}

/// An expression the server is asked to put in canonical form, with the context
/// it must be read in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CanonicalQuestion {
    /// A column default, read as a value of the given type.
    Default { expression: String, type_sql: String },
    /// A boolean expression over a table's columns (check constraints, index predicates, trigger WHEN).
    TableExpression { table: QualifiedName, expression: String },
    /// A query (a view's definition). `schema`: read with that schema first
    /// on the search path (then `public`), as the spec's view queries are,
    /// so that `FROM orders` in a view of schema `billing` means
    /// `billing.orders`; None: read as connected, as the server's own
    /// definitions are (they qualify every name not visible then).
    Query { sql: String, schema: Option<String> },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn qn(name: &str) -> QualifiedName {
        QualifiedName::new("app", name)
    }

    fn reads(view: &str, on: &str, column: Option<&str>) -> ViewDependency {
        ViewDependency { view: qn(view), on: qn(on), column: column.map(str::to_string) }
    }

    #[test]
    fn dependent_views_come_after_the_views_they_read() {
        let snapshot = Snapshot {
            view_dependencies: vec![
                reads("v1", "t", Some("a")),
                reads("v2", "t", Some("b")),
                reads("v3", "v1", Some("x")),
                reads("v4", "v3", Some("y")),
                reads("v4", "v1", None),
                reads("v4", "t", Some("a")),
                reads("m1", "v4", Some("z")),
                reads("a_view", "t", Some("a")),
                reads("whole", "t", None),
                reads("on_whole", "whole", Some("t")),
                reads("on_v2", "v2", Some("b")),
                reads("elsewhere", "u", Some("a")),
            ],
            ..Snapshot::default()
        };
        let names = |views: Vec<QualifiedName>| views.into_iter().map(|v| v.name).collect::<Vec<_>>();
        // m1 sorts first by name but reads v4, which reads v3 and v1.
        assert_eq!(names(snapshot.dependent_views(&qn("t"), "a")), ["a_view", "v1", "v3", "v4", "m1"]);
        assert_eq!(names(snapshot.dependent_views(&qn("t"), "b")), ["v2", "on_v2"]);
        assert!(snapshot.dependent_views(&qn("t"), "c").is_empty(), "whole-relation readers are not needed");
        assert_eq!(names(snapshot.dependent_views(&qn("v3"), "y")), ["v4", "m1"]);
        assert!(snapshot.dependent_views(&qn("nope"), "a").is_empty());
    }

    #[test]
    fn views_found_through_several_columns_come_in_one_order() {
        let snapshot = Snapshot {
            view_dependencies: vec![
                reads("a_reads_b", "t", Some("x")),
                reads("a_reads_b", "b_view", Some("y")),
                reads("b_view", "t", Some("y")),
                reads("other", "u", Some("z")),
            ],
            ..Snapshot::default()
        };
        let (t, u) = (qn("t"), qn("u"));
        let names = |views: Vec<QualifiedName>| views.into_iter().map(|v| v.name).collect::<Vec<_>>();
        assert_eq!(
            names(snapshot.dependent_views_of_columns(&[(&t, "x"), (&t, "y"), (&u, "z")])),
            ["b_view", "a_reads_b", "other"]
        );
    }

    #[test]
    fn a_dependency_cycle_loses_no_view() {
        let snapshot = Snapshot {
            view_dependencies: vec![
                reads("c1", "t", Some("a")),
                reads("c2", "c1", Some("x")),
                reads("c1", "c2", Some("x")),
                reads("d", "c2", Some("x")),
            ],
            ..Snapshot::default()
        };
        let views = snapshot.dependent_views(&qn("t"), "a");
        assert_eq!(views, [qn("c1"), qn("c2"), qn("d")]);
    }
}
