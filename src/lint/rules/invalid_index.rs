//! `invalid-index`: an index the planner will not use, left by a failed build.

use super::prelude::*;
use crate::diff::structure::index_definition;

pub const RULE: Rule = Rule {
    name: "invalid-index",
    group: Group::Keys,
    default: Severity::Error,
    summary: "invalid index, left by a failed CREATE INDEX CONCURRENTLY or REINDEX CONCURRENTLY",
    what: "Reports indexes marked invalid (pg_index.indisvalid false), on tables and on partitions alike, \
           since a partition's index can fail on its own. A partitioned table's index is invalid while \
           one of its partitions has no index attached to it.",
    why: "When CREATE INDEX CONCURRENTLY fails (a duplicate value for a unique index, a deadlock, a \
          cancelled statement) it leaves the index behind, invalid: never used by queries, yet still \
          updated by every write. An invalid unique index does not enforce uniqueness, so whatever the \
          schema's author relied on it for is not enforced. An index being built concurrently right now \
          is invalid too until the build ends.",
    fix: "Rebuild it with REINDEX INDEX CONCURRENTLY (the statement the finding carries), or drop it with \
          DROP INDEX CONCURRENTLY and create it again. If a unique build failed on duplicate values, \
          remove the duplicates first. For a partitioned index, create the missing partition's index and \
          attach it with ALTER INDEX … ATTACH PARTITION.",
    check,
    samples: None,
};

fn check(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for table in cx.relations() {
        for index in table.indexes.iter().filter(|i| !i.valid) {
            let name = QualifiedName::new(&table.name.schema, &index.name);
            let hit = Hit::new(
                Subject::index(&table.name, &index.name),
                format!("index {name} on {} is invalid", table.name),
            )
            .detail(index_definition(table, index));
            out.push(if table.kind == RelationKind::PartitionedTable {
                hit.detail("a partition of the table has no index attached to it")
            } else {
                let mut hit = hit.fix(format!("REINDEX INDEX CONCURRENTLY {};", quote_qualified(&name)));
                if index.unique {
                    hit = hit.detail("an invalid unique index does not enforce uniqueness");
                }
                hit
            });
        }
    }
}
