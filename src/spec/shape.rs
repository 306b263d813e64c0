//! The shape of the spec format, written once: every mapping of the file with
//! its keys, the shape of each key's value and a line of documentation.
//!
//! Two readers walk it and must never disagree, which is why it is data and
//! not prose: the decoder takes each mapping's allowed keys (and the
//! suggestions for a misspelt one) from here, and `pgconform schema` turns it
//! into the JSON Schema that editors use for completion. Unit tests in
//! `decode` check that the decoder reads exactly the keys listed here, and
//! that its keyword tables (trigger timings, foreign key actions, …) match the
//! choices listed here.

/// One kind of mapping in the file (a table, a column in its long form, …).
#[derive(Debug)]
pub struct Section {
    /// The name of its definition in the JSON Schema (`table`).
    pub id: &'static str,
    /// How error messages name it: `unknown key `colums` in a table`.
    pub what: &'static str,
    /// What it is, for the schema's description.
    pub doc: &'static str,
    pub keys: &'static [KeyShape],
    /// Pairs of keys that exclude each other (`sql` and `sql_file`).
    pub exclusive: &'static [[&'static str; 2]],
}

#[derive(Debug)]
pub struct KeyShape {
    pub key: &'static str,
    pub value: Shape,
    /// The decoder reports a missing required key as an error.
    pub required: bool,
    pub doc: &'static str,
}

