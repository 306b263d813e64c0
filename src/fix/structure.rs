//! Creating tables with their structure (partitioned tables, partitions,
//! inheritance children) and ordering their creation: a parent is created
//! before its partitions and children.

use super::{Phase, Step};
use crate::catalog::QualifiedName;
use crate::diff::CheckKind;
use crate::spec::{DatabaseSpec, TableSpec};
use crate::sql::ident::quote_qualified;
use std::collections::HashMap;

/// `CREATE TABLE …` for a table of the spec, around `body` (the column
/// definitions and table constraints, already joined, or empty).
pub fn create_table_statement(table: &TableSpec, body: &str) -> String {
    let name = quote_qualified(&table.name);
    let mut sql = match &table.partition_of {
        Some(of) => {
            let list = if body.is_empty() { String::new() } else { format!(" ({body})") };
            format!("CREATE TABLE {name} PARTITION OF {}{list} {}", quote_qualified(&of.parent), of.bound)
        }
        None => format!("CREATE TABLE {name} ({body})"),
    };
    if table.partition_of.is_none()
        && let Some(parents) = table.inherits.as_ref().filter(|p| !p.value.is_empty())
    {
        let list: Vec<String> = parents.value.iter().map(quote_qualified).collect();
        sql.push_str(&format!(" INHERITS ({})", list.join(", ")));
    }
    if let Some(key) = &table.partition_by {
        sql.push_str(&format!(" PARTITION BY {}", key.value));
    }
    sql
}

/// How many ancestors (partition parents and inheritance parents declared in
/// the spec) each table has, by the id of its table check.
pub struct Depths(HashMap<String, usize>);

impl Depths {
    pub fn of(db: &DatabaseSpec) -> Depths {
        let tables: HashMap<&QualifiedName, &TableSpec> =
            db.schemas.iter().flat_map(|s| &s.tables).map(|t| (&t.name, t)).collect();
        let parents = |t: &TableSpec| -> Vec<QualifiedName> {
            let mut out: Vec<QualifiedName> = t.partition_of.iter().map(|p| p.parent.clone()).collect();
            out.extend(t.inherits.iter().flat_map(|i| i.value.clone()));
            out
        };
        fn depth<'a>(
            name: &QualifiedName,
            tables: &HashMap<&'a QualifiedName, &'a TableSpec>,
            parents: &dyn Fn(&TableSpec) -> Vec<QualifiedName>,
            seen: usize,
        ) -> usize {
            // A cycle (which the server refuses anyway) stops here.
            if seen > tables.len() {
                return 0;
            }
            match tables.get(name) {
                Some(t) => parents(t)
                    .iter()
                    .map(|p| if tables.contains_key(p) { 1 + depth(p, tables, parents, seen + 1) } else { 0 })
                    .max()
                    .unwrap_or(0),
                None => 0,
            }
        }
        let mut out = HashMap::new();
        for name in tables.keys() {
            let d = depth(name, &tables, &parents, 0);
            if d > 0 {
                let f = crate::diff::Finding::new(
                    db.name.as_str(),
                    CheckKind::Table,
                    name.to_string(),
                    crate::diff::Status::Pass,
                );
                out.insert(f.id, d);
            }
        }
        Depths(out)
    }

    /// The depth of the table a "create table" step creates; 0 for other steps.
    pub fn step(&self, step: &Step) -> usize {
        if step.phase != Phase::Tables {
            return 0;
        }
        step.repairs.iter().filter_map(|id| self.0.get(id)).copied().max().unwrap_or(0)
    }
}
