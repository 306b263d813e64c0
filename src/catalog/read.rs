//! Reading a live database's catalog into a [`Snapshot`] in a fixed number of
//! bulk queries: one per object kind, never one per table, so a 10,000-table
//! database costs the same number of round trips as a 10-table one.
//!
//! The caller opens the transaction (READ ONLY, with `statement_timeout`; ideally
//! REPEATABLE READ so that all queries see one catalog state) and keeps control
//! of it; this module only reads. Every statement is sent through
//! [`CatalogReader::send`], which counts it and uses the extended protocol
//! (`query_typed`: Parse/Bind/Execute in one round trip), so a `;` in any text
//! cannot start a second statement.
//!
//! The queries live in `queries/*.sql`, each with a comment on the catalog quirks
//! it handles and on version differences. All of them read the same catalog
//! columns on PostgreSQL 13 to 18, so no text variant is needed today; versions
//! before 13 (no `pg_trigger.tgparentid`) are refused up front with a clear
//! error rather than failing later on a missing column.

use std::collections::{BTreeMap, HashMap};

use postgres::Transaction;
use postgres::types::FromSql;
use postgres::{Row, types::Type};

use super::answer::Questions;
use super::error::CatalogError;
use super::snapshot::*;
use crate::sql::foreign_key::ForeignKeyClause;

const VERSION_SQL: &str = include_str!("queries/version.sql");
const SCHEMAS_SQL: &str = include_str!("queries/schemas.sql");
const EXTENSIONS_SQL: &str = include_str!("queries/extensions.sql");
const RELATIONS_SQL: &str = include_str!("queries/relations.sql");
const COLUMNS_SQL: &str = include_str!("queries/columns.sql");
const CONSTRAINTS_SQL: &str = include_str!("queries/constraints.sql");
const INDEXES_SQL: &str = include_str!("queries/indexes.sql");
const INDEX_VOCABULARY_SQL: &str = include_str!("queries/index_vocabulary.sql");
const TRIGGERS_SQL: &str = include_str!("queries/triggers.sql");
const FUNCTIONS_SQL: &str = include_str!("queries/functions.sql");
const TYPES_SQL: &str = include_str!("queries/types.sql");
const VIEW_DEPENDENCIES_SQL: &str = include_str!("queries/view_dependencies.sql");
const POLICIES_SQL: &str = include_str!("queries/policies.sql");
const RULES_SQL: &str = include_str!("queries/rules.sql");
const SEQUENCES_SQL: &str = include_str!("queries/sequences.sql");
const COMMENTS_SQL: &str = include_str!("queries/comments.sql");
const COLUMN_DEPENDENTS_SQL: &str = include_str!("queries/column_dependents.sql");
const EVENT_TRIGGERS_SQL: &str = include_str!("queries/event_triggers.sql");

/// Statements [`CatalogReader::read_catalog`] sends, whatever the database's size:
/// version, schemas, extensions, relations (with view definitions), columns,
/// constraints, index vocabulary, indexes, triggers, policies, rules,
/// functions, types, view dependencies, sequences, comments, column
/// dependents, event triggers.
pub const CATALOG_STATEMENTS: usize = 18;

/// Oldest `server_version_num` read (PostgreSQL 13.0).
pub const MIN_SERVER_VERSION_NUM: i32 = 130_000;

/// Reads the catalog to `detail`, then asks the server `questions`; see
/// [`CatalogReader`].
pub fn read(
    tx: &mut Transaction<'_>,
    detail: Detail,
    questions: &Questions,
) -> Result<Snapshot, CatalogError> {
    CatalogReader::new(tx).detail(detail).read(questions)
}

/// Reads the catalog, then asks the questions `ask` derives from it. Use this
/// when questions depend on what the database holds, e.g. the canonical form of
/// a column's current default, which must be asked the same way as the spec's.
pub fn read_with(
    tx: &mut Transaction<'_>,
    detail: Detail,
    ask: impl FnOnce(&Snapshot) -> Questions,
) -> Result<Snapshot, CatalogError> {
    CatalogReader::new(tx).detail(detail).read_with(ask)
}

/// A catalog read in progress on a caller's transaction, counting the
/// statements it sends (the number does not depend on the database's size).
pub struct CatalogReader<'t, 'c> {
    tx: &'t mut Transaction<'c>,
    sent: usize,
    detail: Detail,
    helper: Option<OpenSession<'t>>,
    split_from: usize,
}

/// Opens a second session to the database being read, with the guard that
/// keeps its queries cancellable by Ctrl-C; None when it cannot (a
/// connection limit, say), and the read goes on alone.
pub type OpenSession<'o> = &'o (dyn Fn() -> Option<(postgres::Client, crate::interrupt::Watch)> + Sync);

/// From this many relations on, a reader given a helper session reads the
/// columns and sequences on it while its own session reads the constraints
/// and indexes: the server works on two cores, and each side decodes while
/// the other waits. Below it a second connection costs more than it saves
/// (a TLS handshake to a distant server is tens of milliseconds).
pub const SPLIT_FROM: usize = 2000;

impl<'t, 'c> CatalogReader<'t, 'c> {
    /// A reader of everything ([`Detail::Full`] unless [`Self::detail`] says less).
    pub fn new(tx: &'t mut Transaction<'c>) -> CatalogReader<'t, 'c> {
        CatalogReader { tx, sent: 0, detail: Detail::Full, helper: None, split_from: SPLIT_FROM }
    }

    /// A second session for large catalogs (see [`SPLIT_FROM`]); it reads
    /// from this session's snapshot, so the result is the same either way.
    /// Only for a transaction that has written nothing (a second session
    /// cannot see uncommitted changes).
    pub fn helper(mut self, open: OpenSession<'t>) -> Self {
        self.helper = Some(open);
        self
    }

    /// Splits the read from `relations` relations on instead of [`SPLIT_FROM`].
    pub fn split_from(mut self, relations: usize) -> Self {
        self.split_from = relations;
        self
    }

    pub fn detail(mut self, detail: Detail) -> Self {
        self.detail = detail;
        self
    }