/// The shape of a value.
#[derive(Debug)]
pub enum Shape {
    /// A name, a type, an SQL text or a path: a non-empty string.
    Text,
    /// Text where a bare number or boolean is natural too (`default: 0`,
    /// `version: 1.2`): the decoder reads any scalar as its text.
    Scalar,
    Bool,
    /// The format's version: `1`.
    Version,
    /// One keyword out of a fixed list, lower case.
    Choice(&'static [&'static str]),
    /// `null`, meaning "has none" where it is allowed (`default: null`).
    Null,
    /// A list of items (an empty value reads as an empty list).
    List(&'static Shape),
    /// A list of items, or a single item meaning a list of one.
    OneOrList(&'static Shape),
    /// A mapping with the section's keys (an empty value reads as `{}`).
    Mapping(&'static Section),
    /// A mapping from names of the user's choosing to values of one shape.
    Names(&'static Shape),
    /// Any one of these shapes (a short form or a long form).
    AnyOf(&'static [Shape]),
}

impl Section {
    /// The key names, in documentation order.
    pub fn key_names(&self) -> Vec<&'static str> {
        self.keys.iter().map(|k| k.key).collect()
    }

    pub fn key(&self, name: &str) -> Option<&'static KeyShape> {
        self.keys.iter().find(|k| k.key == name)
    }
}

impl Shape {
    /// The sections reachable from this shape, each once, in order of first
    /// appearance (the schema's definitions).
    pub fn sections(&'static self, out: &mut Vec<&'static Section>) {
        match self {
            Shape::List(inner) | Shape::OneOrList(inner) | Shape::Names(inner) => inner.sections(out),
            Shape::AnyOf(shapes) => shapes.iter().for_each(|s| s.sections(out)),
            Shape::Mapping(section) => {
                if out.iter().any(|s| std::ptr::eq(*s, *section)) {
                    return;
                }
                out.push(section);
                for key in section.keys {
                    key.value.sections(out);
                }
            }
            Shape::Text | Shape::Scalar | Shape::Bool | Shape::Version | Shape::Choice(_) | Shape::Null => {}
        }
    }
}

const fn key(key: &'static str, value: Shape, doc: &'static str) -> KeyShape {
    KeyShape { key, value, required: false, doc }
}

const fn required(key: &'static str, value: Shape, doc: &'static str) -> KeyShape {
    KeyShape { key, value, required: true, doc }
}

/// Every section, reached from the root; the schema and the tests walk this.
pub static ROOT: Shape = Shape::Mapping(&SPEC);

pub const FK_ACTIONS: &[&str] = &["no action", "restrict", "cascade", "set null", "set default"];
pub const TRIGGER_TIMINGS: &[&str] = &["before", "after", "instead of"];
pub const TRIGGER_EVENTS: &[&str] = &["insert", "update", "delete", "truncate"];
pub const FOR_EACH: &[&str] = &["row", "statement"];
pub const FK_MATCHES: &[&str] = &["simple", "full"];
pub const IDENTITIES: &[&str] = &["always", "by default"];
pub const FUNCTION_KINDS: &[&str] = &["function", "procedure"];
pub const VOLATILITIES: &[&str] = &["immutable", "stable", "volatile"];
pub const CHECK_OPTIONS: &[&str] = &["none", "local", "cascaded"];
pub const EVENT_TRIGGER_EVENTS: &[&str] =
    &["ddl_command_start", "ddl_command_end", "sql_drop", "table_rewrite", "login"];
pub const SEVERITIES: &[&str] = &["error", "warn", "off"];
pub const POLICY_COMMANDS: &[&str] = &["all", "select", "insert", "update", "delete"];
pub const POLICY_KINDS: &[&str] = &["permissive", "restrictive"];
pub const TABLE_GRANT_PRIVILEGES: &[&str] =
    &["all", "select", "insert", "update", "delete", "truncate", "references", "trigger", "maintain"];
pub const FUNCTION_GRANT_PRIVILEGES: &[&str] = &["all", "execute"];

pub static SPEC: Section = Section {
    id: "spec",
    what: "the spec file",
    doc: "A pgconform spec: the target architecture of one or more PostgreSQL databases.",
    keys: &[
        key("version", Shape::Version, "The version of the spec format: 1."),
        required(
            "databases",
            Shape::Names(&Shape::Mapping(&DATABASE)),
            "The databases, by a name of your choosing.",
        ),
    ],
    exclusive: &[],
};

pub static DATABASE: Section = Section {
    id: "database",
    what: "a database",
    doc: "One database and what it must hold.",
    keys: &[
        key("url", Shape::Text, "Connection URL or key=value string; ${VAR} expands from the environment."),
        key(
            "extensions",
            Shape::List(&Shape::AnyOf(&[Shape::Text, Shape::Mapping(&EXTENSION)])),
            "Extensions that must be installed: names, or { name, schema, version }.",
        ),
        key("schemas", Shape::Names(&Shape::Mapping(&SCHEMA)), "The schemas, by name."),
        key(
            "probes",
            Shape::List(&Shape::Mapping(&PROBE)),
            "SQL with an expected result, run in a transaction that is rolled back.",
        ),
        key("lint", Shape::Mapping(&LINT), "Severities and ignores for `pgconform lint`."),
        key(
            "event_triggers",
            Shape::Names(&Shape::Mapping(&EVENT_TRIGGER)),
            "Event triggers, by name: { event, function, tags, enabled }.",
        ),
    ],
    exclusive: &[],
};

pub static EXTENSION: Section = Section {
    id: "extension",
    what: "an extension",
    doc: "An extension in its long form.",
    keys: &[
        required("name", Shape::Text, "The extension's name, e.g. pgcrypto."),
        key("schema", Shape::Text, "The schema it must be installed in."),
        key("version", Shape::Scalar, "The version it must have."),
    ],
    exclusive: &[],
};

pub static SCHEMA: Section = Section {
    id: "schema",
    what: "a schema",
    doc: "A schema: its tables, functions and views, and objects that must be gone.",
    keys: &[
        key("strict", Shape::Bool, "true: undeclared tables, views and functions fail."),
        key("ignore", GLOBS, "Globs of names that strict checks pass over, e.g. *_backup_*."),
        key("tables", Shape::Names(&Shape::Mapping(&TABLE)), "The tables, by name (taken literally)."),
        key(
            "functions",
            Shape::Names(&Shape::Mapping(&FUNCTION)),
            "The functions and procedures, by signature: name(argument types).",
        ),
        key("views", Shape::Names(&Shape::Mapping(&VIEW)), "The views, by name."),
        key(
            "types",
            Shape::Names(&Shape::Mapping(&USER_TYPE)),
            "Enum, domain and composite types, by name: { enum: [labels] }, { domain: base type, … } or { composite: { attribute: type } }.",
        ),
        key("absent_tables", NAMES, "Tables that must not exist."),
        key("absent_views", NAMES, "Views that must not exist."),
        key("absent_types", NAMES, "Enum, domain and composite types that must not exist."),
        key(
            "absent_functions",
            NAMES,
            "Functions that must not exist: name(argument types) for one overload, name for all.",
        ),
        key(
            "sequences",
            Shape::Names(&Shape::Mapping(&SEQUENCE)),
            "Standalone sequences, by name (those of serial and identity columns are the columns' business).",
        ),
        key("absent_sequences", NAMES, "Sequences that must not exist."),
        key("comment", COMMENT, "The schema's comment, exactly; null means it has none."),
    ],
    exclusive: &[],
};

/// A comment: its exact text, or null for none.
const COMMENT: Shape = Shape::AnyOf(&[Shape::Null, Shape::Scalar]);

pub static SEQUENCE: Section = Section {
    id: "sequence",
    what: "a sequence",
    doc: "A standalone sequence; {} means it must exist, a property left out is not checked.",
    keys: &[
        key("type", Shape::Text, "smallint, integer or bigint (the default when created)."),
        key("start", Shape::Scalar, "The start value (default: min, or max for a descending sequence)."),
        key("increment", Shape::Scalar, "The increment (default 1)."),
        key("min", Shape::Scalar, "The minimum value (default 1, or the type's minimum when descending)."),
        key("max", Shape::Scalar, "The maximum value (default the type's maximum, or -1 when descending)."),
        key("cache", Shape::Scalar, "Values preallocated per session (default 1)."),
        key("cycle", Shape::Bool, "Whether it wraps around at its bound (default false)."),
        key(
            "owned_by",
            Shape::AnyOf(&[Shape::Null, Shape::Text]),
            "table.column whose drop drops the sequence; null means owned by no column.",
        ),
        key("comment", COMMENT, "The sequence's comment, exactly; null means it has none."),
    ],
    exclusive: &[],
};

/// Names (columns, tables): a list, or one name alone.
const NAMES: Shape = Shape::OneOrList(&Shape::Text);
/// Glob patterns: a list, or one pattern alone.
const GLOBS: Shape = Shape::OneOrList(&Shape::Text);

pub static TABLE: Section = Section {
    id: "table",
    what: "a table",
    doc: "A table; {} means it must exist and nothing else is checked.",
    keys: &[
        key("strict", Shape::Bool, "true: undeclared columns fail."),
        key("ignore", GLOBS, "Globs of column names that strict checks pass over."),
        key(
            "columns",
            Shape::Names(&Shape::AnyOf(&[Shape::Text, Shape::Mapping(&COLUMN)])),
            "The columns, by name: a type (uuid), or { type, nullable, default, … }.",
        ),
        key("primary_key", NAMES, "The primary key's columns, in order."),
        key(
            "unique",
            Shape::List(&Shape::AnyOf(&[Shape::OneOrList(&Shape::Text), Shape::Mapping(&UNIQUE)])),
            "Unique constraints: column lists, or { name, columns }; a unique index counts too.",
        ),
        key("foreign_keys", Shape::List(&Shape::Mapping(&FOREIGN_KEY)), "Foreign keys."),
        key(
            "checks",
            Shape::List(&Shape::AnyOf(&[Shape::Scalar, Shape::Mapping(&CHECK)])),
            "Check constraints: expressions, or { name, expression }.",
        ),
        key("indexes", Shape::List(&Shape::Mapping(&INDEX)), "Indexes."),
        key("triggers", Shape::Names(&Shape::Mapping(&TRIGGER)), "Triggers, by name."),
        key(
            "absent_columns",
            Shape::Names(&Shape::Mapping(&ABSENT_COLUMN)),
            "Columns that must not exist, by name: {} or { migrate: FILE }.",
        ),
        key(
            "partition_by",
            Shape::Text,
            "The table is partitioned by this key: range (created_at), list (region) or hash (id).",
        ),
        key(
            "partition_of",
            Shape::Mapping(&PARTITION_OF),
            "The table is a partition: { table, bound }; columns and keys it inherits are not repeated.",
        ),
        key(
            "inherits",
            NAMES,
            "Parent tables in plain inheritance, [schema.]table in order; inherited columns are not repeated.",
        ),
        key(
            "exclusions",
            Shape::List(&Shape::AnyOf(&[Shape::Text, Shape::Mapping(&EXCLUSION)])),
            "Exclusion constraints: EXCLUDE USING gist (room WITH =, during WITH &&), or { name, definition }.",
        ),
        key("comment", COMMENT, "The table's comment, exactly; null means it has none."),
        key(
            "row_level_security",
            Shape::AnyOf(&[Shape::Bool, Shape::Choice(&["forced"])]),
            "true: row level security is enabled; forced: enabled and forced on the owner too; false: disabled.",
        ),
        key(
            "policies",
            Shape::Names(&Shape::Mapping(&POLICY)),
            "Row level security policies, by name; when written, the table has exactly these.",
        ),
        key(
            "grants",
            Shape::Names(&Shape::OneOrList(&Shape::Choice(TABLE_GRANT_PRIVILEGES))),
            "Privileges by role (public: PUBLIC); when written, exactly these are granted to others than the owner.",
        ),
    ],
    exclusive: &[],
};

pub static PARTITION_OF: Section = Section {
    id: "partition_of",
    what: "a partition's parent",
    doc: "The partitioned table a table is a partition of, and its bound.",
    keys: &[
        required("table", Shape::Text, "The partitioned table, [schema.]table."),
        required(
            "bound",
            Shape::Text,
            "FOR VALUES IN (…), FOR VALUES FROM (…) TO (…), FOR VALUES WITH (modulus …, remainder …) or DEFAULT.",
        ),
    ],
    exclusive: &[],
};

pub static EXCLUSION: Section = Section {
    id: "exclusion",
    what: "an exclusion constraint",
    doc: "An exclusion constraint in its long form.",
    keys: &[
        key("name", Shape::Text, "The constraint's name."),
        required("definition", Shape::Text, "EXCLUDE USING gist (room WITH =, during WITH &&) [WHERE (…)]."),
        key("deferrable", Shape::Bool, "Whether the constraint is deferrable."),
        key("initially_deferred", Shape::Bool, "Whether it is initially deferred."),
    ],
    exclusive: &[],
};

pub static COLUMN: Section = Section {
    id: "column",
    what: "a column",
    doc: "A column in its long form; a property left out is not checked.",
    keys: &[
        key("type", Shape::Text, "Any spelling PostgreSQL accepts: int4, varchar(20), timestamptz, text[]."),
        key("nullable", Shape::Bool, "Whether the column accepts NULL."),
        key(
            "default",
            Shape::AnyOf(&[Shape::Null, Shape::Scalar]),
            "The default as an SQL expression; null means it has none.",
        ),
        key(
            "identity",
            Shape::AnyOf(&[Shape::Null, Shape::Choice(IDENTITIES)]),
            "always or by default; null means it is not an identity column.",
        ),
        key("generated", Shape::Scalar, "The expression of a stored generated column."),
        key("collation", Shape::Text, "The column's collation."),
        key("comment", COMMENT, "The column's comment, exactly; null means it has none."),
    ],
    exclusive: &[],
};

pub static UNIQUE: Section = Section {
    id: "unique",
    what: "a unique constraint",
    doc: "A unique constraint in its long form.",
    keys: &[
        key("name", Shape::Text, "The constraint's name."),
        required("columns", NAMES, "Its columns."),
        key(
            "nulls_not_distinct",
            Shape::Bool,
            "true: NULLs count as equal (NULLS NOT DISTINCT, PostgreSQL 15+; false on older servers).",
        ),
    ],
    exclusive: &[],
};

pub static FOREIGN_KEY: Section = Section {
    id: "foreign_key",
    what: "a foreign key",
    doc: "A foreign key; actions left out match any.",
    keys: &[
        key("name", Shape::Text, "The constraint's name."),
        required("columns", NAMES, "The referencing columns, in order."),
        required(
            "references",
            Shape::AnyOf(&[Shape::Text, Shape::Mapping(&REFERENCE)]),
            "[schema.]table(col, …) in SQL syntax, or { schema, table, columns }.",
        ),
        key("on_delete", Shape::Choice(FK_ACTIONS), "The ON DELETE action."),
        key("on_update", Shape::Choice(FK_ACTIONS), "The ON UPDATE action."),
        key("deferrable", Shape::Bool, "Whether the constraint is deferrable."),
        key("initially_deferred", Shape::Bool, "Whether it is initially deferred."),
        key("match", Shape::Choice(FK_MATCHES), "MATCH SIMPLE (the default) or MATCH FULL."),
    ],
    exclusive: &[],
};

pub static REFERENCE: Section = Section {
    id: "reference",
    what: "a reference",
    doc: "The referenced table and columns in the long form; names are taken literally.",
    keys: &[
        key("schema", Shape::Text, "The referenced table's schema (default: the declaring table's)."),
        required("table", Shape::Text, "The referenced table."),
        required("columns", NAMES, "The referenced columns, in order."),
    ],
    exclusive: &[],
};

/// One entry of a schema's `types:`: exactly one of `enum`, `domain` and
/// `composite` (the decoder reports none or several).
pub static USER_TYPE: Section = Section {
    id: "type",
    what: "a type",
    doc: "A user-defined type: exactly one of enum, domain or composite.",
    keys: &[
        key("enum", Shape::List(&Shape::Scalar), "An enum type's labels, in order."),
        key("domain", Shape::Text, "A domain's base type, in any spelling PostgreSQL accepts."),
        key("nullable", Shape::Bool, "Whether the domain accepts NULL (domains only)."),
        key(
            "default",
            Shape::AnyOf(&[Shape::Null, Shape::Scalar]),
            "The domain's default as an SQL expression; null means it has none (domains only).",
        ),
        key(
            "checks",
            Shape::List(&Shape::AnyOf(&[Shape::Scalar, Shape::Mapping(&CHECK)])),
            "The domain's check constraints over VALUE: expressions, or { name, expression } (domains only).",
        ),
        key(
            "composite",
            Shape::Names(&Shape::Text),
            "A composite type's attributes, by name and in order, each with its type.",
        ),
    ],
    exclusive: &[["enum", "domain"], ["enum", "composite"], ["domain", "composite"]],
};

pub static CHECK: Section = Section {
    id: "check",
    what: "a check",
    doc: "A check constraint in its long form.",
    keys: &[
        key("name", Shape::Text, "The constraint's name."),
        required("expression", Shape::Scalar, "The checked expression, e.g. amount > 0."),
    ],
    exclusive: &[],
};

pub static INDEX: Section = Section {
    id: "index",
    what: "an index",
    doc: "An index; a property left out is not checked.",
    keys: &[
        key("name", Shape::Text, "The index's name."),
        required(
            "columns",
            NAMES,
            "Its columns in order, as in CREATE INDEX: a name or an expression (lower(email)), then optionally COLLATE, an operator class, ASC/DESC and NULLS FIRST/LAST: created_at DESC.",
        ),
        key("unique", Shape::Bool, "Whether it is unique."),
        key("method", Shape::Text, "The access method: btree, hash, gist, spgist, gin or brin."),
        key("where", Shape::Scalar, "The predicate of a partial index."),
        key("include", NAMES, "Non-key columns carried in the index (INCLUDE)."),
        key(
            "nulls_not_distinct",
            Shape::Bool,
            "true: a unique index treats NULLs as equal (PostgreSQL 15+; false on older servers).",
        ),
    ],
    exclusive: &[],
};

pub static TRIGGER: Section = Section {
    id: "trigger",
    what: "a trigger",
    doc: "A trigger; a property left out is not checked.",
    keys: &[
        key("timing", Shape::Choice(TRIGGER_TIMINGS), "When it fires."),
        key("events", Shape::OneOrList(&Shape::Choice(TRIGGER_EVENTS)), "The events that fire it."),
        key("for_each", Shape::Choice(FOR_EACH), "Once per row or once per statement."),
        key("function", Shape::Text, "The trigger function: [schema.]name()."),
        key("when", Shape::Scalar, "The WHEN condition."),
        key("enabled", Shape::Bool, "Whether it is enabled."),
        key(
            "columns",
            NAMES,
            "The UPDATE OF columns, in any order (compared as a set); [] means it fires on any update.",
        ),
        key("constraint", Shape::Bool, "true for a constraint trigger (CREATE CONSTRAINT TRIGGER)."),
        key("deferrable", Shape::Bool, "Whether the constraint trigger is deferrable."),
        key("initially_deferred", Shape::Bool, "Whether the constraint trigger is initially deferred."),
        key(
            "arguments",
            Shape::List(&Shape::Scalar),
            "The arguments given to the function, in order, as text: EXECUTE FUNCTION f('a', 'b').",
        ),
        key("old_table", Shape::Text, "The transition table of old rows: REFERENCING OLD TABLE AS this."),
        key("new_table", Shape::Text, "The transition table of new rows: REFERENCING NEW TABLE AS this."),
    ],
    exclusive: &[],
};

pub static POLICY: Section = Section {
    id: "policy",
    what: "a policy",
    doc: "A row level security policy; a property left out is not checked.",
    keys: &[
        key("command", Shape::Choice(POLICY_COMMANDS), "The command it applies to (all by default)."),
        key("as", Shape::Choice(POLICY_KINDS), "permissive (the default) or restrictive."),
        key("roles", NAMES, "The roles it applies to; public for every role (the default)."),
        key("using", Shape::Scalar, "The USING expression: which existing rows are visible."),
        key("with_check", Shape::Scalar, "The WITH CHECK expression: which new rows are allowed."),
    ],
    exclusive: &[],
};

pub static ABSENT_COLUMN: Section = Section {
    id: "absent_column",
    what: "an absent column",
    doc: "A column that must not exist.",
    keys: &[key(
        "migrate",
        Shape::Text,
        "An SQL file (relative to the spec) that carries its data elsewhere before it is dropped.",
    )],
    exclusive: &[],
};

pub static FUNCTION: Section = Section {
    id: "function",
    what: "a function",
    doc: "A function or procedure; a property left out is not checked.",
    keys: &[
        key("kind", Shape::Choice(FUNCTION_KINDS), "function (the default) or procedure."),
        key("returns", Shape::Text, "The result type, e.g. setof messages."),
        key("language", Shape::Text, "The language, e.g. plpgsql."),
        key("volatility", Shape::Choice(VOLATILITIES), "Its volatility."),
        key("security_definer", Shape::Bool, "Whether it runs with its owner's rights."),
        key(
            "settings",
            Shape::Names(&Shape::Scalar),
            "Its SET clauses, all of them ({} means none): search_path: \"app, pg_temp\".",
        ),
        key(
            "sql",
            Shape::Text,
            "The complete CREATE FUNCTION statement; body, language, result, volatility and security are compared.",
        ),
        key("sql_file", Shape::Text, "The same, read from a file relative to the spec."),
        key("comment", COMMENT, "The function's comment, exactly; null means it has none."),
        key(
            "grants",
            Shape::Names(&Shape::OneOrList(&Shape::Choice(FUNCTION_GRANT_PRIVILEGES))),
            "EXECUTE by role (public: PUBLIC); when written, exactly these are granted to others than the owner.",
        ),
    ],
    exclusive: &[["sql", "sql_file"]],
};

pub static VIEW: Section = Section {
    id: "view",
    what: "a view",
    doc: "A view or materialized view.",
    keys: &[
        key("materialized", Shape::Bool, "true for a materialized view."),
        key("sql", Shape::Text, "The view's query, compared through the server's canonical form."),
        key("sql_file", Shape::Text, "The same, read from a file relative to the spec."),
        key("columns", NAMES, "The view's column names, in order."),
        key(
            "options",
            Shape::Mapping(&VIEW_OPTIONS),
            "The view's options (not for materialized views); an option left out is not checked.",
        ),
        key("comment", COMMENT, "The view's comment, exactly; null means it has none."),
        key(
            "grants",
            Shape::Names(&Shape::OneOrList(&Shape::Choice(TABLE_GRANT_PRIVILEGES))),
            "Privileges by role (public: PUBLIC); when written, exactly these are granted to others than the owner.",
        ),
    ],
    exclusive: &[["sql", "sql_file"]],
};

pub static VIEW_OPTIONS: Section = Section {
    id: "view_options",
    what: "view options",
    doc: "A view's options (WITH (…) of CREATE VIEW).",
    keys: &[
        key("security_barrier", Shape::Bool, "Whether it is a security barrier view."),
        key(
            "security_invoker",
            Shape::Bool,
            "Whether it reads with the rights of its user, not its owner (PostgreSQL 15+).",
        ),
        key("check_option", Shape::Choice(CHECK_OPTIONS), "WITH CHECK OPTION: none, local or cascaded."),
    ],
    exclusive: &[],
};

pub static EVENT_TRIGGER: Section = Section {
    id: "event_trigger",
    what: "an event trigger",
    doc: "An event trigger; a property left out is not checked.",
    keys: &[
        key("event", Shape::Choice(EVENT_TRIGGER_EVENTS), "The event that fires it."),
        key("function", Shape::Text, "The event trigger function: [schema.]name() (unqualified: public)."),
        key(
            "tags",
            Shape::OneOrList(&Shape::Text),
            "The command tags it is limited to (WHEN TAG IN), in any order; [] means every command.",
        ),
        key("enabled", Shape::Bool, "Whether it is enabled."),
    ],
    exclusive: &[],
};

pub static PROBE: Section = Section {
    id: "probe",
    what: "a probe",
    doc: "A functional test: SQL and the result it must return.",
    keys: &[
        required("name", Shape::Text, "What the probe shows, in a sentence."),
        required("sql", Shape::Text, "One or more statements; the last one's rows are the result."),
        required("expect", EXPECT, "A scalar (one row, one column, compared as text) or a list of rows."),
    ],
    exclusive: &[],
};

/// A probe's expected result: a cell, or rows that are each a cell or a list
/// of cells; a cell is any scalar or null.
const EXPECT: Shape = Shape::AnyOf(&[
    Shape::Null,
    Shape::Scalar,
    Shape::List(&Shape::AnyOf(&[
        Shape::Null,
        Shape::Scalar,
        Shape::List(&Shape::AnyOf(&[Shape::Null, Shape::Scalar])),
    ])),
]);

pub static LINT: Section = Section {
    id: "lint",
    what: "the lint section",
    doc: "Settings for `pgconform lint`.",
    keys: &[
        key(
            "rules",
            Shape::Names(&Shape::Choice(SEVERITIES)),
            "Severity by rule name (kebab-case): error, warn or off.",
        ),
        key("ignore", GLOBS, "Globs of object names the lint rules pass over."),
        key(
            "sequence_threshold",
            Shape::Scalar,
            "Percent (1 to 100) of its usable range past which sequence-near-exhaustion reports a sequence (default 80).",
        ),
    ],
    exclusive: &[],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_section_is_reachable_and_ids_and_keys_are_unique() {
        let mut sections = Vec::new();
        ROOT.sections(&mut sections);
        assert_eq!(sections.len(), 24, "{:?}", sections.iter().map(|s| s.id).collect::<Vec<_>>());
        let mut ids: Vec<_> = sections.iter().map(|s| s.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), sections.len(), "section ids are unique");
        for section in sections {
            let mut keys = section.key_names();
            keys.sort();
            keys.dedup();
            assert_eq!(keys.len(), section.keys.len(), "duplicate key in {}", section.id);
            for key in section.keys {
                assert!(
                    !key.doc.is_empty() && key.doc.ends_with('.'),
                    "{}.{} needs a doc line",
                    section.id,
                    key.key
                );
            }
            for pair in section.exclusive {
                assert!(pair.iter().all(|k| section.key(k).is_some()), "{pair:?} in {}", section.id);
            }
        }
    }
}
