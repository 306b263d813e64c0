//! From the YAML tree to the spec model, collecting every error on the way.
//!
//! Each mapping in the format is read through [`Fields`], which takes the keys
//! that mapping allows from its [`shape::Section`]: an unknown key is an error
//! that names the nearest allowed one. `shape` is the one description of the
//! format, which `pgconform schema` also turns into a JSON Schema; the tests at
//! the end of this file keep the decoder and `shape` in step.

use super::error::{SpecError, suggest};
use super::model::*;
use super::shape::{self, Section};
use super::yaml::{Key, Node, Value};
use crate::catalog::{FkAction, Identity, QualifiedName, TriggerEvent, TriggerTiming, Volatility};
use crate::location::{Located, Location};
use crate::sql::names;
use crate::types::{TypeName, parse_type};
use std::path::{Path, PathBuf};

mod user_types;

mod access;
mod behaviour;
mod structure;

// Keyword tables: the spelling a spec uses → the value. Their spellings are
// also listed in `shape` (for the schema); a test keeps the two equal.
const FK_ACTIONS: [(&str, FkAction); 5] = [
    ("no action", FkAction::NoAction),
    ("restrict", FkAction::Restrict),
    ("cascade", FkAction::Cascade),
    ("set null", FkAction::SetNull),
    ("set default", FkAction::SetDefault),
];
const TRIGGER_TIMINGS: [(&str, TriggerTiming); 3] = [
    ("before", TriggerTiming::Before),
    ("after", TriggerTiming::After),
    ("instead of", TriggerTiming::InsteadOf),
];
const TRIGGER_EVENTS: [(&str, TriggerEvent); 4] = [
    ("insert", TriggerEvent::Insert),
    ("update", TriggerEvent::Update),
    ("delete", TriggerEvent::Delete),
    ("truncate", TriggerEvent::Truncate),
];
const FOR_EACH: [(&str, bool); 2] = [("row", true), ("statement", false)];
const FK_MATCHES: [(&str, bool); 2] = [("simple", false), ("full", true)];
const IDENTITIES: [(&str, Identity); 2] = [("always", Identity::Always), ("by default", Identity::ByDefault)];
const FUNCTION_KINDS: [(&str, bool); 2] = [("function", false), ("procedure", true)];
const VOLATILITIES: [(&str, Volatility); 3] = [
    ("immutable", Volatility::Immutable),
    ("stable", Volatility::Stable),
    ("volatile", Volatility::Volatile),
];
const SEVERITIES: [(&str, Severity); 3] =
    [("error", Severity::Error), ("warn", Severity::Warn), ("off", Severity::Off)];

pub struct Decoder {
    file: PathBuf,
    base_dir: PathBuf,
    pub errors: Vec<SpecError>,
}

/// The entries of one YAML mapping, read key by key; what is left unread at
/// `finish` was not a known key.
struct Fields<'n> {
    entries: &'n [(Key, Node)],
    used: Vec<bool>,
    section: &'static Section,
}

impl<'n> Fields<'n> {
    fn get(&mut self, key: &str) -> Option<&'n Node> {
        debug_assert!(
            self.section.key(key).is_some(),
            "{key} missing from the shape of {}",
            self.section.what
        );
        #[cfg(test)]
        tests::record(self.section.id, key);
        let i = self.entries.iter().position(|(k, _)| k.text == key)?;
        self.used[i] = true;
        Some(&self.entries[i].1)
    }

    fn finish(self, d: &mut Decoder) {
        let allowed = self.section.key_names();
        let what = self.section.what;
        for ((key, _), used) in self.entries.iter().zip(self.used) {
            if used {
                continue;
            }
            let hint = match suggest(&key.text, &allowed) {
                Some(near) => format!("did you mean `{near}`? {what} takes: {}", allowed.join(", ")),
                None => format!("{what} takes: {}", allowed.join(", ")),
            };
            d.error_hint(key.at, format!("unknown key `{}` in {what}", key.text), hint);
        }
    }
}

impl Decoder {
    pub fn new(file: &Path) -> Decoder {
        let base_dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
        Decoder { file: file.to_path_buf(), base_dir, errors: Vec::new() }
    }

    pub fn error(&mut self, at: Location, message: impl Into<String>) {
        self.errors.push(SpecError {
            file: self.file.clone(),
            at: Some(at),
            message: message.into(),
            hint: None,
        });
    }

    pub fn error_hint(&mut self, at: Location, message: impl Into<String>, hint: impl Into<String>) {
        self.errors.push(SpecError {
            file: self.file.clone(),
            at: Some(at),
            message: message.into(),
            hint: Some(hint.into()),
        });
    }

    fn wrong_type(&mut self, node: &Node, expected: &str, what: &str) {
        self.error(node.at, format!("{what} must be {expected}, found {}", node.describe()));
    }