    /// Statements sent to the server so far (each one round trip), including
    /// savepoint handling while answering questions.
    pub fn statements_sent(&self) -> usize {
        self.sent
    }

    /// Sends one statement without parameters, counting it.
    pub(crate) fn send(&mut self, sql: &str) -> Result<Vec<Row>, postgres::Error> {
        self.sent += 1;
        self.tx.query_typed(sql, &[])
    }

    /// Sends one statement whose `$1` says whether the read is [`Detail::Full`].
    fn send_detailed(&mut self, what: &'static str, sql: &str) -> Result<Vec<Row>, CatalogError> {
        self.sent += 1;
        let full = self.detail == Detail::Full;
        self.tx.query_typed(sql, &[(&full, Type::BOOL)]).map_err(|e| CatalogError::query(what, &e))
    }

    /// The catalog, then the answers to `questions`.
    pub fn read(&mut self, questions: &Questions) -> Result<Snapshot, CatalogError> {
        let mut snapshot = self.read_catalog()?;
        let answers = self.answer(&snapshot, questions)?;
        snapshot.set_answers(answers);
        Ok(snapshot)
    }

    /// The catalog, then the answers to the questions `ask` derives from it.
    pub fn read_with(&mut self, ask: impl FnOnce(&Snapshot) -> Questions) -> Result<Snapshot, CatalogError> {
        let mut snapshot = self.read_catalog()?;
        let questions = ask(&snapshot);
        let answers = self.answer(&snapshot, &questions)?;
        snapshot.set_answers(answers);
        Ok(snapshot)
    }

    /// The catalog alone (no answers), in [`CATALOG_STATEMENTS`] statements.
    pub fn read_catalog(&mut self) -> Result<Snapshot, CatalogError> {
        let mut snapshot = Snapshot::default();

        let rows = self.fetch("server version", VERSION_SQL)?;
        let row = rows.first().ok_or(CatalogError::Decode {
            what: "server version",
            column: "version_num".into(),
            message: "no row returned".into(),
        })?;
        let r = Fields::new(row, "server version");
        snapshot.server_version_num = r.get("version_num")?;
        snapshot.database = r.get("database")?;
        snapshot.roles = r.get::<Vec<String>>("roles")?.into_iter().collect();
        if snapshot.server_version_num < MIN_SERVER_VERSION_NUM {
            return Err(CatalogError::UnsupportedServer {
                version: r.get("version")?,
                version_num: snapshot.server_version_num,
            });
        }

        for row in &self.fetch("schemas", SCHEMAS_SQL)? {
            let r = Fields::new(row, "schemas");
            let schema: String = r.get("name")?;
            for name in r.get::<Vec<String>>("collations")? {
                snapshot.collations.push(QualifiedName::new(&schema, name));
            }
            snapshot.schemas.push(schema);
        }
        snapshot.schemas.sort();

        for row in &self.fetch("extensions", EXTENSIONS_SQL)? {
            let r = Fields::new(row, "extensions");
            snapshot.extensions.push(Extension {
                name: r.get("name")?,
                schema: r.get("schema")?,
                version: r.get("version")?,
            });
        }
        snapshot.extensions.sort_by(|a, b| a.name.cmp(&b.name));

        let mut relations = self.relations()?;
        let version = snapshot.server_version_num;
        // The four largest queries; constraints and indexes are decoded once
        // the columns they name are in.
        let mut session = match self.helper {
            Some(open) if relations.len() >= self.split_from => self.helper_session(open)?,
            _ => None,
        };
        // A second session that cannot take the snapshot leaves the read to this one.
        let helper = session.as_mut().and_then(|(client, id, _watch)| start_from_snapshot(client, id).ok());
        let (columns, sequences, constraint_rows, (vocabulary, index_rows)) = match helper {
            Some(mut tx) => {
                let detail = self.detail;
                std::thread::scope(|scope| {
                    let other = scope.spawn(move || {
                        let mut reader = CatalogReader::new(&mut tx).detail(detail);
                        let columns = reader.columns()?;
                        let sequences = reader.sequences()?;
                        Ok::<_, CatalogError>((columns, sequences, reader.sent))
                    });
                    let constraint_rows = self.constraint_rows(version);
                    let index_rows = self.index_rows(version);
                    let (columns, sequences, sent) = other.join().map_err(|_| CatalogError::Decode {
                        what: "columns",
                        column: String::new(),
                        message: "the second session's reader stopped".into(),
                    })??;
                    self.sent += sent;
                    Ok::<_, CatalogError>((columns, sequences, constraint_rows?, index_rows?))
                })?
            }
            None => {
                let columns = self.columns()?;
                let constraint_rows = self.constraint_rows(version)?;
                let index_rows = self.index_rows(version)?;
                (columns, self.sequences()?, constraint_rows, index_rows)
            }
        };
        for (relid, column) in columns {
            // A relation created between two queries (READ COMMITTED) is skipped.
            if let Some(relation) = relations.get_mut(&relid) {
                relation.columns.push(column);
            }
        }
        constraints(&constraint_rows, &mut relations)?;
        indexes(&vocabulary, &index_rows, &mut relations)?;
        self.triggers(&mut relations)?;
        self.policies(&mut relations)?;
        self.rules(&mut relations)?;
        for mut relation in relations.into_values() {
            relation.columns.sort_by_key(|c| c.position);
            relation.constraints.sort_by(|a, b| a.name.cmp(&b.name));
            relation.indexes.sort_by(|a, b| a.name.cmp(&b.name));
            relation.triggers.sort_by(|a, b| a.name.cmp(&b.name));
            relation.policies.sort_by(|a, b| a.name.cmp(&b.name));
            relation.rules.sort_by(|a, b| a.name.cmp(&b.name));
            snapshot.relations.insert(relation.name.clone(), relation);
        }

        snapshot.functions = self.functions()?;
        snapshot.types = self.types()?;
        snapshot.view_dependencies = self.view_dependencies()?;
        snapshot.column_dependents = self.column_dependents()?;
        snapshot.sequences = sequences;
        snapshot.comments = self.comments()?;
        for relation in snapshot.relations.values_mut() {
            relation.extras.comment =
                snapshot.comments.get(&CommentTarget::Relation(relation.name.clone())).cloned();
        }
        snapshot.event_triggers = self.event_triggers()?;
        Ok(snapshot)
    }

