//! `fk-type-mismatch`: a foreign key whose columns are not of the referenced
//! columns' type, the founding case's hazard.

use super::prelude::*;

pub const RULE: Rule = Rule {
    name: "fk-type-mismatch",
    group: Group::Keys,
    default: Severity::Error,
    summary: "foreign key whose columns differ in type from the columns they reference",
    what: "Compares the type of each foreign key column, type modifier included, with the type of the \
           column it references; a domain counts as its base type. integer referencing bigint, \
           varchar(50) referencing text and numeric(10,2) referencing numeric all differ.",
    why: "PostgreSQL accepts a foreign key between any two types it can compare, so the mismatch goes \
          unnoticed until it bites: an integer column referencing a bigint key fails on the first id \
          past 2,147,483,647, a longer text does not fit a shorter varchar, and every check of the key \
          and every join on it compares through a cast, which can keep the planner from using an index. \
          Types that cannot be compared (uuid and text) cannot be a foreign key at all, which is how the \
          founding case failed when its messages table was created.",
    fix: "Give the referencing column the referenced column's type with ALTER TABLE … ALTER COLUMN … TYPE. \
          When the referencing column is the narrower one, the finding carries that statement; it \
          rewrites the table and its indexes under an ACCESS EXCLUSIVE lock. When the referenced key is \
          the narrower one, widen the key and every column that references it together (the \
          integer-primary-key rule suggests the statements).",
    check,
    samples: None,
};

fn check(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for table in cx.tables() {
        for fk in foreign_keys(table) {
            let Some(foreign) = &fk.foreign else { continue };
            let Some(target) = cx.relation(&foreign.table) else { continue };
            let mut pairs = Vec::new();
            for (own, theirs) in fk.columns.iter().zip(&foreign.columns) {
                if let (Some(own), Some(theirs)) = (table.column(own), target.column(theirs))
                    && effective_type(own) != effective_type(theirs)
                {
                    pairs.push((own, theirs));
                }
            }
            let Some((own, theirs)) = pairs.first() else { continue };
            let mut hit = Hit::new(
                Subject::constraint(&table.name, &fk.name),
                format!(
                    "foreign key {}.{}: {}.{} is {} but references {}.{}, which is {}",
                    table.name,
                    fk.name,
                    table.name.name,
                    own.name,
                    own.type_display,
                    target.name,
                    theirs.name,
                    theirs.type_display
                ),
            );
            for (own, theirs) in &pairs[1..] {
                hit = hit.detail(format!(
                    "{}.{} is {} but references {}.{}, which is {}",
                    table.name.name,
                    own.name,
                    own.type_display,
                    target.name.name,
                    theirs.name,
                    theirs.type_display
                ));
            }
            let widenable = pairs.iter().all(|(own, theirs)| {
                matches!((cx.builtin_type(own), cx.builtin_type(theirs)), (Some(a), Some(b)) if widens(&a, &b))
            });
            if widenable {
                let sql: Vec<String> = pairs
                    .iter()
                    .map(|(own, theirs)| alter_type_sql(&table.name, &own.name, &theirs.type_display, None))
                    .collect();
                hit = hit
                    .detail(format!(
                        "widening {} loses nothing; it rewrites the table under an ACCESS EXCLUSIVE lock",
                        table.name
                    ))
                    .fix(sql.join("\n"));
            } else {
                hit = hit.detail(format!(
                    "give both sides one type; if {} is the narrower, widen it and every column referencing it",
                    target.name
                ));
            }
            out.push(hit);
        }
    }
}