    /// A mapping (null reads as an empty one: `analytics_cache:` alone means `{}`).
    fn fields<'n>(&mut self, node: &'n Node, section: &'static Section) -> Option<Fields<'n>> {
        let entries: &'n [(Key, Node)] = match &node.value {
            Value::Map(entries) => entries,
            Value::Null => &[],
            _ => {
                self.wrong_type(node, "a mapping", section.what);
                return None;
            }
        };
        Some(Fields { entries, used: vec![false; entries.len()], section })
    }

    /// The entries of a mapping keyed by names (tables, columns, …).
    fn named<'n>(&mut self, node: &'n Node, what: &str) -> &'n [(Key, Node)] {
        match &node.value {
            Value::Map(entries) => entries,
            Value::Null => &[],
            _ => {
                self.wrong_type(node, "a mapping of names", what);
                &[]
            }
        }
    }

    fn string(&mut self, node: &Node, what: &str) -> Option<String> {
        match &node.value {
            Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
            // A bare number or boolean reads fine as text where text is wanted (`default: 0`).
            Value::Number(s) => Some(s.clone()),
            Value::Bool(b) => Some(b.to_string()),
            _ => {
                self.wrong_type(node, "a non-empty string", what);
                None
            }
        }
    }

    fn located_string(&mut self, node: &Node, what: &str) -> Option<Located<String>> {
        self.string(node, what).map(|s| Located::new(s, node.at))
    }

    fn bool(&mut self, node: &Node, what: &str) -> Option<bool> {
        match node.value {
            Value::Bool(b) => Some(b),
            _ => {
                self.wrong_type(node, "true or false", what);
                None
            }
        }
    }

    /// A list of strings; a single string is accepted as a list of one.
    fn strings(&mut self, node: &Node, what: &str) -> Vec<Located<String>> {
        match &node.value {
            Value::Seq(items) => items.iter().filter_map(|item| self.located_string(item, what)).collect(),
            Value::Null => Vec::new(),
            _ => self.located_string(node, what).into_iter().collect(),
        }
    }

    fn items<'n>(&mut self, node: &'n Node, what: &str) -> &'n [Node] {
        match &node.value {
            Value::Seq(items) => items,
            Value::Null => &[],
            _ => {
                self.wrong_type(node, "a list", what);
                &[]
            }
        }
    }

    fn keyword<T: Copy>(&mut self, node: &Node, what: &str, choices: &[(&str, T)]) -> Option<T> {
        let text = self.string(node, what)?;
        let wanted = text.trim().to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some((_, value)) = choices.iter().find(|(name, _)| *name == wanted) {
            return Some(*value);
        }
        let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
        self.error_hint(node.at, format!("`{text}` is not a valid {what}"), one_of(&wanted, &names));
        None
    }

    fn type_name(&mut self, node: &Node, what: &str) -> Option<Located<TypeName>> {
        let text = self.string(node, what)?;
        match parse_type(&text) {
            Ok(parsed) => Some(Located::new(parsed, node.at)),
            Err(message) => {
                self.error(node.at, format!("{what}: {message}"));
                None
            }
        }
    }

    /// SQL read from `sql:` or `sql_file:` (exactly one of them).
    fn sql_source(
        &mut self,
        sql: Option<&Node>,
        sql_file: Option<&Node>,
        at: Location,
        what: &str,
    ) -> Option<SqlSource> {
        match (sql, sql_file) {
            (Some(_), Some(file)) => {
                self.error(file.at, format!("{what} has both `sql` and `sql_file`; keep one"));
                None
            }
            (Some(sql), None) => {
                let text = self.string(sql, &format!("{what}'s sql"))?;
                Some(SqlSource { text, file: None, at: sql.at })
            }
            (None, Some(file)) => {
                let relative = PathBuf::from(self.string(file, &format!("{what}'s sql_file"))?);
                let text = self.read_file(&relative, file.at)?;
                Some(SqlSource { text, file: Some(relative), at: file.at })
            }
            (None, None) => {
                let _ = at;
                None
            }
        }
    }

    fn read_file(&mut self, relative: &Path, at: Location) -> Option<String> {
        let full = self.base_dir.join(relative);
        match std::fs::read_to_string(&full) {
            Ok(text) => Some(text),
            Err(e) => {
                self.error_hint(
                    at,
                    format!("cannot read `{}`: {e}", full.display()),
                    "paths in a spec are relative to the spec file's folder",
                );
                None
            }
        }
    }

    pub fn spec(&mut self, root: &Node) -> Vec<DatabaseSpec> {
        if let Value::Null = root.value {
            self.error_hint(root.at, "the spec file is empty", "start with `version: 1` and `databases:`");
            return Vec::new();
        }
        let Some(mut fields) = self.fields(root, &shape::SPEC) else {
            return Vec::new();
        };
        if let Some(version) = fields.get("version")
            && version.scalar_text().as_deref() != Some("1")
        {
            self.error_hint(
                version.at,
                format!("unsupported spec version {}", version.describe()),
                "this pgconform reads `version: 1`",
            );
        }
        let mut databases = Vec::new();
        match fields.get("databases") {
            Some(node) => {
                for (key, value) in self.named(node, "databases") {
                    databases.push(self.database(key, value));
                }
                if databases.is_empty() && matches!(node.value, Value::Map(_) | Value::Null) {
                    self.error(node.at, "`databases` declares no database");
                }
            }
            None => self.error_hint(
                root.at,
                "the spec declares no `databases`",
                "a spec looks like `version: 1` then `databases: { app: { schemas: { public: { tables: … } } } }`",
            ),
        }
        fields.finish(self);
        databases
    }

    fn database(&mut self, key: &Key, node: &Node) -> DatabaseSpec {
        let mut db = DatabaseSpec {
            name: key.text.clone(),
            at: key.at,
            url: None,
            extensions: Vec::new(),
            schemas: Vec::new(),
            probes: Vec::new(),
            lint: LintSpec::default(),
            event_triggers: Vec::new(),
        };
        let Some(mut fields) = self.fields(node, &shape::DATABASE) else {
            return db;
        };
        db.url = fields.get("url").and_then(|n| self.located_string(n, "url"));
        if let Some(node) = fields.get("extensions") {
            for item in self.items(node, "extensions") {
                if let Some(ext) = self.extension(item) {
                    db.extensions.push(ext);
                }
            }
        }
        if let Some(node) = fields.get("schemas") {
            for (key, value) in self.named(node, "schemas") {
                db.schemas.push(self.schema(key, value));
            }
        }
        if let Some(node) = fields.get("probes") {
            for item in self.items(node, "probes") {
                if let Some(probe) = self.probe(item) {
                    db.probes.push(probe);
                }
            }
        }
        if let Some(node) = fields.get("lint") {
            db.lint = self.lint(node);
        }
        if let Some(node) = fields.get("event_triggers") {
            db.event_triggers = self.event_triggers(node);
        }
        fields.finish(self);
        db
    }

    fn extension(&mut self, node: &Node) -> Option<ExtensionSpec> {
        if let Value::Map(_) = node.value {
            let mut fields = self.fields(node, &shape::EXTENSION)?;
            let name = match fields.get("name") {
                Some(n) => self.string(n, "extension name"),
                None => {
                    self.error(node.at, "an extension needs a `name`");
                    None
                }
            };
            let schema = fields.get("schema").and_then(|n| self.string(n, "extension schema"));
            let version = fields.get("version").and_then(|n| self.string(n, "extension version"));
            fields.finish(self);
            return Some(ExtensionSpec { name: name?, schema, version, at: node.at });
        }
        let name = self.string(node, "an extension")?;
        Some(ExtensionSpec { name, schema: None, version: None, at: node.at })
    }

    fn schema(&mut self, key: &Key, node: &Node) -> SchemaSpec {
        let mut schema = SchemaSpec {
            name: key.text.clone(),
            at: key.at,
            strict: false,
            ignore: Vec::new(),
            tables: Vec::new(),
            functions: Vec::new(),
            views: Vec::new(),
            absent_tables: Vec::new(),
            absent_views: Vec::new(),
            absent_functions: Vec::new(),
            types: Vec::new(),
            absent_types: Vec::new(),
            sequences: Vec::new(),
            absent_sequences: Vec::new(),
            comment: None,
        };
        let Some(mut fields) = self.fields(node, &shape::SCHEMA) else {
            return schema;
        };
        schema.strict = fields.get("strict").and_then(|n| self.bool(n, "strict")).unwrap_or(false);
        schema.ignore = fields.get("ignore").map(|n| self.globs(n)).unwrap_or_default();
        if let Some(node) = fields.get("tables") {
            // Collected at their exact number: a table's spec is large.
            let entries = self.named(node, "tables");
            schema.tables = entries.iter().map(|(key, value)| self.table(&schema, key, value)).collect();
        }
        if let Some(node) = fields.get("functions") {
            for (key, value) in self.named(node, "functions") {
                if let Some(function) = self.function(&schema.name, key, value) {
                    schema.functions.push(function);
                }
            }
        }
        if let Some(node) = fields.get("views") {
            for (key, value) in self.named(node, "views") {
                let view = self.view(&schema.name, key, value);
                schema.views.push(view);
            }
        }
        schema.absent_tables =
            fields.get("absent_tables").map(|n| self.strings(n, "absent_tables")).unwrap_or_default();
        schema.absent_views =
            fields.get("absent_views").map(|n| self.strings(n, "absent_views")).unwrap_or_default();
        if let Some(node) = fields.get("types") {
            schema.types = self.user_types(&schema.name, node);
        }
        schema.absent_types =
            fields.get("absent_types").map(|n| self.strings(n, "absent_types")).unwrap_or_default();
        self.absent_types_declared(&schema);
        if let Some(node) = fields.get("absent_functions") {
            for entry in self.strings(node, "absent_functions") {
                if let Some(f) = self.absent_function(entry) {
                    schema.absent_functions.push(f);
                }
            }
        }
        if let Some(node) = fields.get("sequences") {
            for (key, value) in self.named(node, "sequences") {
                if let Some(sequence) = self.sequence(&schema.name, key, value) {
                    schema.sequences.push(sequence);
                }
            }
        }
        schema.absent_sequences =
            fields.get("absent_sequences").map(|n| self.strings(n, "absent_sequences")).unwrap_or_default();
        schema.comment = fields.get("comment").and_then(|n| self.comment(n));
        fields.finish(self);
        schema
    }

    fn globs(&mut self, node: &Node) -> Vec<Located<String>> {
        let globs = self.strings(node, "ignore");
        for glob in &globs {
            if let Err(e) = glob::Pattern::new(glob) {
                self.error(glob.at, format!("`{}` is not a valid glob: {e}", glob.value));
            }
        }
        globs
    }

    fn table(&mut self, schema: &SchemaSpec, key: &Key, node: &Node) -> TableSpec {
        let mut table = TableSpec {
            name: QualifiedName::new(&schema.name, &key.text),
            at: key.at,
            strict: schema.strict,
            ignore: schema.ignore.clone(),
            columns: None,
            primary_key: None,
            unique: Vec::new(),
            foreign_keys: Vec::new(),
            checks: Vec::new(),
            indexes: Vec::new(),
            triggers: Vec::new(),
            absent_columns: Vec::new(),
            partition_by: None,
            partition_of: None,
            inherits: None,
            exclusions: Vec::new(),
            access: Default::default(),
            comment: None,
        };
        let Some(mut fields) = self.fields(node, &shape::TABLE) else {
            return table;
        };
        if let Some(strict) = fields.get("strict").and_then(|n| self.bool(n, "strict")) {
            table.strict = strict;
        }
        if let Some(node) = fields.get("ignore") {
            table.ignore.extend(self.globs(node));
        }
        if let Some(node) = fields.get("columns") {
            let mut columns = Vec::new();
            for (key, value) in self.named(node, "columns") {
                if let Some(column) = self.column(key, value) {
                    columns.push(column);
                }
            }
            table.columns = Some(columns);
        }
        if let Some(node) = fields.get("primary_key") {
            let columns = self.column_list(node, "primary_key");
            table.primary_key = Some(Located::new(columns, node.at));
        }
        if let Some(node) = fields.get("unique") {
            for item in self.items(node, "unique") {
                if let Some(unique) = self.unique(item) {
                    table.unique.push(unique);
                }
            }
        }
        if let Some(node) = fields.get("foreign_keys") {
            for item in self.items(node, "foreign_keys") {
                if let Some(fk) = self.foreign_key(&table.name.schema, item) {
                    table.foreign_keys.push(fk);
                }
            }
        }
        if let Some(node) = fields.get("checks") {
            for item in self.items(node, "checks") {
                if let Some(check) = self.check(item) {
                    table.checks.push(check);
                }
            }
        }
        if let Some(node) = fields.get("indexes") {
            for item in self.items(node, "indexes") {
                if let Some(index) = self.index(item) {
                    table.indexes.push(index);
                }
            }
        }
        if let Some(node) = fields.get("triggers") {
            for (key, value) in self.named(node, "triggers") {
                if let Some(trigger) = self.trigger(&table.name.schema, key, value) {
                    table.triggers.push(trigger);
                }
            }
        }
        if let Some(node) = fields.get("absent_columns") {
            for (key, value) in self.named(node, "absent_columns") {
                let absent = self.absent_column(key, value);
                table.absent_columns.push(absent);
            }
        }
        table.access = Box::new(self.table_access(&mut fields));
        table.comment = fields.get("comment").and_then(|n| self.comment(n));
        self.table_structure(&mut table, &mut fields);
        fields.finish(self);
        table
    }

    /// Column names: a list, or one name as a string.
    fn column_list(&mut self, node: &Node, what: &str) -> Vec<String> {
        let columns: Vec<String> = self.strings(node, what).into_iter().map(|s| s.value).collect();
        if columns.is_empty() {
            self.error(node.at, format!("{what} names no column"));
        }
        columns
    }

    fn column(&mut self, key: &Key, node: &Node) -> Option<ColumnSpec> {
        let mut column = ColumnSpec {
            name: key.text.clone(),
            at: key.at,
            type_: None,
            nullable: None,
            default: None,
            identity: None,
            generated: None,
            collation: None,
            comment: None,
        };
        match &node.value {
            // Short form: `id: uuid`.
            Value::String(_) => {
                column.type_ = self.type_name(node, &format!("the type of column `{}`", key.text))
            }
            // `id:` alone or `id: {}`: the column must exist.
            Value::Null => {}
            Value::Map(_) => {
                let mut fields = self.fields(node, &shape::COLUMN)?;
                column.type_ = fields
                    .get("type")
                    .and_then(|n| self.type_name(n, &format!("the type of column `{}`", key.text)));
                column.nullable = fields
                    .get("nullable")
                    .and_then(|n| self.bool(n, "nullable").map(|b| Located::new(b, n.at)));
                column.default = fields.get("default").and_then(|n| match n.value {
                    Value::Null => Some(Located::new(None, n.at)),
                    _ => self.string(n, "default").map(|s| Located::new(Some(s), n.at)),
                });
                column.identity = fields.get("identity").and_then(|n| match n.value {
                    Value::Null => Some(Located::new(None, n.at)),
                    _ => self.keyword(n, "identity", &IDENTITIES).map(|i| Located::new(Some(i), n.at)),
                });
                column.generated = fields.get("generated").and_then(|n| self.located_string(n, "generated"));
                column.collation = fields.get("collation").and_then(|n| self.located_string(n, "collation"));
                column.comment = fields.get("comment").and_then(|n| self.comment(n));
                fields.finish(self);
            }
            _ => {
                self.wrong_type(
                    node,
                    "a type (`uuid`) or a mapping (`{ type: uuid, nullable: false }`)",
                    &format!("column `{}`", key.text),
                );
                return None;
            }
        }
        Some(column)
    }

    fn unique(&mut self, node: &Node) -> Option<UniqueSpec> {
        match &node.value {
            Value::Map(_) => {
                let mut fields = self.fields(node, &shape::UNIQUE)?;
                let name = fields.get("name").and_then(|n| self.string(n, "unique constraint name"));
                let columns = match fields.get("columns") {
                    Some(n) => self.column_list(n, "unique columns"),
                    None => {
                        self.error(node.at, "a unique constraint needs `columns`");
                        Vec::new()
                    }
                };
                let nulls_not_distinct =
                    fields.get("nulls_not_distinct").and_then(|n| self.bool(n, "nulls_not_distinct"));
                fields.finish(self);
                Some(UniqueSpec { name, columns, nulls_not_distinct, at: node.at })
            }
            _ => Some(UniqueSpec {
                name: None,
                columns: self.column_list(node, "unique"),
                nulls_not_distinct: None,
                at: node.at,
            }),
        }
    }

    fn foreign_key(&mut self, schema: &str, node: &Node) -> Option<ForeignKeySpec> {
        let mut fields = self.fields(node, &shape::FOREIGN_KEY)?;
        let name = fields.get("name").and_then(|n| self.string(n, "foreign key name"));
        let columns = match fields.get("columns") {
            Some(n) => self.column_list(n, "foreign key columns"),
            None => {
                self.error(node.at, "a foreign key needs `columns`");
                Vec::new()
            }
        };
        let reference = match fields.get("references") {
            Some(n) => self.reference(schema, n),
            None => {
                self.error_hint(
                    node.at,
                    "a foreign key needs `references`",
                    "for example `references: conversations(id)`",
                );
                None
            }
        };
        let actions = FK_ACTIONS;
        let on_delete = fields.get("on_delete").and_then(|n| self.keyword(n, "on_delete action", &actions));
        let on_update = fields.get("on_update").and_then(|n| self.keyword(n, "on_update action", &actions));
        let deferrable = fields.get("deferrable").and_then(|n| self.bool(n, "deferrable"));
        let initially_deferred =
            fields.get("initially_deferred").and_then(|n| self.bool(n, "initially_deferred"));
        let match_full = fields.get("match").and_then(|n| self.keyword(n, "foreign key match", &FK_MATCHES));
        fields.finish(self);
        let (references, referenced_columns, ref_at) = reference?;
        if !columns.is_empty() && columns.len() != referenced_columns.len() {
            self.error(
                ref_at,
                format!(
                    "the foreign key has {} column(s) but references {} column(s)",
                    columns.len(),
                    referenced_columns.len()
                ),
            );
        }
        Some(ForeignKeySpec {
            name,
            columns,
            references,
            referenced_columns,
            on_delete,
            on_update,
            deferrable,
            initially_deferred,
            match_full,
            at: node.at,
        })
    }

    /// `references:` as `[schema.]table(col, …)` or `{ schema, table, columns }`.
    fn reference(&mut self, schema: &str, node: &Node) -> Option<(QualifiedName, Vec<String>, Location)> {
        if let Value::Map(_) = node.value {
            let mut fields = self.fields(node, &shape::REFERENCE)?;
            let ref_schema = fields.get("schema").and_then(|n| self.string(n, "reference schema"));
            let table = fields.get("table").and_then(|n| self.string(n, "reference table"));
            let columns = fields.get("columns").map(|n| self.column_list(n, "reference columns"));
            fields.finish(self);
            let (Some(table), Some(columns)) = (table, columns) else {
                self.error(node.at, "a reference needs `table` and `columns`");
                return None;
            };
            return Some((
                QualifiedName::new(ref_schema.unwrap_or_else(|| schema.to_string()), table),
                columns,
                node.at,
            ));
        }
        let text = self.string(node, "references")?;
        match names::parse_table_ref(&text) {
            Ok(parsed) if !parsed.columns.is_empty() => Some((
                QualifiedName::new(parsed.schema.unwrap_or_else(|| schema.to_string()), parsed.table),
                parsed.columns,
                node.at,
            )),
            Ok(_) => {
                self.error_hint(
                    node.at,
                    format!("`{text}` names no referenced column"),
                    "write the referenced columns: `conversations(id)`",
                );
                None
            }
            Err(message) => {
                self.error_hint(
                    node.at,
                    format!("references: {message}"),
                    "for example `references: public.conversations(id)`",
                );
                None
            }
        }
    }

    fn check(&mut self, node: &Node) -> Option<CheckSpec> {
        if let Value::Map(_) = node.value {
            let mut fields = self.fields(node, &shape::CHECK)?;
            let name = fields.get("name").and_then(|n| self.string(n, "check name"));
            let expression = match fields.get("expression") {
                Some(n) => self.string(n, "check expression"),
                None => {
                    self.error(node.at, "a check needs an `expression`");
                    None
                }
            };
            fields.finish(self);
            return Some(CheckSpec { name, expression: strip_check_keyword(&expression?), at: node.at });
        }
        let expression = self.string(node, "a check")?;
        Some(CheckSpec { name: None, expression: strip_check_keyword(&expression), at: node.at })
    }

    fn index(&mut self, node: &Node) -> Option<IndexSpec> {
        let mut fields = self.fields(node, &shape::INDEX)?;
        let name = fields.get("name").and_then(|n| self.string(n, "index name"));
        let (columns, key_options) = match fields.get("columns") {
            Some(n) => self
                .strings(n, "index columns")
                .into_iter()
                .map(|c| super::index_element::parse(&c.value))
                .unzip(),
            None => {
                self.error(node.at, "an index needs `columns`");
                (Vec::new(), Vec::new())
            }
        };
        let unique = fields.get("unique").and_then(|n| self.bool(n, "unique"));
        let method =
            fields.get("method").and_then(|n| self.string(n, "index method")).map(|m| m.to_lowercase());
        let predicate = fields.get("where").and_then(|n| self.string(n, "index where"));
        let include = fields
            .get("include")
            .map(|n| self.strings(n, "index include").into_iter().map(|s| s.value).collect())
            .unwrap_or_default();
        let nulls_not_distinct =
            fields.get("nulls_not_distinct").and_then(|n| self.bool(n, "nulls_not_distinct"));
        fields.finish(self);
        Some(IndexSpec {
            name,
            columns,
            unique,
            method,
            predicate,
            include,
            key_options,
            nulls_not_distinct,
            at: node.at,
        })
    }

    fn trigger(&mut self, schema: &str, key: &Key, node: &Node) -> Option<TriggerSpec> {
        let mut fields = self.fields(node, &shape::TRIGGER)?;
        let timing = fields.get("timing").and_then(|n| self.keyword(n, "trigger timing", &TRIGGER_TIMINGS));
        let events = fields.get("events").map(|n| {
            let choices = TRIGGER_EVENTS;
            let mut events: Vec<TriggerEvent> = match &n.value {
                Value::Seq(items) => {
                    items.iter().filter_map(|i| self.keyword(i, "trigger event", &choices)).collect()
                }
                _ => self.keyword(n, "trigger event", &choices).into_iter().collect(),
            };
            events.sort();
            events.dedup();
            events
        });
        let for_each_row = fields.get("for_each").and_then(|n| self.keyword(n, "for_each", &FOR_EACH));
        let function = fields.get("function").and_then(|n| {
            let text = self.string(n, "trigger function")?;
            match names::parse_signature(&text).or_else(|_| names::parse_signature(&format!("{text}()"))) {
                Ok(sig) => {
                    Some(QualifiedName::new(sig.schema.unwrap_or_else(|| schema.to_string()), sig.name))
                }
                Err(message) => {
                    self.error(n.at, format!("trigger function: {message}"));
                    None
                }
            }
        });
        let when = fields.get("when").and_then(|n| self.string(n, "trigger when"));
        let enabled = fields.get("enabled").and_then(|n| self.bool(n, "enabled"));
        let clauses = self.trigger_clauses(&mut fields, key.at, timing, events.as_deref(), for_each_row);
        fields.finish(self);
        Some(TriggerSpec {
            name: key.text.clone(),
            at: key.at,
            timing,
            events,
            for_each_row,
            function,
            when,
            enabled,
            clauses,
        })
    }

    fn absent_column(&mut self, key: &Key, node: &Node) -> AbsentColumn {
        let mut absent = AbsentColumn { name: key.text.clone(), at: key.at, migrate: None };
        if let Some(mut fields) = self.fields(node, &shape::ABSENT_COLUMN) {
            if let Some(n) = fields.get("migrate")
                && let Some(path) = self.string(n, "migrate")
            {
                let path = PathBuf::from(path);
                if let Some(text) = self.read_file(&path, n.at) {
                    absent.migrate = Some(SqlSource { text, file: Some(path), at: n.at });
                }
            }
            fields.finish(self);
        }
        absent
    }

    fn function(&mut self, schema: &str, key: &Key, node: &Node) -> Option<FunctionSpec> {
        let signature = match names::parse_signature(&key.text) {
            Ok(sig) => sig,
            Err(message) => {
                self.error_hint(
                    key.at,
                    format!("function key `{}`: {message}", key.text),
                    "functions are keyed by signature: `name(argument types)`, e.g. `get_conversation_messages(uuid)`",
                );
                return None;
            }
        };
        let mut fields = self.fields(node, &shape::FUNCTION)?;
        let procedure =
            fields.get("kind").and_then(|n| self.keyword(n, "kind", &FUNCTION_KINDS)).unwrap_or(false);
        let returns = fields.get("returns").and_then(|n| self.located_string(n, "returns"));
        let language = fields
            .get("language")
            .and_then(|n| self.located_string(n, "language"))
            .map(|l| Located::new(l.value.to_lowercase(), l.at));
        let volatility = fields
            .get("volatility")
            .and_then(|n| self.keyword(n, "volatility", &VOLATILITIES).map(|v| Located::new(v, n.at)));
        let security_definer = fields
            .get("security_definer")
            .and_then(|n| self.bool(n, "security_definer").map(|b| Located::new(b, n.at)));
        let (sql, sql_file) = (fields.get("sql"), fields.get("sql_file"));
        let definition = self.sql_source(sql, sql_file, key.at, "a function");
        let grants =
            fields.get("grants").map(|n| Box::new(self.grants(n, super::access::FUNCTION_PRIVILEGES)));
        let comment = fields.get("comment").and_then(|n| self.comment(n));
        let settings = self.function_settings(&mut fields);
        fields.finish(self);
        // Since PostgreSQL 14 a procedure's OUT arguments are part of its identity.
        let signature = match procedure {
            true => names::parse_procedure_signature(&key.text).unwrap_or(signature),
            false => signature,
        };
        let name = QualifiedName::new(
            signature.schema.clone().unwrap_or_else(|| schema.to_string()),
            signature.name.clone(),
        );
        Some(FunctionSpec {
            name,
            argument_types: signature.argument_types,
            signature: key.text.clone(),
            at: key.at,
            procedure,
            returns,
            language,
            volatility,
            security_definer,
            definition,
            comment,
            grants,
            settings,
        })
    }

    fn view(&mut self, schema: &str, key: &Key, node: &Node) -> ViewSpec {
        let mut view = ViewSpec {
            name: QualifiedName::new(schema, &key.text),
            at: key.at,
            materialized: false,
            query: None,
            columns: None,
            grants: None,
            comment: None,
            options: None,
        };
        let Some(mut fields) = self.fields(node, &shape::VIEW) else {
            return view;
        };
        view.materialized =
            fields.get("materialized").and_then(|n| self.bool(n, "materialized")).unwrap_or(false);
        let (sql, sql_file) = (fields.get("sql"), fields.get("sql_file"));
        view.query = self.sql_source(sql, sql_file, key.at, "a view").map(|mut source| {
            source.text = source.text.trim().trim_end_matches(';').trim().to_string();
            source
        });
        view.columns = fields.get("columns").map(|n| Located::new(self.column_list(n, "view columns"), n.at));
        view.grants = fields.get("grants").map(|n| Box::new(self.grants(n, super::access::TABLE_PRIVILEGES)));
        view.comment = fields.get("comment").and_then(|n| self.comment(n));
        view.options =
            fields.get("options").and_then(|n| self.view_options(n, view.materialized)).map(Box::new);
        fields.finish(self);
        view
    }

    fn absent_function(&mut self, entry: Located<String>) -> Option<AbsentFunction> {
        let has_arguments = entry.value.contains('(');
        let text = if has_arguments { entry.value.clone() } else { format!("{}()", entry.value) };
        match names::parse_signature(&text) {
            Ok(sig) => Some(AbsentFunction {
                name: sig.name,
                argument_types: has_arguments.then_some(sig.argument_types),
                written: entry.value.clone(),
                at: entry.at,
            }),
            Err(message) => {
                self.error(entry.at, format!("absent function `{}`: {message}", entry.value));
                None
            }
        }
    }

    fn probe(&mut self, node: &Node) -> Option<ProbeSpec> {
        let mut fields = self.fields(node, &shape::PROBE)?;
        let name = fields.get("name").and_then(|n| self.string(n, "probe name"));
        let sql = fields.get("sql").and_then(|n| self.string(n, "probe sql"));
        let expect = match fields.get("expect") {
            Some(n) => self.expectation(n),
            None => {
                self.error_hint(
                    node.at,
                    "a probe needs `expect`",
                    "the value the query returns, e.g. `expect: 2`",
                );
                None
            }
        };
        if name.is_none() {
            self.error(node.at, "a probe needs a `name`");
        }
        if sql.is_none() {
            self.error(node.at, "a probe needs `sql`");
        }
        fields.finish(self);
        Some(ProbeSpec { name: name?, sql: sql?, expect: expect?, at: node.at })
    }

    fn expectation(&mut self, node: &Node) -> Option<Expectation> {
        let cell = |d: &mut Decoder, n: &Node| -> Option<Option<String>> {
            match &n.value {
                Value::Null => Some(None),
                Value::Seq(_) | Value::Map(_) => {
                    d.wrong_type(n, "a value", "a probe's expected cell");
                    None
                }
                _ => Some(n.scalar_text()),
            }
        };
        match &node.value {
            Value::Seq(rows) => {
                let mut out = Vec::new();
                for row in rows {
                    match &row.value {
                        Value::Seq(cells) => {
                            out.push(cells.iter().map(|c| cell(self, c)).collect::<Option<Vec<_>>>()?)
                        }
                        _ => out.push(vec![cell(self, row)?]),
                    }
                }
                Some(Expectation::Rows(out))
            }
            Value::Map(_) => {
                self.wrong_type(node, "a value or a list of rows", "expect");
                None
            }
            _ => Some(Expectation::Scalar(cell(self, node)?)),
        }
    }

    /// `comment: text` (must be exactly that) or `comment: null` (must have none).
    fn comment(&mut self, node: &Node) -> Option<CommentSpec> {
        match &node.value {
            Value::Null => Some(Located::new(None, node.at)),
            Value::String(s) if s.is_empty() => {
                self.error_hint(
                    node.at,
                    "an empty comment is no comment to PostgreSQL",
                    "write `comment: null` for an object that must have no comment",
                );
                None
            }
            Value::String(s) => Some(Located::new(Some(s.clone()), node.at)),
            _ => self.string(node, "comment").map(|s| Located::new(Some(s), node.at)),
        }
    }

    fn integer(&mut self, node: &Node, what: &str) -> Option<Located<i64>> {
        match &node.value {
            Value::Number(n) if n.parse::<i64>().is_ok() => n.parse().ok().map(|v| Located::new(v, node.at)),
            _ => {
                self.wrong_type(node, "a whole number (64-bit)", what);
                None
            }
        }
    }

    fn sequence(&mut self, schema: &str, key: &Key, node: &Node) -> Option<SequenceSpec> {
        let mut fields = self.fields(node, &shape::SEQUENCE)?;
        let data_type = fields.get("type").and_then(|n| {
            let text = self.string(n, "sequence type")?;
            let name = parse_type(&text)
                .ok()
                .filter(|t| t.schema.is_none() && t.modifiers.is_none() && !t.is_array() && !t.is_serial());
            match name.map(|t| t.name).filter(|t| matches!(t.as_str(), "smallint" | "integer" | "bigint")) {
                Some(name) => Some(Located::new(name, n.at)),
                None => {
                    self.error_hint(
                        n.at,
                        format!("`{text}` is not a sequence type"),
                        "one of: smallint, integer, bigint (int2, int4, int8)",
                    );
                    None
                }
            }
        });
        let start = fields.get("start").and_then(|n| self.integer(n, "start"));
        let increment = fields.get("increment").and_then(|n| self.integer(n, "increment"));
        let min = fields.get("min").and_then(|n| self.integer(n, "min"));
        let max = fields.get("max").and_then(|n| self.integer(n, "max"));
        let cache = fields.get("cache").and_then(|n| self.integer(n, "cache"));
        let cycle = fields.get("cycle").and_then(|n| self.bool(n, "cycle").map(|b| Located::new(b, n.at)));
        let owned_by = fields.get("owned_by").and_then(|n| {
            if let Value::Null = n.value {
                return Some(Located::new(None, n.at));
            }
            let text = self.string(n, "owned_by")?;
            let hint = "write `table.column` (the table in the sequence's schema), or null for no owner";
            match names::parse_identifier_path(&text).as_deref() {
                Ok([table, column]) => {
                    Some(Located::new(Some((QualifiedName::new(schema, table), column.clone())), n.at))
                }
                Ok([s, table, column]) if s == schema => {
                    Some(Located::new(Some((QualifiedName::new(schema, table), column.clone())), n.at))
                }
                Ok([_, _, _]) => {
                    self.error_hint(n.at, "a sequence can only be owned by a table of its own schema", hint);
                    None
                }
                Ok(_) => {
                    self.error_hint(n.at, format!("owned_by `{text}` does not name a column"), hint);
                    None
                }
                Err(message) => {
                    self.error_hint(n.at, format!("owned_by: {message}"), hint);
                    None
                }
            }
        });
        let comment = fields.get("comment").and_then(|n| self.comment(n));
        fields.finish(self);
        if let Some(increment) = increment.as_ref().filter(|i| i.value == 0) {
            self.error(increment.at, "a sequence's increment cannot be 0");
        }
        if let Some(cache) = cache.as_ref().filter(|c| c.value < 1) {
            self.error(cache.at, "a sequence's cache must be at least 1");
        }
        if let (Some(min), Some(max)) = (&min, &max)
            && min.value >= max.value
        {
            self.error(max.at, format!("max ({}) must be greater than min ({})", max.value, min.value));
        }
        if let Some(start) = &start {
            if let Some(min) = min.as_ref().filter(|m| start.value < m.value) {
                self.error(start.at, format!("start ({}) is below min ({})", start.value, min.value));
            }
            if let Some(max) = max.as_ref().filter(|m| start.value > m.value) {
                self.error(start.at, format!("start ({}) is above max ({})", start.value, max.value));
            }
        }
        Some(SequenceSpec {
            name: QualifiedName::new(schema, &key.text),
            at: key.at,
            data_type,
            start,
            increment,
            min,
            max,
            cache,
            cycle,
            owned_by,
            comment,
        })
    }

    fn lint(&mut self, node: &Node) -> LintSpec {
        let mut lint = LintSpec::default();
        let Some(mut fields) = self.fields(node, &shape::LINT) else {
            return lint;
        };
        if let Some(rules) = fields.get("rules") {
            for (key, value) in self.named(rules, "lint rules") {
                let valid_name = !key.text.is_empty()
                    && key.text.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
                if !valid_name {
                    self.error(
                        key.at,
                        format!("`{}` is not a lint rule name (rules are kebab-case)", key.text),
                    );
                }
                let severity = self.keyword(value, "severity", &SEVERITIES);
                if let Some(severity) = severity {
                    lint.rules.push((Located::new(key.text.clone(), key.at), severity));
                }
            }
        }
        if let Some(node) = fields.get("ignore") {
            lint.ignore = self.globs(node);
        }
        if let Some(node) = fields.get("sequence_threshold") {
            match &node.value {
                Value::Number(n) if n.parse::<u8>().is_ok_and(|p| (1..=100).contains(&p)) => {
                    lint.sequence_threshold = n.parse().ok().map(|p| Located::new(p, node.at));
                }
                _ => self.wrong_type(node, "a whole percent from 1 to 100", "sequence_threshold"),
            }
        }
        fields.finish(self);
        lint
    }
}