    /// A second session reading from this one's snapshot, or None when it
    /// cannot be had: the read then goes on alone, as for a small catalog.
    fn helper_session(
        &mut self,
        open: OpenSession<'_>,
    ) -> Result<Option<(postgres::Client, String, crate::interrupt::Watch)>, CatalogError> {
        let Some((client, watch)) = open() else { return Ok(None) };
        // Not counted: it coordinates the sessions and asks nothing.
        let rows = self
            .tx
            .query_typed("SELECT pg_catalog.pg_export_snapshot() AS id", &[])
            .map_err(|e| CatalogError::query("snapshot export", &e))?;
        let id: Option<String> =
            rows.first().map(|row| Fields::new(row, "snapshot export").get("id")).transpose()?;
        Ok(id.map(|id| (client, id, watch)))
    }

    fn fetch(&mut self, what: &'static str, sql: &str) -> Result<Vec<Row>, CatalogError> {
        self.send(sql).map_err(|e| CatalogError::query(what, &e))
    }

    fn relations(&mut self) -> Result<HashMap<u32, Relation>, CatalogError> {
        const WHAT: &str = "relations";
        let mut relations = HashMap::new();
        for row in &self.fetch(WHAT, RELATIONS_SQL)? {
            let r = Fields::new(row, WHAT);
            let kind = match r.get::<String>("kind")?.as_str() {
                "r" => RelationKind::Table,
                "p" => RelationKind::PartitionedTable,
                "v" => RelationKind::View,
                "m" => RelationKind::MaterializedView,
                "f" => RelationKind::ForeignTable,
                other => return Err(r.unexpected("kind", other)),
            };
            let parent_schemas: Vec<String> = r.get("parent_schemas")?;
            let parent_names: Vec<String> = r.get("parent_names")?;
            let mut parents: Vec<QualifiedName> = parent_schemas
                .into_iter()
                .zip(parent_names)
                .map(|(schema, name)| QualifiedName { schema, name })
                .collect();
            let partition_of = if r.get::<bool>("is_partition")? && !parents.is_empty() {
                Some(parents.remove(0))
            } else {
                None
            };
            let oid: u32 = r.get("oid")?;
            relations.insert(
                oid,
                Relation {
                    oid,
                    name: QualifiedName::new(r.get::<String>("schema")?, r.get::<String>("name")?),
                    kind,
                    partition_of,
                    inherits: parents,
                    estimated_rows: r.get("estimated_rows")?,
                    from_extension: r.get("from_extension")?,
                    row_security: r.get("row_security")?,
                    force_row_security: r.get("force_row_security")?,
                    columns: Vec::new(),
                    constraints: Vec::new(),
                    indexes: Vec::new(),
                    triggers: Vec::new(),
                    policies: Vec::new(),
                    rules: Vec::new(),
                    view_definition: r
                        .get::<Option<String>>("view_definition")?
                        .map(|text| trim_view_definition(&text)),
                    extras: RelationExtras {
                        owner: r.get("owner")?,
                        options: r.get("options")?,
                        grants: grants(&r)?,
                        // From comments.sql, the one place comments are read.
                        comment: None,
                        populated: r.get("populated")?,
                    },
                    partition_key: r.get("partition_key")?,
                    partition_bound: r.get("partition_bound")?,
                },
            );
        }
        Ok(relations)
    }

    /// Every column, with the oid of its relation.
    fn columns(&mut self) -> Result<Vec<(u32, Column)>, CatalogError> {
        const WHAT: &str = "columns";
        let rows = self.fetch(WHAT, COLUMNS_SQL)?;
        let mut columns = Vec::with_capacity(rows.len());
        for row in &rows {
            let r = Fields::new(row, WHAT);
            let identity = match r.get::<String>("identity")?.as_str() {
                "" => None,
                "a" => Some(Identity::Always),
                "d" => Some(Identity::ByDefault),
                other => return Err(r.unexpected("identity", other)),
            };
            let generated = match r.get::<String>("generated")?.as_str() {
                "" => None,
                "s" => Some(Generated::Stored),
                "v" => Some(Generated::Virtual),
                other => return Err(r.unexpected("generated", other)),
            };
            let column = Column {
                name: r.get("name")?,
                position: r.get("position")?,
                type_display: r.get("type_display")?,
                type_schema: r.get("type_schema")?,
                type_name: r.get("type_name")?,
                array_dims: r.get("array_dims")?,
                domain_base: r.get("domain_base")?,
                not_null: r.get("not_null")?,
                default: r.get("default_expr")?,
                identity,
                generated,
                collation: r.get("collation")?,
                local: r.get("is_local")?,
            };
            columns.push((r.get("relid")?, column));
        }
        Ok(columns)
    }

    /// The rows of constraints.sql, decoded by [`constraints`].
    fn constraint_rows(&mut self, version: i32) -> Result<Vec<Row>, CatalogError> {
        // confdelsetcols exists since PostgreSQL 15; before, no key has it.
        let delete_set = if version >= 150_000 { "co.confdelsetcols" } else { "NULL::pg_catalog.int2[]" };
        self.fetch("constraints", &CONSTRAINTS_SQL.replace("/* delete_set_attnums */", delete_set))
    }

    /// The index vocabulary and the rows of indexes.sql, decoded by [`indexes`].
    fn index_rows(&mut self, version: i32) -> Result<(IndexVocabulary, Vec<Row>), CatalogError> {
        let mut vocabulary = IndexVocabulary::default();
        for row in &self.fetch("index vocabulary", INDEX_VOCABULARY_SQL)? {
            let r = Fields::new(row, "index vocabulary");
            let oid: u32 = r.get("oid")?;
            if r.get::<String>("kind")? == "o" {
                vocabulary.opclasses.insert(oid, (r.get("name")?, r.get("is_default")?));
            } else {
                vocabulary.collations.insert(oid, r.get("name")?);
            }
        }
        // indnullsnotdistinct exists since PostgreSQL 15; before, no index has it.
        let nulls_not_distinct = if version >= 150_000 { "i.indnullsnotdistinct" } else { "false" };
        let sql = INDEXES_SQL.replace("/* nulls_not_distinct */", nulls_not_distinct);
        Ok((vocabulary, self.send_detailed("indexes", &sql)?))
    }

