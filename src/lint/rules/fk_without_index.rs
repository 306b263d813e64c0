//! `fk-without-index`: a foreign key whose referencing columns no index leads with.

use super::prelude::*;

pub const RULE: Rule = Rule {
    name: "fk-without-index",
    group: Group::Keys,
    default: Severity::Warn,
    summary: "foreign key whose columns no valid, non-partial index starts with",
    what: "For each foreign key, looks for a valid index on the referencing table, without a WHERE \
           clause, whose first columns are the key's columns (in any order): a btree index, or a hash \
           index on the one column of a one-column key.",
    why: "Deleting or updating a referenced row makes PostgreSQL look for the rows that reference it. \
          Without such an index each of those lookups reads the whole referencing table, under a lock: \
          deleting one customer scans every order, and a batch delete scans them once per row. Joins \
          from the referenced table to the referencing one are slow for the same reason.",
    fix: "Create the index. The finding carries CREATE INDEX CONCURRENTLY, which does not block writes \
          but cannot run inside a transaction block; on a partitioned table it is a plain CREATE INDEX, \
          which blocks writes while it builds. If the referenced rows are never deleted or updated and \
          no query joins this way, turn the rule off for the key with a pgconform:ignore comment on it.",
    check,
    samples: None,
};

fn check(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for table in cx.tables() {
        for fk in foreign_keys(table) {
            if table.indexes.iter().any(|index| leads_with(index, &fk.columns)) {
                continue;
            }
            let Some(foreign) = &fk.foreign else { continue };
            let columns: Vec<String> = fk.columns.iter().map(|c| quote_ident(c)).collect();
            let concurrently =
                if table.kind == RelationKind::PartitionedTable { "" } else { " CONCURRENTLY" };
            let mut hit = Hit::new(
                Subject::constraint(&table.name, &fk.name),
                format!(
                    "foreign key {}.{} ({}) → {}: no index on {} starts with {}",
                    table.name,
                    fk.name,
                    fk.columns.join(", "),
                    foreign.table,
                    table.name,
                    if fk.columns.len() == 1 { "that column" } else { "those columns" }
                ),
            )
            .fix(format!(
                "CREATE INDEX{concurrently} ON {} ({});",
                quote_qualified(&table.name),
                columns.join(", ")
            ));
            // reltuples is -1 (or 0) before the table was first analysed.
            if table.estimated_rows >= 1.0 {
                hit = hit.detail(format!(
                    "each delete or key update on {} reads all of {} (about {} rows)",
                    foreign.table,
                    table.name,
                    thousands(table.estimated_rows as i64)
                ));
            }
            out.push(hit);
        }
    }
}

/// Whether the index can find the rows of a key value: its first key parts
/// are exactly the key's columns.
fn leads_with(index: &Index, columns: &[String]) -> bool {
    if !index.valid || index.predicate.is_some() || index.keys.len() < columns.len() {
        return false;
    }
    let usable = match index.method.as_str() {
        "btree" => true,
        "hash" => columns.len() == 1,
        _ => false,
    };
    usable
        && index.keys[..columns.len()]
            .iter()
            .all(|key| matches!(key, IndexKey::Column(name) if columns.contains(name)))
        && columns.iter().all(|c| index.keys[..columns.len()].contains(&IndexKey::Column(c.clone())))
}