/// The hint for a word that is not one of `names`: the nearest one, and all of them.
fn one_of(word: &str, names: &[&str]) -> String {
    match suggest(word, names) {
        Some(near) => format!("did you mean `{near}`? one of: {}", names.join(", ")),
        None => format!("one of: {}", names.join(", ")),
    }
}

/// `CHECK (x > 0)` and `x > 0` mean the same in a spec.
fn strip_check_keyword(expression: &str) -> String {
    let trimmed = expression.trim();
    let lower = trimmed.to_ascii_lowercase();
    if lower.starts_with("check") && trimmed[5..].trim_start().starts_with('(') {
        trimmed[5..].trim().to_string()
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::collections::{BTreeMap, BTreeSet};

    thread_local! {
        /// The keys each section's decoder asked for, on this test's thread.
        static READ: RefCell<BTreeMap<&'static str, BTreeSet<String>>> = RefCell::default();
    }

    pub(super) fn record(section: &'static str, key: &str) {
        READ.with(|r| r.borrow_mut().entry(section).or_default().insert(key.to_string()));
    }

    /// Every section in its long form, so that each section's decoder runs
    /// (the values need not be valid: only the keys asked for are looked at).
    const EVERY_SECTION: &str = r#"
version: 1
databases:
  app:
    url: postgresql://localhost/app
    extensions: [{ name: pgcrypto }]
    schemas:
      public:
        tables:
          t:
            columns: { id: { type: uuid } }
            unique: [{ columns: [id] }]
            foreign_keys: [{ columns: [id], references: { table: u, columns: [id] } }]
            checks: [{ expression: id IS NOT NULL }]
            indexes: [{ columns: [id] }]
            triggers: { tr: { timing: after } }
            absent_columns: { old: {} }
            partition_of: { table: p, bound: DEFAULT }
            exclusions: [{ definition: "EXCLUDE USING gist (id WITH =)" }]
            row_level_security: true
            policies: { p: { command: all, as: permissive, roles: [public], using: "true", with_check: "true" } }
            grants: { app: [select] }
        functions:
          "f(integer)": { grants: { app: execute }, returns: integer }
        types:
          e: { enum: [a] }
          d: { domain: integer, nullable: false, default: 1, checks: [VALUE > 0] }
          c: { composite: { a: integer } }
        views:
          v: { grants: { app: select }, materialized: false, options: { security_barrier: true } }
        sequences:
          s: { type: bigint }
    probes:
      - { name: p, sql: SELECT 1, expect: 1 }
    lint: { rules: { some-rule: warn } }
    event_triggers: { et: { event: sql_drop } }
"#;

    #[test]
    fn the_decoder_reads_exactly_the_keys_of_the_shape() {
        READ.with(|r| r.borrow_mut().clear());
        let root = super::super::yaml::parse(EVERY_SECTION).expect("valid YAML");
        let mut decoder = Decoder::new(Path::new("spec.yaml"));
        let _ = decoder.spec(&root);
        let read = READ.with(|r| r.borrow().clone());
        let mut sections = Vec::new();
        shape::ROOT.sections(&mut sections);
        for section in sections {
            let in_shape: BTreeSet<String> = section.key_names().into_iter().map(String::from).collect();
            let asked = read.get(section.id).cloned().unwrap_or_default();
            assert_eq!(
                asked, in_shape,
                "the keys the decoder reads for {} and the keys of its shape",
                section.id
            );
        }
        assert!(read.keys().all(|id| shape_ids().contains(id)), "{read:?}");
    }

    fn shape_ids() -> Vec<&'static str> {
        let mut sections = Vec::new();
        shape::ROOT.sections(&mut sections);
        sections.iter().map(|s| s.id).collect()
    }

    fn names<T>(table: &[(&'static str, T)]) -> Vec<&'static str> {
        table.iter().map(|(name, _)| *name).collect()
    }

    #[test]
    fn keyword_tables_spell_what_the_shape_lists() {
        assert_eq!(names(&FK_ACTIONS), shape::FK_ACTIONS);
        assert_eq!(names(&TRIGGER_TIMINGS), shape::TRIGGER_TIMINGS);
        assert_eq!(names(&TRIGGER_EVENTS), shape::TRIGGER_EVENTS);
        assert_eq!(names(&FOR_EACH), shape::FOR_EACH);
        assert_eq!(names(&FK_MATCHES), shape::FK_MATCHES);
        assert_eq!(names(&IDENTITIES), shape::IDENTITIES);
        assert_eq!(names(&FUNCTION_KINDS), shape::FUNCTION_KINDS);
        assert_eq!(names(&VOLATILITIES), shape::VOLATILITIES);
        assert_eq!(names(&behaviour::CHECK_OPTIONS), shape::CHECK_OPTIONS);
        assert_eq!(names(&behaviour::EVENTS), shape::EVENT_TRIGGER_EVENTS);
        assert_eq!(names(&SEVERITIES), shape::SEVERITIES);
    }

    #[test]
    fn required_keys_of_the_shape_are_required_by_the_decoder() {
        // Each long-form section with a required key, written without it.
        let cases = [
            ("extensions: [{ schema: public }]", "an extension needs a `name`"),
            ("probes: [{ sql: SELECT 1, expect: 1 }]", "a probe needs a `name`"),
            ("probes: [{ name: p, expect: 1 }]", "a probe needs `sql`"),
            ("probes: [{ name: p, sql: SELECT 1 }]", "a probe needs `expect`"),
        ];
        for (database_line, message) in cases {
            let text = format!("version: 1\ndatabases:\n  app:\n    {database_line}\n");
            let root = super::super::yaml::parse(&text).expect("valid YAML");
            let mut decoder = Decoder::new(Path::new("spec.yaml"));
            let _ = decoder.spec(&root);
            assert!(decoder.errors.iter().any(|e| e.message == message), "{text}: {:?}", decoder.errors);
        }
        for section in
            [&shape::EXTENSION, &shape::PROBE, &shape::FOREIGN_KEY, &shape::INDEX, &shape::REFERENCE]
        {
            assert!(section.keys.iter().any(|k| k.required), "{} has required keys", section.id);
        }
    }
}
