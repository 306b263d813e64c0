//! `fk-collation-mismatch`: a text foreign key whose columns sort with another
//! collation than the columns they reference.

use super::prelude::*;

pub const RULE: Rule = Rule {
    name: "fk-collation-mismatch",
    group: Group::Keys,
    default: Severity::Warn,
    summary: "foreign key on text columns whose collation differs from the referenced columns'",
    what: "Compares the collation of each text-like foreign key column with the collation of the column \
           it references. A column without COLLATE has the database's default collation.",
    why: "The key's checks compare values with the referenced column's collation, while queries that \
          join the two columns pick one side's, so an index on the other side can go unused. With a \
          non-deterministic collation (case-insensitive, say) on one side only, values that the key \
          treats as equal differ in every join and GROUP BY, and the same data sorts two ways.",
    fix: "Give the referencing column the referenced column's collation: ALTER TABLE … ALTER COLUMN … TYPE \
          <its type> COLLATE \"<collation>\", the statement the finding carries. The type stays the same, \
          so the table is not rewritten, but the indexes on the column are rebuilt.",
    check,
    samples: None,
};

fn check(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for table in cx.tables() {
        for fk in foreign_keys(table) {
            let Some(foreign) = &fk.foreign else { continue };
            let Some(target) = cx.relation(&foreign.table) else { continue };
            let pairs: Vec<(&Column, &Column)> = fk
                .columns
                .iter()
                .zip(&foreign.columns)
                .filter_map(|(own, theirs)| Some((table.column(own)?, target.column(theirs)?)))
                .filter(|(own, theirs)| own.collation != theirs.collation)
                .collect();
            let Some((own, theirs)) = pairs.first() else { continue };
            let name = |c: &Column| c.collation.clone().unwrap_or_else(|| "default".to_string());
            let sql: Vec<String> = pairs
                .iter()
                .map(|(own, theirs)| {
                    let collated = format!("{} COLLATE {}", own.type_display, quote_ident(&name(theirs)));
                    alter_type_sql(&table.name, &own.name, &collated, None)
                })
                .collect();
            out.push(
                Hit::new(
                    Subject::constraint(&table.name, &fk.name),
                    format!(
                        "foreign key {}.{}: {}.{} has collation {} but references {}.{}, which has {}",
                        table.name,
                        fk.name,
                        table.name.name,
                        own.name,
                        name(own),
                        target.name,
                        theirs.name,
                        name(theirs)
                    ),
                )
                .detail("the statement keeps the type, so the table is not rewritten; its indexes on the column are rebuilt")
                .fix(sql.join("\n")),
            );
        }
    }
}
