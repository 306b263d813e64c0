//! `table-without-primary-key`: a table with no primary key.

use super::prelude::*;

pub const RULE: Rule = Rule {
    name: "table-without-primary-key",
    group: Group::Keys,
    default: Severity::Warn,
    summary: "table without a primary key",
    what: "Reports tables and partitioned tables that have no primary key (partitions inherit their \
           parent's, so the parent is reported).",
    why: "Without a primary key nothing stops duplicate rows, a row cannot be addressed reliably (to fix \
          it, to reference it from another table), and logical replication cannot replicate its UPDATEs \
          and DELETEs unless a replica identity is set by hand. Tools that edit rows, ORMs among them, \
          assume one.",
    fix: "Add one: ALTER TABLE … ADD PRIMARY KEY (…) on a column that identifies rows, or on a new \
          identity column. When the table already has a unique index on NOT NULL columns, the finding \
          carries ALTER TABLE … ADD CONSTRAINT … PRIMARY KEY USING INDEX …, which promotes that index \
          without building anything.",
    check,
    samples: None,
};

fn check(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for table in cx.tables() {
        if table.primary_key().is_some() {
            continue;
        }
        let mut hit = Hit::new(Subject::table(&table.name), format!("{} has no primary key", table.name));
        let not_null = |key: &IndexKey| match key {
            IndexKey::Column(name) => table.column(name).is_some_and(|c| c.not_null),
            IndexKey::Expression(_) => false,
        };
        let candidate = table.indexes.iter().find(|i| {
            i.unique
                && i.valid
                && i.method == "btree"
                && i.predicate.is_none()
                && i.include.is_empty()
                && i.keys.iter().all(not_null)
        });
        if let Some(index) = candidate {
            let keys: Vec<String> = index
                .keys
                .iter()
                .map(|k| match k {
                    IndexKey::Column(name) | IndexKey::Expression(name) => name.clone(),
                })
                .collect();
            hit = hit.detail(format!(
                "its unique {} {} on ({}) has NOT NULL columns and can become the primary key",
                if index.constraint.is_some() { "constraint" } else { "index" },
                index.name,
                keys.join(", ")
            ));
            // USING INDEX takes a standalone index (not one that already
            // backs a constraint), and not on a partitioned table.
            if index.constraint.is_none() && table.kind == RelationKind::Table {
                hit = hit.fix(format!(
                    "ALTER TABLE {} ADD CONSTRAINT {} PRIMARY KEY USING INDEX {};",
                    quote_qualified(&table.name),
                    quote_ident(&index.name),
                    quote_ident(&index.name)
                ));
            }
        }
        out.push(hit);
    }
}
