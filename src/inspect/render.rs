//! A catalog snapshot as a spec: pure, no I/O.
//!
//! Everything the spec format can say about an object is written, in the
//! shortest form that says it (`id: uuid` when only the type is known; a
//! constraint's name only when the server would not choose that name
//! itself). Everything it cannot say is listed by name in [`Rendered::notes`],
//! which the caller prints as a comment above the database: an object is
//! never dropped in silence. Objects that belong to an extension are left out
//! (the `extensions:` list stands for them).

use super::yaml::Yaml;
use crate::catalog::{
    Column, CommentTarget, Constraint, ConstraintKind, FkAction, Function, Generated, Identity, Index,
    QualifiedName, Relation, RelationKind, RoutineKind, Snapshot, Trigger, TriggerEvent, TriggerTiming,
};
use crate::sql::ident::quote_ident;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// What to write and how.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Only these schemas (empty: every user schema).
    pub schemas: Vec<String>,
    /// Write function and view bodies to files: the folder as the spec names
    /// it (relative to the spec file). None: bodies inline.
    pub sql_dir: Option<PathBuf>,
}

/// One database's entry of the spec.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The value under `databases: NAME:`.
    pub entry: Yaml,
    /// Objects the spec does not express, one line each, for the comment
    /// above the entry.
    pub notes: Vec<String>,
    /// SQL files to write under the sql folder: path relative to it, text.
    pub files: Vec<(PathBuf, String)>,
    pub counts: Counts,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub schemas: usize,
    pub tables: usize,
    pub views: usize,
    pub functions: usize,
    pub not_expressed: usize,
}

/// Kinds of objects the catalog reader does not read at all: the spec cannot
/// express them, and `inspect` cannot list them one by one.
pub const NOT_READ: &str = "operators, casts, text search \
    configurations, publications, subscriptions, foreign servers, default privileges, column-level grants, grants on schemas and sequences";

pub fn render(snapshot: &Snapshot, options: &RenderOptions) -> Rendered {
    let mut r =
        Renderer { snapshot, options, notes: Vec::new(), files: Vec::new(), counts: Counts::default() };
    let entry = r.database();
    r.counts.not_expressed = r.notes.len();
    Rendered { entry, notes: r.notes, files: r.files, counts: r.counts }
}

struct Renderer<'a> {
    snapshot: &'a Snapshot,
    options: &'a RenderOptions,
    notes: Vec<String>,
    files: Vec<(PathBuf, String)>,
    counts: Counts,
}