    fn triggers(&mut self, relations: &mut HashMap<u32, Relation>) -> Result<(), CatalogError> {
        const WHAT: &str = "triggers";
        for row in &self.fetch(WHAT, TRIGGERS_SQL)? {
            let r = Fields::new(row, WHAT);
            let Some(relation) = relations.get_mut(&r.get::<u32>("relid")?) else {
                continue;
            };
            let bits: i32 = r.get("type_bits")?;
            let (timing, events, for_each_row) = decode_trigger_type(bits);
            let enabled = r.get::<String>("enabled")?.chars().next().unwrap_or('O');
            let definition: String = r.get("definition")?;
            relation.triggers.push(Trigger {
                name: r.get("name")?,
                timing,
                events,
                update_columns: r.get("update_columns")?,
                for_each_row,
                function: QualifiedName::new(
                    r.get::<String>("function_schema")?,
                    r.get::<String>("function_name")?,
                ),
                enabled,
                when: trigger_when_clause(&definition),
                constraint_trigger: r.get("constraint_trigger")?,
                deferrable: r.get("deferrable")?,
                initially_deferred: r.get("initially_deferred")?,
                arguments: trigger_arguments(&r.get::<String>("arguments_hex")?),
                old_table: r.get("old_table")?,
                new_table: r.get("new_table")?,
                definition,
                cloned: r.get("cloned")?,
            });
        }
        Ok(())
    }

    fn policies(&mut self, relations: &mut HashMap<u32, Relation>) -> Result<(), CatalogError> {
        const WHAT: &str = "policies";
        for row in &self.fetch(WHAT, POLICIES_SQL)? {
            let r = Fields::new(row, WHAT);
            let Some(relation) = relations.get_mut(&r.get::<u32>("relid")?) else {
                continue;
            };
            let command = match r.get::<String>("command")?.as_str() {
                "*" => "ALL",
                "r" => "SELECT",
                "a" => "INSERT",
                "w" => "UPDATE",
                "d" => "DELETE",
                other => return Err(r.unexpected("command", other)),
            };
            relation.policies.push(Policy {
                name: r.get("name")?,
                command: command.to_string(),
                permissive: r.get("permissive")?,
                roles: r.get::<Vec<Option<String>>>("roles")?.into_iter().flatten().collect(),
                using: r.get("using_expr")?,
                with_check: r.get("with_check_expr")?,
            });
        }
        Ok(())
    }

    fn rules(&mut self, relations: &mut HashMap<u32, Relation>) -> Result<(), CatalogError> {
        const WHAT: &str = "rules";
        for row in &self.fetch(WHAT, RULES_SQL)? {
            let r = Fields::new(row, WHAT);
            let Some(relation) = relations.get_mut(&r.get::<u32>("relid")?) else {
                continue;
            };
            let event = match r.get::<String>("event")?.as_str() {
                "1" => "SELECT",
                "2" => "UPDATE",
                "3" => "INSERT",
                "4" => "DELETE",
                other => return Err(r.unexpected("event", other)),
            };
            relation.rules.push(RewriteRule {
                name: r.get("name")?,
                event: event.to_string(),
                instead: r.get("instead")?,
                enabled: r.get::<String>("enabled")?.chars().next().unwrap_or('O'),
                definition: r.get("definition")?,
            });
        }
        Ok(())
    }

    fn sequences(&mut self) -> Result<BTreeMap<QualifiedName, Sequence>, CatalogError> {
        const WHAT: &str = "sequences";
        let mut sequences = BTreeMap::new();
        for row in &self.send_detailed(WHAT, SEQUENCES_SQL)? {
            let r = Fields::new(row, WHAT);
            let name = QualifiedName::new(r.get::<String>("schema")?, r.get::<String>("name")?);
            let owned_by = match (
                r.get::<Option<String>>("owner_schema")?,
                r.get::<Option<String>>("owner_table")?,
                r.get::<Option<String>>("owner_column")?,
            ) {
                (Some(schema), Some(table), Some(column)) => Some(SequenceOwner {
                    table: QualifiedName::new(schema, table),
                    column,
                    identity: r.get::<Option<bool>>("owned_by_identity")?.unwrap_or(false),
                }),
                _ => None,
            };
            let schemas: Vec<String> = r.get("default_schemas")?;
            let tables: Vec<String> = r.get("default_tables")?;
            let columns: Vec<String> = r.get("default_columns")?;
            let used_by_defaults = schemas
                .into_iter()
                .zip(tables)
                .zip(columns)
                .map(|((schema, table), column)| (QualifiedName::new(schema, table), column))
                .collect();
            sequences.insert(
                name.clone(),
                Sequence {
                    name,
                    data_type: r.get("data_type")?,
                    start: r.get("start_value")?,
                    increment: r.get("increment")?,
                    min: r.get("min_value")?,
                    max: r.get("max_value")?,
                    cycle: r.get("cycle")?,
                    cache: r.get("cache")?,
                    last_value: r.get("last_value")?,
                    readable: r.get("readable")?,
                    owned_by,
                    used_by_defaults,
                    from_extension: r.get("from_extension")?,
                },
            );
        }
        Ok(sequences)
    }

