//! `pgconform diagram`: a Mermaid `erDiagram` of a spec's database or of a
//! live one: tables, their key columns (primary, foreign, unique) and the
//! foreign keys between them. With `--check`, the tables that fail a check
//! carry a `failing` line with the count and the first message.
//!
//! Pure over its inputs (a `DatabaseSpec`, or a `Snapshot`); `app` does the
//! reading and checking.

use crate::catalog::{ConstraintKind, QualifiedName, Snapshot};
use crate::diff::{Finding, Status};
use crate::spec::DatabaseSpec;
use std::collections::BTreeMap;

/// The picture's content, whatever it was drawn from.
#[derive(Debug, Default)]
pub struct Model {
    pub tables: Vec<Table>,
    /// (from table, to table, label): `from` holds the foreign key.
    pub edges: Vec<(QualifiedName, QualifiedName, String)>,
}

#[derive(Debug)]
pub struct Table {
    pub name: QualifiedName,
    /// (type, name, markers such as `PK`, `FK`, `UK`).
    pub columns: Vec<(String, String, Vec<&'static str>)>,
    /// Failing checks about this table (with `--check`).
    pub failing: Vec<String>,
}

/// The tables of a spec's database (their declared key columns and types).
pub fn from_spec(db: &DatabaseSpec) -> Model {
    let mut model = Model::default();
    for table in db.schemas.iter().flat_map(|s| &s.tables) {
        let mut keys: BTreeMap<String, Vec<&'static str>> = BTreeMap::new();
        let mut order: Vec<String> = Vec::new();
        let mut note = |column: &str, marker: &'static str| {
            let entry = keys.entry(column.to_string()).or_default();
            if !entry.contains(&marker) {
                entry.push(marker);
            }
        };
        for column in table.primary_key.iter().flat_map(|pk| pk.value.iter()) {
            note(column, "PK");
        }
        for fk in &table.foreign_keys {
            fk.columns.iter().for_each(|c| note(c, "FK"));
        }
        for unique in &table.unique {
            unique.columns.iter().for_each(|c| note(c, "UK"));
        }
        let declared: Vec<String> = table.columns.iter().flatten().map(|c| c.name.clone()).collect();
        order.extend(declared.iter().filter(|c| keys.contains_key(*c)).cloned());
        order.extend(keys.keys().filter(|k| !declared.contains(k)).cloned());
        let columns = order
            .into_iter()
            .map(|c| {
                let type_ = table
                    .column(&c)
                    .and_then(|col| col.type_.as_ref())
                    .map_or("unknown".to_string(), |t| t.value.to_string());
                let markers = keys[&c].clone();
                (type_, c, markers)
            })
            .collect();
        model.tables.push(Table { name: table.name.clone(), columns, failing: Vec::new() });
        for fk in &table.foreign_keys {
            model.edges.push((table.name.clone(), fk.references.clone(), fk.columns.join(", ")));
        }
    }
    model
}

/// The tables of a live database (partitions and extension members left out).
pub fn from_snapshot(snapshot: &Snapshot, schemas: &[String]) -> Model {
    let mut model = Model::default();
    for rel in snapshot.relations.values() {
        if !rel.kind.is_table() || rel.partition_of.is_some() || rel.from_extension {
            continue;
        }
        if !schemas.is_empty() && !schemas.contains(&rel.name.schema) {
            continue;
        }
        let mut columns = Vec::new();
        for column in &rel.columns {
            let mut markers = Vec::new();
            let has = |kind: ConstraintKind| {
                rel.constraints.iter().any(|c| c.kind == kind && c.columns.contains(&column.name))
            };
            if has(ConstraintKind::PrimaryKey) {
                markers.push("PK");
            }
            if has(ConstraintKind::ForeignKey) {
                markers.push("FK");
            }
            if has(ConstraintKind::Unique) {
                markers.push("UK");
            }
            if !markers.is_empty() {
                columns.push((column.type_display.clone(), column.name.clone(), markers));
            }
        }
        model.tables.push(Table { name: rel.name.clone(), columns, failing: Vec::new() });
        for c in rel.constraints.iter().filter(|c| c.kind == ConstraintKind::ForeignKey) {
            if let Some(target) = &c.foreign {
                model.edges.push((rel.name.clone(), target.table.clone(), c.columns.join(", ")));
            }
        }
    }
    model
}

/// Marks each table with the failing findings about it or its parts.
pub fn mark(model: &mut Model, findings: &[Finding]) {
    for table in &mut model.tables {
        let prefix = table.name.to_string();
        for f in findings.iter().filter(|f| f.status == Status::Fail) {
            let about = f.object == prefix
                || f.object.strip_prefix(&prefix).is_some_and(|rest| rest.starts_with(['.', '(', ' ']));
            if about {
                table.failing.push(f.message.clone());
            }
        }
    }
}

/// The Mermaid text.
pub fn mermaid(model: &Model) -> String {
    let public_only = model.tables.iter().all(|t| t.name.schema == "public");
    let id = |name: &QualifiedName| {
        let text = if public_only { name.name.clone() } else { format!("{}.{}", name.schema, name.name) };
        word(&text)
    };
    let mut out = String::from("erDiagram\n");
    for table in &model.tables {
        if table.columns.is_empty() && table.failing.is_empty() {
            out.push_str(&format!("    {}\n", id(&table.name)));
            continue;
        }
        out.push_str(&format!("    {} {{\n", id(&table.name)));
        for (type_, name, markers) in &table.columns {
            let keys = if markers.is_empty() { String::new() } else { format!(" {}", markers.join(", ")) };
            out.push_str(&format!("        {} {}{keys}\n", word(type_), word(name)));
        }
        if let Some(first) = table.failing.first() {
            out.push_str(&format!(
                "        FAIL checks \"{} failing: {}\"\n",
                table.failing.len(),
                first.replace('"', "'")
            ));
        }
        out.push_str("    }\n");
    }
    for (from, to, label) in &model.edges {
        out.push_str(&format!("    {} }}o--|| {} : \"{}\"\n", id(from), id(to), label.replace('"', "'")));
    }
    out
}

/// A Mermaid word: letters, digits and underscores (others become `_`).
fn word(text: &str) -> String {
    let w: String = text.chars().map(|c| if c.is_alphanumeric() || c == '_' { c } else { '_' }).collect();
    if w.starts_with(|c: char| c.is_ascii_digit()) || w.is_empty() { format!("_{w}") } else { w }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_mermaid_words() {
        assert_eq!(word("Order Lines"), "Order_Lines");
        assert_eq!(word("character varying(20)"), "character_varying_20_");
        assert_eq!(word("1st"), "_1st");
    }
}
