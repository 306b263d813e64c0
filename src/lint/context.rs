//! What rules read: the snapshot, the settings, and lookups built once per
//! run so that every rule stays linear in the size of the catalog (a rule
//! asks "which foreign keys reference this column?" through a map, never by
//! scanning every table again).
//!
//! Also the scope every rule shares: objects that belong to an extension are
//! the extension's business, and a partition repeats its parent's columns,
//! keys and indexes, so the parent carries those findings.

use std::collections::HashMap;

use crate::catalog::{
    Column, Constraint, ConstraintKind, Function, QualifiedName, Relation, RelationKind, RoutineKind,
    Sequence, Snapshot,
};
pub use crate::types::integer_range;
use crate::types::parse_type;

use super::config::Settings;

/// A foreign key, seen from the column it references.
#[derive(Debug, Clone, Copy)]
pub struct Reference<'s> {
    pub table: &'s Relation,
    pub constraint: &'s Constraint,
    /// The referencing column.
    pub column: &'s str,
}

pub struct Context<'s> {
    pub snapshot: &'s Snapshot,
    pub settings: Settings,
    // Keyed by table, then column (a map per table lets lookups borrow their keys).
    referenced_by: ByColumn<'s, Vec<Reference<'s>>>,
    owned_sequences: ByColumn<'s, &'s Sequence>,
    default_sequences: ByColumn<'s, Vec<&'s Sequence>>,
    /// Function bodies in lower case, made on first use.
    code_words: std::cell::OnceCell<std::collections::HashSet<String>>,
    /// [`builtin_type`] by type spelling: a database has thousands of
    /// columns but few distinct types, and reading a type is not free.
    types: std::cell::RefCell<HashMap<TypeSpelling, Option<BuiltinType>>>,
}

/// A column's `type_display` and `domain_base`.
type TypeSpelling = (String, Option<String>);

type ByColumn<'s, T> = HashMap<&'s QualifiedName, HashMap<&'s str, T>>;

impl<'s> Context<'s> {
    pub fn new(snapshot: &'s Snapshot, settings: Settings) -> Context<'s> {
        let mut referenced_by: ByColumn<'s, Vec<Reference<'s>>> = HashMap::new();
        for table in snapshot.relations.values() {
            for constraint in &table.constraints {
                let Some(foreign) = &constraint.foreign else { continue };
                for (column, referenced) in constraint.columns.iter().zip(&foreign.columns) {
                    let by_column = referenced_by.entry(&foreign.table).or_default();
                    by_column.entry(referenced.as_str()).or_default().push(Reference {
                        table,
                        constraint,
                        column,
                    });
                }
            }
        }
        let mut owned_sequences: ByColumn<'s, &'s Sequence> = HashMap::new();
        let mut default_sequences: ByColumn<'s, Vec<&'s Sequence>> = HashMap::new();
        for sequence in snapshot.sequences.values() {
            if let Some(owner) = &sequence.owned_by {
                owned_sequences.entry(&owner.table).or_default().insert(owner.column.as_str(), sequence);
            }
            for (table, column) in &sequence.used_by_defaults {
                default_sequences
                    .entry(table)
                    .or_default()
                    .entry(column.as_str())
                    .or_default()
                    .push(sequence);
            }
        }
        Context {
            snapshot,
            settings,
            referenced_by,
            owned_sequences,
            default_sequences,
            code_words: Default::default(),
            types: Default::default(),
        }
    }

    /// Tables and partitioned tables that rules look at: not an extension's,
    /// not a partition (its parent carries the finding).
    pub fn tables(&self) -> impl Iterator<Item = &'s Relation> + '_ {
        self.snapshot.relations.values().filter(|r| {
            matches!(r.kind, RelationKind::Table | RelationKind::PartitionedTable)
                && !r.from_extension
                && r.partition_of.is_none()
        })
    }

    /// The columns of [`Context::tables`], with their built-in type where
    /// they have one: what the column type rules look at.
    pub fn columns(&self) -> impl Iterator<Item = (&'s Relation, &'s Column, Option<BuiltinType>)> + '_ {
        self.tables().flat_map(move |t| t.columns.iter().map(move |c| (t, c, self.builtin_type(c))))
    }

    /// Every relation that is not an extension's, partitions included.
    pub fn relations(&self) -> impl Iterator<Item = &'s Relation> + '_ {
        self.snapshot.relations.values().filter(|r| !r.from_extension)
    }