    fn comments(&mut self) -> Result<BTreeMap<CommentTarget, String>, CatalogError> {
        const WHAT: &str = "comments";
        let mut comments = BTreeMap::new();
        for row in &self.fetch(WHAT, COMMENTS_SQL)? {
            let r = Fields::new(row, WHAT);
            let schema: String = r.get("schema")?;
            let name: Option<String> = r.get("name")?;
            let part: Option<String> = r.get("part")?;
            let kind: String = r.get("kind")?;
            let qualified = || QualifiedName::new(schema.clone(), name.clone().unwrap_or_default());
            let part_name = || part.clone().unwrap_or_default();
            let target = match kind.as_str() {
                "schema" => CommentTarget::Schema(schema.clone()),
                "relation" => CommentTarget::Relation(qualified()),
                "column" => CommentTarget::Column(qualified(), part_name()),
                "constraint" => CommentTarget::Constraint(qualified(), part_name()),
                "trigger" => CommentTarget::Trigger(qualified(), part_name()),
                "policy" => CommentTarget::Policy(qualified(), part_name()),
                "rule" => CommentTarget::Rule(qualified(), part_name()),
                "function" => CommentTarget::Function(qualified(), part_name()),
                "type" => CommentTarget::Type(qualified()),
                "extension" => CommentTarget::Extension(name.clone().unwrap_or_default()),
                other => return Err(r.unexpected("kind", other)),
            };
            comments.insert(target, r.get("text")?);
        }
        Ok(comments)
    }

    fn functions(&mut self) -> Result<BTreeMap<QualifiedName, Vec<Function>>, CatalogError> {
        const WHAT: &str = "functions";
        let mut functions: BTreeMap<QualifiedName, Vec<Function>> = BTreeMap::new();
        for row in &self.fetch(WHAT, FUNCTIONS_SQL)? {
            let r = Fields::new(row, WHAT);
            let kind = match r.get::<String>("kind")?.as_str() {
                "f" => RoutineKind::Function,
                "p" => RoutineKind::Procedure,
                "a" => RoutineKind::Aggregate,
                "w" => RoutineKind::Window,
                other => return Err(r.unexpected("kind", other)),
            };
            let volatility = match r.get::<String>("volatility")?.as_str() {
                "i" => Volatility::Immutable,
                "s" => Volatility::Stable,
                "v" => Volatility::Volatile,
                other => return Err(r.unexpected("volatility", other)),
            };
            let name = QualifiedName::new(r.get::<String>("schema")?, r.get::<String>("name")?);
            let function = Function {
                oid: r.get("oid")?,
                name: name.clone(),
                kind,
                argument_types: r.get("argument_types")?,
                identity_arguments: r.get("identity_arguments")?,
                result: r.get("result")?,
                language: r.get("language")?,
                volatility,
                security_definer: r.get("security_definer")?,
                strict: r.get("strict")?,
                parallel: r.get::<String>("parallel")?.chars().next().unwrap_or('u'),
                leakproof: r.get("leakproof")?,
                config: r.get::<Option<Vec<String>>>("config")?.unwrap_or_default(),
                source: r.get::<Option<String>>("source")?.unwrap_or_default(),
                definition: r.get("definition")?,
                from_extension: r.get("from_extension")?,
                grants: grants(&r)?,
            };
            functions.entry(name).or_default().push(function);
        }
        for overloads in functions.values_mut() {
            overloads.sort_by(|a, b| {
                (&a.argument_types, &a.identity_arguments, a.oid).cmp(&(
                    &b.argument_types,
                    &b.identity_arguments,
                    b.oid,
                ))
            });
        }
        Ok(functions)
    }

    fn event_triggers(&mut self) -> Result<Vec<EventTrigger>, CatalogError> {
        const WHAT: &str = "event triggers";
        let mut out = Vec::new();
        for row in &self.fetch(WHAT, EVENT_TRIGGERS_SQL)? {
            let r = Fields::new(row, WHAT);
            out.push(EventTrigger {
                name: r.get("name")?,
                event: r.get("event")?,
                function: QualifiedName::new(
                    r.get::<String>("function_schema")?,
                    r.get::<String>("function_name")?,
                ),
                tags: r.get::<Option<Vec<String>>>("tags")?.unwrap_or_default(),
                enabled: r.get::<String>("enabled")?.chars().next().unwrap_or('O'),
            });
        }
        Ok(out)
    }

    fn types(&mut self) -> Result<BTreeMap<QualifiedName, UserType>, CatalogError> {
        const WHAT: &str = "types";
        let mut types = BTreeMap::new();
        for row in &self.fetch(WHAT, TYPES_SQL)? {
            let r = Fields::new(row, WHAT);
            let kind = match r.get::<String>("kind")?.as_str() {
                "e" => UserTypeKind::Enum,
                "d" => UserTypeKind::Domain,
                "c" => UserTypeKind::Composite,
                "r" => UserTypeKind::Range,
                "m" => UserTypeKind::Multirange,
                _ => UserTypeKind::Other,
            };
            let name = QualifiedName::new(r.get::<String>("schema")?, r.get::<String>("name")?);
            types.insert(
                name.clone(),
                UserType {
                    name,
                    kind,
                    enum_labels: r.get("enum_labels")?,
                    domain_base: r.get("domain_base")?,
                    domain_not_null: r.get("domain_not_null")?,
                    domain_default: r.get("domain_default")?,
                    domain_checks: domain_checks(&r)?,
                    attributes: attributes(&r)?,
                    from_extension: r.get("from_extension")?,
                    dependents: r.get("dependents")?,
                },
            );
        }
        Ok(types)
    }

    fn column_dependents(&mut self) -> Result<Vec<ColumnDependent>, CatalogError> {
        const WHAT: &str = "column dependents";
        let mut dependents = Vec::new();
        for row in &self.fetch(WHAT, COLUMN_DEPENDENTS_SQL)? {
            let r = Fields::new(row, WHAT);
            let kind = match r.get::<String>("kind")?.as_str() {
                "policy" => DependentKind::Policy,
                "generated" => DependentKind::GeneratedColumn,
                "function" => DependentKind::Function,
                other => return Err(r.unexpected("kind", other)),
            };
            dependents.push(ColumnDependent {
                table: QualifiedName::new(r.get::<String>("schema")?, r.get::<String>("table_name")?),
                column: r.get("column_name")?,
                kind,
                name: r.get("name")?,
            });
        }
        dependents.dedup();
        Ok(dependents)
    }