impl Renderer<'_> {
    fn selected(&self, schema: &str) -> bool {
        self.options.schemas.is_empty() || self.options.schemas.iter().any(|s| s == schema)
    }

    fn note(&mut self, text: String) {
        self.notes.push(text);
    }

    fn database(&mut self) -> Yaml {
        let mut db = Yaml::block();
        let extensions: Vec<Yaml> = self
            .snapshot
            .extensions
            .iter()
            .filter(|e| e.name != "plpgsql")
            .map(|e| {
                if e.schema == "public" {
                    Yaml::str(&e.name)
                } else {
                    let mut m = Yaml::map();
                    m.set("name", Yaml::str(&e.name));
                    m.set("schema", Yaml::str(&e.schema));
                    m
                }
            })
            .collect();
        if !extensions.is_empty() {
            db.set("extensions", Yaml::Seq(extensions));
        }
        let mut schemas = Yaml::block();
        let names: BTreeSet<&String> = self.snapshot.schemas.iter().filter(|s| self.selected(s)).collect();
        for name in names {
            schemas.set(name.clone(), self.schema(name));
            self.counts.schemas += 1;
        }
        for missing in self.options.schemas.iter().filter(|s| !self.snapshot.schemas.contains(s)) {
            self.note(format!("schema {missing} (asked for with --schema) does not exist"));
        }
        db.set("schemas", schemas);
        if let Some(event_triggers) = super::behaviour::event_triggers(self.snapshot) {
            db.set("event_triggers", event_triggers);
        }
        self.notes.extend(super::behaviour::event_trigger_notes(self.snapshot));
        let notes = super::comments::not_expressed(self.snapshot, |s| self.selected(s));
        self.notes.extend(notes);
        db
    }

    fn schema(&mut self, schema: &str) -> Yaml {
        let mut out = Yaml::block();
        let relations: Vec<&Relation> = self
            .snapshot
            .relations
            .values()
            .filter(|r| r.name.schema == schema && !r.from_extension)
            .collect();
        let mut tables = Yaml::block();
        let mut views = Yaml::block();
        for rel in relations {
            self.relation_notes(rel);
            match rel.kind {
                RelationKind::Table | RelationKind::PartitionedTable => {
                    tables.set(rel.name.name.clone(), self.table(rel));
                    self.counts.tables += 1;
                }
                RelationKind::View | RelationKind::MaterializedView => {
                    views.set(rel.name.name.clone(), self.view(rel));
                    self.counts.views += 1;
                }
                // Listed with the other objects the spec cannot declare.
                RelationKind::ForeignTable => {}
            }
        }
        let mut functions = Yaml::block();
        let mut routines: Vec<&Function> = self
            .snapshot
            .functions
            .iter()
            .filter(|(name, _)| name.schema == schema)
            .flat_map(|(_, overloads)| overloads)
            .filter(|f| !f.from_extension)
            .collect();
        routines.sort_by_key(|f| signature(f));
        for function in routines {
            if let Some(value) = self.function(function) {
                functions.set(signature(function), value);
                self.counts.functions += 1;
            }
        }
        for object in crate::diff::unmodelled::unmodelled(self.snapshot, schema) {
            self.note(format!("{}: not checked; fix cannot create it", object.description));
        }
        let types = super::types::schema_types(self.snapshot, schema, &mut self.notes);
        let sequences = super::sequences::render(self.snapshot, schema, |s| self.columns_own(s));
        if let Some(comment) = super::comments::schema_comment(self.snapshot, schema) {
            out.set("comment", comment);
        }
        for (key, value) in [
            ("types", types),
            ("tables", tables),
            ("functions", functions),
            ("views", views),
            ("sequences", sequences),
        ] {
            if !value.is_empty_map() {
                out.set(key, value);
            }
        }
        out
    }

    /// What a relation carries that no spec key describes.
    fn relation_notes(&mut self, rel: &Relation) {
        let name = &rel.name;
        if rel.partition_of.is_some() || rel.kind == RelationKind::ForeignTable {
            return;
        }
        for note in super::access::grant_option_notes(&name.to_string(), &rel.extras.grants) {
            self.note(note);
        }
        let options: Vec<&String> =
            rel.extras.options.iter().filter(|o| !super::behaviour::expressed_option(rel, o)).collect();
        if !options.is_empty() {
            let options: Vec<&str> = options.iter().map(|o| o.as_str()).collect();
            self.note(format!("{} {name} options: {}", rel.kind.describe(), options.join(", ")));
        }
        if rel.kind == RelationKind::MaterializedView && !rel.extras.populated {
            self.note(format!("materialized view {name} is WITH NO DATA (fix creates it populated)"));
        }
    }

    fn table(&mut self, rel: &Relation) -> Yaml {
        let mut table = Yaml::block();
        super::structure::head(rel, &mut table);
        if super::structure::writes_columns(rel) {
            let mut columns = Yaml::block();
            // A child's inherited columns are its parent's (attislocal).
            for column in rel.columns.iter().filter(|c| c.local) {
                columns.set(column.name.clone(), self.column(rel, column));
            }
            table.set("columns", columns);
        }
        // Constraints a child only inherits are written on its parent.
        let mut constraints: Vec<&Constraint> = rel.constraints.iter().filter(|c| c.local).collect();
        constraints.sort_by(|a, b| a.name.cmp(&b.name));
        let mut exclusions = Vec::new();
        if let Some(pk) = rel.primary_key().filter(|pk| pk.local) {
            table.set("primary_key", Yaml::strs(pk.columns.iter().cloned()));
            self.deferrable_note(rel, pk);
        }
        let mut unique = Vec::new();
        let mut foreign_keys = Vec::new();
        let mut checks = Vec::new();
        for c in &constraints {
            match c.kind {
                ConstraintKind::Unique => {
                    self.deferrable_note(rel, c);
                    let nulls_not_distinct =
                        crate::diff::structure::constraint_nulls_not_distinct(&c.definition);
                    let default = default_name(&rel.name.name, &c.columns, "key");
                    if nulls_not_distinct {
                        let mut u = Yaml::map();
                        if c.name != default {
                            u.set("name", Yaml::str(&c.name));
                        }
                        u.set("columns", Yaml::strs(c.columns.iter().cloned()));
                        u.set("nulls_not_distinct", Yaml::Bool(true));
                        unique.push(u);
                    } else if c.name == default {
                        unique.push(Yaml::strs(c.columns.iter().cloned()));
                    } else {
                        let mut u = Yaml::map();
                        u.set("name", Yaml::str(&c.name));
                        u.set("columns", Yaml::strs(c.columns.iter().cloned()));
                        unique.push(u);
                    }
                }
                ConstraintKind::ForeignKey => {
                    if let Some(fk) = self.foreign_key(rel, c) {
                        foreign_keys.push(fk);
                    }
                }
                ConstraintKind::Check => {
                    let expression = c.expression.clone().unwrap_or_else(|| c.definition.clone());
                    if !c.validated {
                        self.note(format!(
                            "check {} on {} is NOT VALID (fix creates it validated)",
                            c.name, rel.name
                        ));
                    }
                    if c.definition.contains("NO INHERIT") {
                        self.note(format!("check {} on {} is NO INHERIT", c.name, rel.name));
                    }
                    let default = match c.columns.as_slice() {
                        [one] => default_name(&rel.name.name, std::slice::from_ref(one), "check"),
                        _ => String::new(),
                    };
                    if c.name == default {
                        checks.push(Yaml::str(expression));
                    } else {
                        let mut m = Yaml::map();
                        m.set("name", Yaml::str(&c.name));
                        m.set("expression", Yaml::str(expression));
                        checks.push(m);
                    }
                }
                ConstraintKind::Exclusion => exclusions.push(super::structure::exclusion(rel, c)),
                ConstraintKind::PrimaryKey | ConstraintKind::NotNull => {}
            }
        }
        if !unique.is_empty() {
            table.set("unique", Yaml::Seq(unique));
        }
        if !foreign_keys.is_empty() {
            table.set("foreign_keys", Yaml::Seq(foreign_keys));
        }
        if !checks.is_empty() {
            table.set("checks", Yaml::Seq(checks));
        }
        if !exclusions.is_empty() {
            table.set("exclusions", Yaml::Seq(exclusions));
        }
        // A partition's indexes attached to its parent's are the parent's.
        let mut indexes: Vec<&Index> =
            rel.indexes.iter().filter(|i| i.constraint.is_none() && !i.inherited).collect();
        indexes.sort_by(|a, b| a.name.cmp(&b.name));
        let indexes: Vec<Yaml> = indexes.into_iter().map(|i| self.index(rel, i)).collect();
        if !indexes.is_empty() {
            table.set("indexes", Yaml::Seq(indexes));
        }
        let mut triggers_sorted: Vec<&Trigger> = rel.triggers.iter().filter(|t| !t.cloned).collect();
        triggers_sorted.sort_by(|a, b| a.name.cmp(&b.name));
        let mut triggers = Yaml::block();
        for trigger in triggers_sorted {
            triggers.set(trigger.name.clone(), self.trigger(rel, trigger));
        }
        if !triggers.is_empty_map() {
            table.set("triggers", triggers);
        }
        super::access::table(rel, self.snapshot.server_version_num, &mut table);
        if let Some(comment) = self.comment(CommentTarget::Relation(rel.name.clone())) {
            table.set("comment", comment);
        }
        table
    }

    fn deferrable_note(&mut self, rel: &Relation, c: &Constraint) {
        if c.deferrable {
            self.note(format!(
                "{} {} on {} is DEFERRABLE{}",
                if c.kind == ConstraintKind::PrimaryKey { "primary key" } else { "unique constraint" },
                c.name,
                rel.name,
                if c.initially_deferred { " INITIALLY DEFERRED" } else { "" }
            ));
        }
    }

    fn column(&mut self, rel: &Relation, column: &Column) -> Yaml {
        let mut m = Yaml::map();
        let serial = self.serial_of(rel, column);
        let type_text = match serial {
            Some(serial) => serial.to_string(),
            None => short_type(&column.type_display),
        };
        m.set("type", Yaml::str(type_text));
        let implied_not_null = serial.is_some() || column.identity.is_some();
        if column.not_null && !implied_not_null {
            m.set("nullable", Yaml::Bool(false));
        }
        if let Some(identity) = column.identity {
            m.set("identity", Yaml::str(if identity == Identity::Always { "always" } else { "by default" }));
        }
        match (column.generated, &column.default) {
            (Some(kind), Some(expression)) => {
                if kind == Generated::Virtual {
                    self.note(format!(
                        "column {}.{} is a VIRTUAL generated column (fix creates it STORED)",
                        rel.name, column.name
                    ));
                }
                m.set("generated", Yaml::str(expression));
            }
            (None, Some(expression)) if serial.is_none() => m.set("default", Yaml::str(expression)),
            _ => {}
        }
        if let Some(collation) = &column.collation {
            m.set("collation", Yaml::str(collation));
        }
        if let Some(comment) = self.comment(CommentTarget::Column(rel.name.clone(), column.name.clone())) {
            m.set("comment", comment);
        }
        match &m {
            Yaml::Map(entries) if entries.len() == 1 => entries[0].value.clone(),
            _ => m,
        }
    }

    /// `serial`, `bigserial` or `smallserial` when the column's default draws
    /// on a sequence the column owns (what those pseudo-types create).
    fn serial_of(&self, rel: &Relation, column: &Column) -> Option<&'static str> {
        if column.identity.is_some() || column.generated.is_some() {
            return None;
        }
        let default = column.default.as_deref()?;
        if !default.starts_with("nextval(") {
            return None;
        }
        let owned = self.snapshot.sequences.values().any(|s| {
            s.owned_by.as_ref().is_some_and(|o| o.table == rel.name && o.column == column.name && !o.identity)
                && s.used_by_defaults.iter().any(|(t, c)| *t == rel.name && *c == column.name)
                && s.data_type == column.type_display
                && s.start == 1
                && s.increment == 1
        });
        if !owned {
            return None;
        }
        match column.type_display.as_str() {
            "integer" => Some("serial"),
            "bigint" => Some("bigserial"),
            "smallint" => Some("smallserial"),
            _ => None,
        }
    }

    fn foreign_key(&mut self, rel: &Relation, c: &Constraint) -> Option<Yaml> {
        let target = c.foreign.as_ref()?;
        if !c.validated {
            self.note(format!(
                "foreign key {} on {} is NOT VALID: left out (check would report it)",
                c.name, rel.name
            ));
            return None;
        }
        if !self.selected(&target.table.schema) {
            self.note(format!(
                "foreign key {} on {} references {}, outside the inspected schemas",
                c.name, rel.name, target.table
            ));
        }
        let mut m = Yaml::map();
        if c.name != default_name(&rel.name.name, &c.columns, "fkey") {
            m.set("name", Yaml::str(&c.name));
        }
        m.set("columns", Yaml::strs(c.columns.iter().cloned()));
        let table = if target.table.schema == rel.name.schema {
            quote_ident(&target.table.name)
        } else {
            format!("{}.{}", quote_ident(&target.table.schema), quote_ident(&target.table.name))
        };
        let columns: Vec<String> = target.columns.iter().map(|c| quote_ident(c)).collect();
        m.set("references", Yaml::str(format!("{table}({})", columns.join(", "))));
        if target.on_delete != FkAction::NoAction {
            m.set("on_delete", Yaml::str(target.on_delete.sql()));
        }
        if target.on_update != FkAction::NoAction {
            m.set("on_update", Yaml::str(target.on_update.sql()));
        }
        if c.deferrable {
            m.set("deferrable", Yaml::Bool(true));
        }
        if c.initially_deferred {
            m.set("initially_deferred", Yaml::Bool(true));
        }
        if c.match_full {
            m.set("match", Yaml::str("full"));
        }
        Some(m)
    }

    fn index(&mut self, rel: &Relation, index: &Index) -> Yaml {
        let mut m = Yaml::map();
        m.set("name", Yaml::str(&index.name));
        let keys = super::structure::index_keys(rel, index, index_column_name);
        m.set("columns", Yaml::Seq(keys));
        if index.unique {
            m.set("unique", Yaml::Bool(true));
        }
        if index.method != "btree" {
            m.set("method", Yaml::str(&index.method));
        }
        if !index.include.is_empty() {
            m.set("include", Yaml::strs(index.include.iter().cloned()));
        }
        if let Some(predicate) = &index.predicate {
            m.set("where", Yaml::str(predicate));
        }
        if index.nulls_not_distinct {
            m.set("nulls_not_distinct", Yaml::Bool(true));
        }
        // Storage parameters have no key: said here.
        let mut extra = Vec::new();
        let definition = crate::diff::structure::index_definition(rel, index);
        let using = definition.to_ascii_lowercase();
        if using.contains(" with (") {
            extra.push("storage parameters".to_string());
        }
        if !index.valid {
            extra.push("INVALID (a failed concurrent build)".to_string());
        }
        if !extra.is_empty() {
            self.note(format!("index {} on {}: {} ({})", index.name, rel.name, extra.join(", "), definition));
        }
        m
    }

    fn trigger(&mut self, rel: &Relation, trigger: &Trigger) -> Yaml {
        let mut m = Yaml::map();
        m.set(
            "timing",
            Yaml::str(match trigger.timing {
                TriggerTiming::Before => "before",
                TriggerTiming::After => "after",
                TriggerTiming::InsteadOf => "instead of",
            }),
        );
        m.set(
            "events",
            Yaml::strs(trigger.events.iter().map(|e| match e {
                TriggerEvent::Insert => "insert",
                TriggerEvent::Update => "update",
                TriggerEvent::Delete => "delete",
                TriggerEvent::Truncate => "truncate",
            })),
        );
        m.set("for_each", Yaml::str(if trigger.for_each_row { "row" } else { "statement" }));
        let function = if trigger.function.schema == rel.name.schema {
            quote_ident(&trigger.function.name)
        } else {
            format!("{}.{}", quote_ident(&trigger.function.schema), quote_ident(&trigger.function.name))
        };
        m.set("function", Yaml::str(format!("{function}()")));
        if let Some(when) = &trigger.when {
            m.set("when", Yaml::str(when));
        }
        match trigger.enabled {
            'D' => m.set("enabled", Yaml::Bool(false)),
            'R' | 'A' => self.note(format!(
                "trigger {} on {} fires {}",
                trigger.name,
                rel.name,
                if trigger.enabled == 'R' {
                    "on replicas only (ENABLE REPLICA)"
                } else {
                    "always (ENABLE ALWAYS)"
                }
            )),
            _ => {}
        }
        super::behaviour::trigger_clauses(trigger, &mut m);
        m
    }

    fn function(&mut self, function: &Function) -> Option<Yaml> {
        let sig = format!("{}.{}", quote_ident(&function.name.schema), signature(function));
        // Aggregates (the only routines without a definition) are listed
        // with the other objects the spec cannot declare.
        let Some(definition) = &function.definition else {
            return None;
        };
        if function.kind == RoutineKind::Aggregate {
            return None;
        }
        let mut m = Yaml::map();
        if function.kind == RoutineKind::Procedure {
            m.set("kind", Yaml::str("procedure"));
        }
        if let Some(result) = &function.result {
            m.set("returns", Yaml::str(result));
        }
        m.set("language", Yaml::str(&function.language));
        let folder = PathBuf::from("functions");
        self.body(&mut m, &folder, &function.name, definition);
        super::access::function(function, &mut m);
        for note in super::access::grant_option_notes(&sig, &function.grants) {
            self.note(note);
        }
        let target = CommentTarget::Function(function.name.clone(), function.argument_types.join(", "));
        if let Some(comment) = self.comment(target) {
            m.set("comment", comment);
        }
        Some(m)
    }

    fn view(&mut self, rel: &Relation) -> Yaml {
        let mut m = Yaml::map();
        if rel.kind == RelationKind::MaterializedView {
            m.set("materialized", Yaml::Bool(true));
        }
        if let Some(query) = &rel.view_definition {
            self.body(&mut m, &PathBuf::from("views"), &rel.name, &format!("{}\n", query.trim()));
        }
        super::behaviour::view_options(rel, &mut m);
        super::access::view(rel, self.snapshot.server_version_num, &mut m);
        if let Some(comment) = self.comment(CommentTarget::Relation(rel.name.clone())) {
            m.set("comment", comment);
        }
        m
    }

    /// `sql: |` inline, or `sql_file:` with the text written to a file.
    fn body(&mut self, m: &mut Yaml, folder: &std::path::Path, name: &QualifiedName, text: &str) {
        let Some(dir) = &self.options.sql_dir else {
            m.set("sql", Yaml::str(text));
            return;
        };
        let stem = file_stem(&format!("{}.{}", name.schema, name.name));
        let mut relative = folder.join(format!("{stem}.sql"));
        let mut n = 2;
        while self.files.iter().any(|(p, _)| *p == relative) {
            relative = folder.join(format!("{stem}.{n}.sql"));
            n += 1;
        }
        let shown = dir.join(&relative);
        m.set("sql_file", Yaml::str(shown.to_string_lossy().replace('\\', "/")));
        self.files.push((relative, text.to_string()));
    }

    /// Whether a sequence is the column's business: an identity column's,
    /// or the one of a column written as serial.
    fn columns_own(&self, s: &crate::catalog::Sequence) -> bool {
        s.owned_by.as_ref().is_some_and(|o| {
            o.identity
                || self.snapshot.relations.get(&o.table).is_some_and(|rel| {
                    rel.column(&o.column).is_some_and(|c| self.serial_of(rel, c).is_some())
                })
        })
    }

    /// The comment on `target`, as the value of a `comment:` key.
    fn comment(&self, target: CommentTarget) -> Option<Yaml> {
        super::comments::comment(self.snapshot, &target)
    }
}

