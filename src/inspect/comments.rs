//! `comment:` as inspect writes it, and the comments no key expresses.

use super::yaml::Yaml;
use crate::catalog::{CommentTarget, Snapshot};
use crate::sql::ident::quote_literal;

/// The `public` schema's own comment in a new database: not worth writing.
const PUBLIC_SCHEMA_COMMENT: &str = "standard public schema";

/// The comment on `target`, as the value of a `comment:` key.
pub(super) fn comment(snapshot: &Snapshot, target: &CommentTarget) -> Option<Yaml> {
    snapshot.comments.get(target).map(Yaml::str)
}

/// A schema's comment, unless it is the one `public` is created with.
pub(super) fn schema_comment(snapshot: &Snapshot, schema: &str) -> Option<Yaml> {
    let text = snapshot.comments.get(&CommentTarget::Schema(schema.to_string()))?;
    if schema == "public" && text == PUBLIC_SCHEMA_COMMENT {
        return None;
    }
    Some(Yaml::str(text))
}

/// The comments of the `selected` schemas that no `comment:` key can hold
/// (on indexes, constraints, triggers, policies, rules, types, the columns
/// of views), one note each. Comments on objects inspect leaves out whole
/// (partitions, foreign tables, extension members) go with them.
pub(super) fn not_expressed(snapshot: &Snapshot, selected: impl Fn(&str) -> bool) -> Vec<String> {
    let mut notes = Vec::new();
    for (target, text) in &snapshot.comments {
        let (what, schema) = match target {
            CommentTarget::Relation(name) => {
                // Tables, views and sequences take `comment:`; what else has
                // a pg_class entry here is an index.
                if snapshot.relations.contains_key(name) || snapshot.sequences.contains_key(name) {
                    continue;
                }
                (format!("index {name}"), &name.schema)
            }
            CommentTarget::Column(table, column) => match snapshot.relations.get(table) {
                Some(rel) if rel.kind.is_view() => (format!("column {table}.{column}"), &table.schema),
                _ => continue,
            },
            CommentTarget::Constraint(table, name) => {
                (format!("constraint {name} on {table}"), &table.schema)
            }
            CommentTarget::Trigger(table, name) => (format!("trigger {name} on {table}"), &table.schema),
            CommentTarget::Policy(table, name) => (format!("policy {name} on {table}"), &table.schema),
            CommentTarget::Rule(table, name) => (format!("rule {name} on {table}"), &table.schema),
            CommentTarget::Type(name) => (format!("type {name}"), &name.schema),
            CommentTarget::Schema(_) | CommentTarget::Function(..) | CommentTarget::Extension(_) => continue,
        };
        let from_extension = match target {
            CommentTarget::Relation(_) | CommentTarget::Type(_) => false,
            CommentTarget::Column(t, _)
            | CommentTarget::Constraint(t, _)
            | CommentTarget::Trigger(t, _)
            | CommentTarget::Policy(t, _)
            | CommentTarget::Rule(t, _) => snapshot.relations.get(t).is_some_and(|r| r.from_extension),
            _ => false,
        };
        if selected(schema) && !from_extension {
            notes.push(format!("comment on {what}: {}", quote_literal(&one_line(text, 60))));
        }
    }
    notes
}

fn one_line(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        flat
    } else {
        format!("{}…", flat.chars().take(max).collect::<String>())
    }
}