    fn view_dependencies(&mut self) -> Result<Vec<ViewDependency>, CatalogError> {
        const WHAT: &str = "view dependencies";
        let mut dependencies = Vec::new();
        for row in &self.fetch(WHAT, VIEW_DEPENDENCIES_SQL)? {
            let r = Fields::new(row, WHAT);
            dependencies.push(ViewDependency {
                view: QualifiedName::new(r.get::<String>("view_schema")?, r.get::<String>("view_name")?),
                on: QualifiedName::new(r.get::<String>("on_schema")?, r.get::<String>("on_name")?),
                column: r.get("column_name")?,
            });
        }
        dependencies.sort();
        dependencies.dedup();
        Ok(dependencies)
    }
}

/// One row of a named query, with typed, never-panicking access by column name.
pub(crate) struct Fields<'r> {
    row: &'r Row,
    what: &'static str,
}

impl<'r> Fields<'r> {
    pub(crate) fn new(row: &'r Row, what: &'static str) -> Fields<'r> {
        Fields { row, what }
    }

    pub(crate) fn get<T: FromSql<'r>>(&self, column: &str) -> Result<T, CatalogError> {
        self.row.try_get(column).map_err(|e| CatalogError::Decode {
            what: self.what,
            column: column.to_string(),
            message: crate::connect::error_text(&e),
        })
    }

    fn unexpected(&self, column: &str, value: &str) -> CatalogError {
        CatalogError::Decode {
            what: self.what,
            column: column.to_string(),
            message: format!("unexpected value {value:?}"),
        }
    }
}

/// Decodes the rows of constraints.sql into their relations, whose columns
/// are already in (keys are read as column numbers).
fn constraints(rows: &[Row], relations: &mut HashMap<u32, Relation>) -> Result<(), CatalogError> {
    const WHAT: &str = "constraints";
    for row in rows {
        let r = Fields::new(row, WHAT);
        let relid: u32 = r.get("relid")?;
        let Some(relation) = relations.get(&relid) else {
            continue;
        };
        let columns = column_names(&r, relation, "attnums")?;
        let kind = match r.get::<String>("kind")?.as_str() {
            "p" => ConstraintKind::PrimaryKey,
            "u" => ConstraintKind::Unique,
            "f" => ConstraintKind::ForeignKey,
            "c" => ConstraintKind::Check,
            "x" => ConstraintKind::Exclusion,
            "n" => ConstraintKind::NotNull,
            other => return Err(r.unexpected("kind", other)),
        };
        let foreign = if kind == ConstraintKind::ForeignKey {
            let columns = match r.get::<Option<Vec<String>>>("foreign_names")? {
                Some(names) => names,
                None => match relations.get(&r.get::<u32>("foreign_relid")?) {
                    Some(referenced) => column_names(&r, referenced, "foreign_attnums")?,
                    None => return Err(r.unexpected("foreign_relid", "a table that was not read")),
                },
            };
            Some(ForeignKeyTarget {
                table: QualifiedName::new(
                    r.get::<String>("foreign_schema")?,
                    r.get::<String>("foreign_table")?,
                ),
                columns,
                on_delete: fk_action(&r, "on_delete")?,
                on_update: fk_action(&r, "on_update")?,
            })
        } else {
            None
        };
        let mut constraint = Constraint {
            name: r.get("name")?,
            kind,
            columns,
            definition: r.get::<Option<String>>("definition")?.unwrap_or_default(),
            expression: r.get("expression")?,
            foreign,
            deferrable: r.get("deferrable")?,
            initially_deferred: r.get("initially_deferred")?,
            validated: r.get("validated")?,
            local: r.get("is_local")?,
            match_full: r.get::<String>("match_type")? == "f",
        };
        if let Some(target) = &constraint.foreign {
            let delete_columns = column_names(&r, relation, "delete_set_attnums")?;
            constraint.definition = foreign_key_definition(&constraint, target, &delete_columns);
        }
        let Some(relation) = relations.get_mut(&relid) else { continue };
        relation.constraints.push(constraint);
    }
    Ok(())
}

/// A foreign key's definition as `pg_get_constraintdef` gives it under an
/// empty search_path: the referenced table always schema-qualified (the
/// server's own qualifies it only where the reading session's search_path
/// would not find it, and `fix` writes it into scripts run under any).
fn foreign_key_definition(key: &Constraint, target: &ForeignKeyTarget, delete_columns: &[String]) -> String {
    let clause = ForeignKeyClause {
        columns: &key.columns,
        references: &target.table,
        referenced_columns: &target.columns,
        match_full: key.match_full,
        on_delete: target.on_delete,
        delete_columns,
        on_update: target.on_update,
        deferrable: key.deferrable,
        initially_deferred: key.initially_deferred,
    };
    if key.validated { clause.to_string() } else { format!("{clause} NOT VALID") }
}

/// Operator classes (schema-qualified name, default for its type) and
/// collations by oid, from index_vocabulary.sql.
#[derive(Default)]
struct IndexVocabulary {
    opclasses: HashMap<u32, (String, bool)>,
    collations: HashMap<u32, String>,
}