/// `name(argument types)`, the key of a function in the spec: the name in
/// SQL syntax, the types as the server prints them.
pub fn signature(function: &Function) -> String {
    format!("{}({})", quote_ident(&function.name.name), function.argument_types.join(", "))
}

/// The name PostgreSQL gives an unnamed constraint: `table_col1_col2_suffix`,
/// when that fits in 63 bytes (longer ones are truncated in ways not worth
/// guessing: such names are written out).
fn default_name(table: &str, columns: &[String], suffix: &str) -> String {
    let name = format!("{table}_{}_{suffix}", columns.join("_"));
    if name.len() <= 63 { name } else { String::new() }
}

/// An index key that is a column: written plain when the spec reads it as
/// that column, else double-quoted as SQL (a bare word that is not a plain
/// name would be taken as an expression).
fn index_column_name(name: &str) -> String {
    let plain = name.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '$');
    if plain { name.to_string() } else { format!("\"{}\"", name.replace('"', "\"\"")) }
}

/// Shorter spellings of the server's long type names, when the type
/// normaliser reads them as the same type.
pub(super) fn short_type(display: &str) -> String {
    const LONG: [(&str, &str); 7] = [
        ("character varying", "varchar"),
        ("timestamp with time zone", "timestamptz"),
        ("timestamp without time zone", "timestamp"),
        ("time with time zone", "timetz"),
        ("time without time zone", "time"),
        ("bit varying", "varbit"),
        ("character", "char"),
    ];
    let (base, array) = match display.find('[') {
        Some(i) => display.split_at(i),
        None => (display, ""),
    };
    // `timestamp(3) with time zone`: the precision moves to the end.
    let (words, precision) = match (base.find('('), base.find(')')) {
        (Some(open), Some(close)) if close > open => {
            (format!("{}{}", &base[..open], &base[close + 1..]), base[open..=close].to_string())
        }
        _ => (base.to_string(), String::new()),
    };
    let Some((_, short)) = LONG.iter().find(|(long, _)| words == *long) else {
        return display.to_string();
    };
    let candidate = format!("{short}{precision}{array}");
    let same = match (crate::types::parse_type(display), crate::types::parse_type(&candidate)) {
        (Ok(a), Ok(b)) => a.matches(&b) && b.matches(&a),
        _ => false,
    };
    if same { candidate } else { display.to_string() }
}

fn file_stem(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-') { c } else { '_' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_type_names_shorten_only_to_the_same_type() {
        assert_eq!(short_type("character varying(20)"), "varchar(20)");
        assert_eq!(short_type("character varying"), "varchar");
        assert_eq!(short_type("timestamp(3) with time zone"), "timestamptz(3)");
        assert_eq!(short_type("timestamp without time zone[]"), "timestamp[]");
        assert_eq!(short_type("character(2)"), "char(2)");
        assert_eq!(short_type("integer"), "integer");
        assert_eq!(short_type("public.mood"), "public.mood");
    }

    #[test]
    fn default_constraint_names() {
        assert_eq!(default_name("orders", &["a".into(), "b".into()], "key"), "orders_a_b_key");
        assert_eq!(default_name(&"x".repeat(60), &["abc".into()], "fkey"), "");
    }

    #[test]
    fn index_columns_that_are_not_plain_are_quoted() {
        assert_eq!(index_column_name("email"), "email");
        assert_eq!(index_column_name("Email"), "Email");
        assert_eq!(index_column_name("my col"), "\"my col\"");
        assert_eq!(index_column_name("a\"b"), "\"a\"\"b\"");
    }
}
