//! `duplicate-index`: two indexes of a table that are the same index.

use crate::diff::structure::index_definition;
use std::collections::BTreeMap;

use super::prelude::*;

pub const RULE: Rule = Rule {
    name: "duplicate-index",
    group: Group::Keys,
    default: Severity::Warn,
    summary: "index identical to another index of the same table",
    what: "Groups the valid indexes of each table by what makes an index what it is: access method, key \
           columns and expressions in order, operator classes, collations, sort orders, INCLUDE columns \
           and WHERE clause. In a group of two or more, the index to keep is the primary key, else one \
           backing a constraint, else a unique one, else the first by name; the others are reported.",
    why: "A duplicate index answers no query its twin cannot, yet every INSERT, every UPDATE of its \
          columns and every VACUUM maintains it, it takes the same disk and memory again, and it \
          doubles the work of a REINDEX.",
    fix: "Drop the duplicate: DROP INDEX CONCURRENTLY …, or ALTER TABLE … DROP CONSTRAINT … when it backs \
          a constraint (which fails, harmlessly, if a foreign key depends on that constraint: then drop \
          the other one instead).",
    check,
    samples: None,
};

fn check(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for table in indexed_tables(cx) {
        let mut groups: BTreeMap<String, Vec<&Index>> = BTreeMap::new();
        for index in table.indexes.iter().filter(|i| i.valid) {
            groups.entry(signature(index)).or_default().push(index);
        }
        for mut group in groups.into_values().filter(|g| g.len() > 1) {
            group.sort_by_key(|i| (!i.primary, i.constraint.is_none(), !i.unique, i.name.clone()));
            let keeper = group[0];
            for index in &group[1..] {
                out.push(
                    Hit::new(
                        Subject::index(&table.name, &index.name),
                        format!(
                            "index {}.{} on {} duplicates {}",
                            table.name.schema, index.name, table.name, keeper.name
                        ),
                    )
                    .detail(index_definition(table, index))
                    .detail(index_definition(table, keeper))
                    .fix(drop_index_sql(table, index)),
                );
            }
        }
    }
}

/// Tables and materialized views, partitions left to their parent.
pub(super) fn indexed_tables<'s>(cx: &'s Context<'s>) -> impl Iterator<Item = &'s Relation> + 's {
    cx.relations().filter(|r| {
        matches!(
            r.kind,
            RelationKind::Table | RelationKind::PartitionedTable | RelationKind::MaterializedView
        ) && r.partition_of.is_none()
    })
}

/// Everything that makes two indexes interchangeable, except uniqueness.
pub(super) fn signature(index: &Index) -> String {
    format!(
        "{:?}",
        (
            &index.method,
            &index.keys,
            &index.opclasses,
            &index.collations,
            &index.descending,
            &index.nulls_first,
            &index.include,
            &index.predicate
        )
    )
}

/// `DROP INDEX CONCURRENTLY`, or the constraint the index backs.
pub(super) fn drop_index_sql(table: &Relation, index: &Index) -> String {
    match &index.constraint {
        Some(constraint) => {
            format!(
                "ALTER TABLE {} DROP CONSTRAINT {};",
                quote_qualified(&table.name),
                quote_ident(constraint)
            )
        }
        None => {
            // A partitioned index cannot be dropped concurrently.
            let concurrently =
                if table.kind == RelationKind::PartitionedTable { "" } else { " CONCURRENTLY" };
            let name = QualifiedName::new(&table.name.schema, &index.name);
            format!("DROP INDEX{concurrently} {};", quote_qualified(&name))
        }
    }
}