/// Decodes the rows of indexes.sql into their relations, whose columns are
/// already in.
fn indexes(
    vocabulary: &IndexVocabulary,
    rows: &[Row],
    relations: &mut HashMap<u32, Relation>,
) -> Result<(), CatalogError> {
    const WHAT: &str = "indexes";
    for row in rows {
        let r = Fields::new(row, WHAT);
        let Some(relation) = relations.get_mut(&r.get::<u32>("relid")?) else {
            continue;
        };
        let key_count = r.get::<i32>("key_count")?.max(0) as usize;
        let attnums: Vec<i16> = r.get("attnums")?;
        let expressions: Option<Vec<Option<String>>> = r.get("expressions")?;
        let class_oids: Vec<u32> = r.get("opclasses")?;
        let collation_oids: Vec<u32> = r.get("collations")?;
        let options: Vec<i16> = r.get("options")?;
        if attnums.len() < key_count || class_oids.len() != key_count || options.len() != key_count {
            return Err(r.unexpected("attnums", "key arrays of different lengths"));
        }
        // A column dropped concurrently (or not read) keeps its position, empty.
        let column = |attnum: i16| relation.column_at(attnum).map(|c| c.name.clone()).unwrap_or_default();
        let keys = attnums[..key_count]
            .iter()
            .enumerate()
            .map(|(k, &attnum)| match attnum {
                0 => IndexKey::Expression(
                    expressions.as_ref().and_then(|e| e.get(k).cloned().flatten()).unwrap_or_default(),
                ),
                _ => IndexKey::Column(column(attnum)),
            })
            .collect();
        let include = attnums[key_count..].iter().map(|&attnum| column(attnum)).collect();
        let mut classes = Vec::with_capacity(key_count);
        let mut defaults = Vec::with_capacity(key_count);
        for oid in &class_oids {
            let (name, default) =
                vocabulary.opclasses.get(oid).ok_or_else(|| r.unexpected("opclasses", &oid.to_string()))?;
            classes.push(name.clone());
            defaults.push(*default);
        }
        relation.indexes.push(Index {
            name: r.get("name")?,
            keys,
            include,
            unique: r.get("is_unique")?,
            primary: r.get("is_primary")?,
            constraint: r.get("constraint_name")?,
            method: r.get("method")?,
            predicate: r.get("predicate")?,
            valid: r.get("valid")?,
            opclasses: classes,
            collations: collation_oids.iter().map(|oid| vocabulary.collations.get(oid).cloned()).collect(),
            // indoption bits, from the server's catalog/pg_index.h.
            descending: options.iter().map(|o| o & 1 != 0).collect(),
            nulls_first: options.iter().map(|o| o & 2 != 0).collect(),
            opclass_default: defaults,
            inherited: r.get("inherited")?,
            nulls_not_distinct: r.get("nulls_not_distinct")?,
            definition: r.get("definition")?,
        });
    }
    Ok(())
}

/// A READ ONLY, REPEATABLE READ transaction on `client` that sees what the
/// transaction which exported `snapshot_id` sees.
fn start_from_snapshot<'c>(
    client: &'c mut postgres::Client,
    snapshot_id: &str,
) -> Result<Transaction<'c>, postgres::Error> {
    let mut tx = client
        .build_transaction()
        .read_only(true)
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .start()?;
    tx.batch_execute(&format!("SET TRANSACTION SNAPSHOT {}", crate::sql::ident::quote_literal(snapshot_id)))?;
    Ok(tx)
}

/// The names of a key's columns (`column`: an int2[] of attribute numbers,
/// NULL for a key without columns) among the columns already read for
/// `relation`, in key order.
fn column_names(r: &Fields<'_>, relation: &Relation, column: &str) -> Result<Vec<String>, CatalogError> {
    let attnums: Option<Vec<i16>> = r.get(column)?;
    attnums
        .unwrap_or_default()
        .into_iter()
        .map(|attnum| {
            relation
                .column_at(attnum)
                .map(|c| c.name.clone())
                .ok_or_else(|| r.unexpected(column, &format!("column {attnum} of {}", relation.name)))
        })
        .collect()
}

/// A `json` value read as its text (the binary form of `json` is its text).
pub(crate) struct JsonText(pub String);

impl<'a> FromSql<'a> for JsonText {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<JsonText, Box<dyn std::error::Error + Sync + Send>> {
        Ok(JsonText(std::str::from_utf8(raw)?.to_string()))
    }

    fn accepts(ty: &Type) -> bool {
        *ty == Type::JSON || *ty == Type::TEXT
    }
}

/// `[[grantee or null, privilege, grantable], …]`, as relations.sql builds it.
fn grants(r: &Fields<'_>) -> Result<Vec<Grant>, CatalogError> {
    let text: String = r.get("grants")?;
    let rows: Vec<(Option<String>, String, bool)> =
        serde_json::from_str(&text).map_err(|_| r.unexpected("grants", &text))?;
    Ok(rows
        .into_iter()
        .map(|(grantee, privilege, grantable)| Grant { grantee, privilege, grantable })
        .collect())
}

/// A domain's check constraints, from three arrays in name order.
fn domain_checks(r: &Fields<'_>) -> Result<Vec<DomainCheck>, CatalogError> {
    let names: Vec<String> = r.get("domain_check_names")?;
    let definitions: Vec<String> = r.get("domain_check_definitions")?;
    let expressions: Vec<String> = r.get("domain_check_expressions")?;
    if names.len() != definitions.len() || names.len() != expressions.len() {
        return Err(r.unexpected("domain_check_names", "check arrays of different lengths"));
    }
    Ok(names
        .into_iter()
        .zip(definitions)
        .zip(expressions)
        .map(|((name, definition), expression)| DomainCheck { name, definition, expression })
        .collect())
}

/// A composite type's attributes, from two arrays in attribute order.
fn attributes(r: &Fields<'_>) -> Result<Vec<(String, String)>, CatalogError> {
    let names: Vec<String> = r.get("attribute_names")?;
    let types: Vec<String> = r.get("attribute_types")?;
    if names.len() != types.len() {
        return Err(r.unexpected("attribute_names", "attribute arrays of different lengths"));
    }
    Ok(names.into_iter().zip(types).collect())
}

fn fk_action(r: &Fields<'_>, column: &str) -> Result<FkAction, CatalogError> {
    match r.get::<String>(column)?.as_str() {
        "a" => Ok(FkAction::NoAction),
        "r" => Ok(FkAction::Restrict),
        "c" => Ok(FkAction::Cascade),
        "n" => Ok(FkAction::SetNull),
        "d" => Ok(FkAction::SetDefault),
        other => Err(r.unexpected(column, other)),
    }
}

/// `pg_get_viewdef` output without surrounding whitespace and trailing semicolon.
pub(crate) fn trim_view_definition(text: &str) -> String {
    let text = text.trim();
    text.strip_suffix(';').unwrap_or(text).trim_end().to_string()
}

/// The arguments of `pg_trigger.tgargs`, given in hex: each ends in a zero byte.
pub(crate) fn trigger_arguments(hex: &str) -> Vec<String> {
    let bytes: Vec<u8> = (0..hex.len() / 2)
        .filter_map(|i| hex.get(2 * i..2 * i + 2).and_then(|b| u8::from_str_radix(b, 16).ok()))
        .collect();
    let mut arguments: Vec<String> =
        bytes.split(|b| *b == 0).map(|a| String::from_utf8_lossy(a).into_owned()).collect();
    // The last argument's zero byte leaves an empty piece after it.
    arguments.pop();
    arguments
}