    pub fn relation(&self, name: &QualifiedName) -> Option<&'s Relation> {
        self.snapshot.relations.get(name)
    }

    /// Functions and procedures that are not an extension's (aggregates,
    /// which carry no settings or body of their own, are left out).
    pub fn functions(&self) -> impl Iterator<Item = &'s Function> + '_ {
        self.snapshot
            .functions
            .values()
            .flatten()
            .filter(|f| !f.from_extension && f.kind != RoutineKind::Aggregate)
    }

    /// Sequences that are not an extension's.
    pub fn sequences(&self) -> impl Iterator<Item = &'s Sequence> + '_ {
        self.snapshot.sequences.values().filter(|s| !s.from_extension)
    }

    /// The foreign keys whose referenced columns include `table.column`.
    pub fn referenced_by(&self, table: &QualifiedName, column: &str) -> &[Reference<'s>] {
        self.referenced_by.get(table).and_then(|c| c.get(column)).map_or(&[], Vec::as_slice)
    }

    /// The sequence owned by `table.column` (SERIAL, OWNED BY, identity).
    pub fn owned_sequence(&self, table: &QualifiedName, column: &str) -> Option<&'s Sequence> {
        self.owned_sequences.get(table).and_then(|c| c.get(column)).copied()
    }

    /// The sequences the default of `table.column` draws on.
    pub fn default_sequences(&self, table: &QualifiedName, column: &str) -> &[&'s Sequence] {
        self.default_sequences.get(table).and_then(|c| c.get(column)).map_or(&[], Vec::as_slice)
    }

    /// The column's built-in type (see [`builtin_type`]), read once per spelling.
    pub fn builtin_type(&self, column: &Column) -> Option<BuiltinType> {
        let key = (column.type_display.clone(), column.domain_base.clone());
        if let Some(known) = self.types.borrow().get(&key) {
            return known.clone();
        }
        let read = builtin_type(column);
        self.types.borrow_mut().insert(key, read.clone());
        read
    }

    /// Whether any function body mentions `name` as a word, in any case (a
    /// sequence or type used only from PL/pgSQL leaves no trace in the
    /// catalog's dependencies). The bodies' words are collected once, so
    /// asking about many names stays linear in the size of the code.
    pub fn mentioned_in_code(&self, name: &str) -> bool {
        let words = self.code_words.get_or_init(|| {
            self.functions()
                .flat_map(|f| f.source.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$')))
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect()
        });
        words.contains(&name.to_lowercase())
    }
}

/// A column's type when it is built in (directly, or as the base of the
/// column's domain), read by the type normaliser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuiltinType {
    /// The canonical spelling: `timestamp without time zone`, `character varying`, `regclass`.
    pub name: String,
    /// `20` for `varchar(20)`; None without a modifier.
    pub modifiers: Option<String>,
    pub array: bool,
    /// The column's domain, when the type is its base.
    pub domain: Option<String>,
}

impl BuiltinType {
    /// How a message names the column's type: `character(3)`, or `email
    /// (a domain over character varying(80))`.
    pub fn describe(&self, column: &Column) -> String {
        match &self.domain {
            Some(domain) => {
                format!("{domain} (a domain over {})", column.domain_base.as_deref().unwrap_or("?"))
            }
            None => column.type_display.clone(),
        }
    }
}

pub fn builtin_type(column: &Column) -> Option<BuiltinType> {
    let (text, domain) = match &column.domain_base {
        Some(base) => (base.as_str(), Some(column.type_display.clone())),
        None if column.type_schema == "pg_catalog" => (column.type_display.as_str(), None),
        None => return None,
    };
    let parsed = parse_type(text).ok()?;
    if parsed.schema.is_some() {
        return None;
    }
    Some(BuiltinType {
        name: parsed.name,
        modifiers: parsed.modifiers,
        array: parsed.array_dims > 0 || text.ends_with("[]"),
        domain,
    })
}

/// Whether every value of `from` is a value of `to`, so that converting a
/// column from one to the other loses nothing and cannot fail: wider
/// integers, a longer or unlimited `varchar`, `text`, unconstrained `numeric`.
pub fn widens(from: &BuiltinType, to: &BuiltinType) -> bool {
    if from.array != to.array || from.domain.is_some() {
        return false;
    }
    let length = |t: &BuiltinType| t.modifiers.as_deref().and_then(|m| m.parse::<u32>().ok());
    match (from.name.as_str(), to.name.as_str()) {
        ("smallint", "integer" | "bigint") | ("integer", "bigint") => true,
        ("smallint" | "integer" | "bigint" | "numeric", "numeric") => to.modifiers.is_none(),
        ("character varying", "text") => true,
        ("character varying", "character varying") => match (length(from), length(to)) {
            (_, None) => to.modifiers.is_none(),
            (Some(a), Some(b)) => a <= b,
            (None, Some(_)) => false,
        },
        _ => false,
    }
}

/// The type a column compares as: a domain's base, else its own type.
pub fn effective_type(column: &Column) -> &str {
    column.domain_base.as_deref().unwrap_or(&column.type_display)
}

/// The table's foreign keys.
pub fn foreign_keys(table: &Relation) -> impl Iterator<Item = &Constraint> {
    table.constraints.iter().filter(|c| c.kind == ConstraintKind::ForeignKey && c.foreign.is_some())
}

/// `ALTER TABLE … ALTER COLUMN … TYPE …;`
pub fn alter_type_sql(table: &QualifiedName, column: &str, type_sql: &str, using: Option<&str>) -> String {
    use crate::sql::ident::{quote_ident, quote_qualified};
    let using = using.map_or(String::new(), |u| format!(" USING {u}"));
    format!(
        "ALTER TABLE {} ALTER COLUMN {} TYPE {type_sql}{using};",
        quote_qualified(table),
        quote_ident(column)
    )
}

/// `N` with thousands separators, for messages about counts.
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(2_147_483_647), "2,147,483,647");
        assert_eq!(thousands(-1_000), "-1,000");
    }
}
