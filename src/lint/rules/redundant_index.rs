//! `redundant-index`: an index whose work a longer index of the same table does.

use super::duplicate_index::{drop_index_sql, indexed_tables, signature};
use super::prelude::*;
use crate::diff::structure::index_definition;

pub const RULE: Rule = Rule {
    name: "redundant-index",
    group: Group::Keys,
    default: Severity::Warn,
    summary: "btree index whose columns lead another index of the same table",
    what: "Reports a valid, non-unique btree index whose key columns (with their operator classes, \
           collations and sort orders) are the first key columns of another valid btree index of the \
           table with the same WHERE clause, and whose INCLUDE columns that index also holds. Unique \
           indexes and those backing constraints enforce something and are never reported; exact \
           twins are the duplicate-index rule's.",
    why: "An index on (a, b) answers every lookup and ordering on a alone about as well as an index on \
          (a), so the shorter one only costs: every write maintains it, VACUUM scans it, and it takes \
          disk and cache.",
    fix: "Drop the shorter index with DROP INDEX CONCURRENTLY, the statement the finding carries. Keep \
          it if the longer index is much wider (many or large columns) and the lookups on the leading \
          column are hot: then the smaller index can be worth its cost; say so with a pgconform:ignore \
          comment on it.",
    check,
    samples: None,
};

fn check(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for table in indexed_tables(cx) {
        let btrees: Vec<&Index> = table.indexes.iter().filter(|i| i.valid && i.method == "btree").collect();
        for index in btrees.iter().filter(|i| !i.unique && i.constraint.is_none()) {
            let covering = btrees
                .iter()
                .filter(|other| other.name != index.name && covers(other, index))
                .min_by_key(|other| (other.keys.len(), other.name.clone()));
            if let Some(other) = covering {
                out.push(
                    Hit::new(
                        Subject::index(&table.name, &index.name),
                        format!(
                            "index {}.{} on {} is redundant: {} starts with its columns",
                            table.name.schema, index.name, table.name, other.name
                        ),
                    )
                    .detail(index_definition(table, index))
                    .detail(index_definition(table, other))
                    .fix(drop_index_sql(table, index)),
                );
            }
        }
    }
}

/// Whether `longer` does all `shorter` does: `shorter`'s key parts lead it,
/// alike in every property, with the same predicate, and `shorter`'s INCLUDE
/// columns are among its columns. Exact twins are left to duplicate-index.
fn covers(longer: &Index, shorter: &Index) -> bool {
    let n = shorter.keys.len();
    if longer.keys.len() < n
        || longer.predicate != shorter.predicate
        || signature(longer) == signature(shorter)
    {
        return false;
    }
    let same_prefix = longer.keys[..n] == shorter.keys[..]
        && longer.opclasses.get(..n) == Some(&shorter.opclasses[..])
        && longer.collations.get(..n) == Some(&shorter.collations[..])
        && longer.descending.get(..n) == Some(&shorter.descending[..])
        && longer.nulls_first.get(..n) == Some(&shorter.nulls_first[..]);
    let holds = |column: &String| {
        longer.include.contains(column) || longer.keys.contains(&IndexKey::Column(column.clone()))
    };
    same_prefix && shorter.include.iter().all(holds)
}