/// Decodes `pg_trigger.tgtype` (bits from the server's `catalog/pg_trigger.h`:
/// 1 ROW, 2 BEFORE, 4 INSERT, 8 DELETE, 16 UPDATE, 32 TRUNCATE, 64 INSTEAD;
/// AFTER is neither BEFORE nor INSTEAD). Events come out sorted.
pub(crate) fn decode_trigger_type(bits: i32) -> (TriggerTiming, Vec<TriggerEvent>, bool) {
    let timing = if bits & 64 != 0 {
        TriggerTiming::InsteadOf
    } else if bits & 2 != 0 {
        TriggerTiming::Before
    } else {
        TriggerTiming::After
    };
    let mut events = Vec::new();
    for (bit, event) in [
        (4, TriggerEvent::Insert),
        (16, TriggerEvent::Update),
        (8, TriggerEvent::Delete),
        (32, TriggerEvent::Truncate),
    ] {
        if bits & bit != 0 {
            events.push(event);
        }
    }
    events.sort();
    (timing, events, bits & 1 != 0)
}

/// The condition of a trigger's WHEN clause, as `pg_get_triggerdef` prints it
/// (the text inside `WHEN ( … )`), or None.
///
/// `pg_get_triggerdef` prints `… FOR EACH ROW WHEN (<condition>) EXECUTE
/// FUNCTION f(<args>)`. The definition is scanned as SQL: quoted identifiers
/// and string literals (which may contain `WHEN (` or `) EXECUTE`) are skipped,
/// the first bare `WHEN` keyword outside parentheses is the clause, and its
/// parenthesis is matched while skipping quotes again. The server never prints
/// comments or dollar quotes here, and doubles quotes (and backslashes in `E''`
/// literals) inside literals, so this simple scanner is exact.
pub(crate) fn trigger_when_clause(definition: &str) -> Option<String> {
    let bytes = definition.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80;
    let mut i = 0;
    let mut depth = 0usize;
    while i < bytes.len() {
        match bytes[i] {
            b'"' | b'\'' => i = skip_quoted(bytes, i),
            b'(' => {
                depth += 1;
                i += 1;
            }
            b')' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            _ if depth == 0
                && bytes[i..].starts_with(b"WHEN")
                && (i == 0 || !is_word(bytes[i - 1]))
                && bytes.get(i + 4).is_none_or(|&b| !is_word(b)) =>
            {
                let mut j = i + 4;
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                if bytes.get(j) != Some(&b'(') {
                    return None;
                }
                let start = j + 1;
                let mut level = 1usize;
                let mut k = start;
                while k < bytes.len() {
                    match bytes[k] {
                        b'"' | b'\'' => {
                            k = skip_quoted(bytes, k);
                            continue;
                        }
                        b'(' => level += 1,
                        b')' => {
                            level -= 1;
                            if level == 0 {
                                return Some(definition[start..k].trim().to_string());
                            }
                        }
                        _ => {}
                    }
                    k += 1;
                }
                return None;
            }
            _ => i += 1,
        }
    }
    None
}

/// Index just past the quoted token starting at `start` (a doubled quote
/// character inside is part of the token).
fn skip_quoted(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() {
        if bytes[i] == quote {
            if bytes.get(i + 1) == Some(&quote) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn when_clause_is_found_past_quoted_look_alikes() {
        let def = r#"CREATE TRIGGER "x WHEN (1)" BEFORE UPDATE OF status, id ON public.t FOR EACH ROW WHEN ((((old.status)::text IS DISTINCT FROM (new.status)::text) AND (new.id > 0))) EXECUTE FUNCTION trg('a) EXECUTE FUNCTION x(', 'b')"#;
        assert_eq!(
            trigger_when_clause(def).as_deref(),
            Some("(((old.status)::text IS DISTINCT FROM (new.status)::text) AND (new.id > 0))")
        );
    }

    #[test]
    fn when_clause_with_quotes_inside() {
        let def = "CREATE TRIGGER t AFTER INSERT ON s.t FOR EACH ROW WHEN ((new.name = 'it''s (odd'::text)) EXECUTE FUNCTION f()";
        assert_eq!(trigger_when_clause(def).as_deref(), Some("(new.name = 'it''s (odd'::text)"));
    }

    #[test]
    fn trigger_arguments_split_on_zero_bytes() {
        assert_eq!(trigger_arguments(""), Vec::<String>::new());
        assert_eq!(trigger_arguments("610062630000"), ["a", "bc", ""]);
    }

    #[test]
    fn no_when_clause() {
        let def = "CREATE TRIGGER whenever AFTER INSERT ON public.when_x FOR EACH ROW EXECUTE FUNCTION f('WHEN (x)')";
        assert_eq!(trigger_when_clause(def), None);
    }

    #[test]
    fn trigger_type_bits() {
        // BEFORE UPDATE FOR EACH ROW
        assert_eq!(decode_trigger_type(19), (TriggerTiming::Before, vec![TriggerEvent::Update], true));
        // AFTER INSERT OR DELETE FOR EACH STATEMENT
        assert_eq!(
            decode_trigger_type(12),
            (TriggerTiming::After, vec![TriggerEvent::Insert, TriggerEvent::Delete], false)
        );
        // INSTEAD OF INSERT OR UPDATE OR DELETE FOR EACH ROW
        assert_eq!(
            decode_trigger_type(64 | 4 | 8 | 16 | 1),
            (
                TriggerTiming::InsteadOf,
                vec![TriggerEvent::Insert, TriggerEvent::Update, TriggerEvent::Delete],
                true
            )
        );
        assert_eq!(decode_trigger_type(32).1, vec![TriggerEvent::Truncate]);
    }

    #[test]
    fn view_definitions_lose_their_semicolon() {
        assert_eq!(trim_view_definition(" SELECT t.id\n   FROM t;"), "SELECT t.id\n   FROM t");
        assert_eq!(trim_view_definition("SELECT 1"), "SELECT 1");
    }
}
