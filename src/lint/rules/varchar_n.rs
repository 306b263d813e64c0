//! `varchar-n`: a `varchar(n)` column (off by default).

use super::prelude::*;

pub const RULE: Rule = Rule {
    name: "varchar-n",
    group: Group::Types,
    default: Severity::Off,
    summary: "column of type varchar(n) with a length limit",
    what: "Reports table columns of type character varying with a length, arrays of it and domains over \
           it. Off by default: a length limit is often deliberate.",
    why: "In PostgreSQL varchar(n) is text with a length check and no speed advantage, and the limit is \
          usually an arbitrary guess (255) that real data later exceeds: raising it takes an ALTER \
          TABLE, and lowering it rewrites the table. When a limit is a real rule of the data, a CHECK \
          constraint says so more clearly and can be changed without touching the column's type.",
    fix: "Convert the column to text, adding CHECK (length(…) <= n) where the limit matters: ALTER TABLE \
          … ALTER COLUMN … TYPE text, the statement the finding carries. varchar and text share their \
          storage, so the table is not rewritten.",
    check,
    samples: None,
};

fn check(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for (table, column, t) in cx.columns() {
        let Some(t) = t.filter(|t| t.name == "character varying" && t.modifiers.is_some()) else { continue };
        let mut hit = Hit::new(
            Subject::column(&table.name, &column.name),
            format!("{}.{} is {}", table.name, column.name, t.describe(column)),
        );
        if t.domain.is_none() {
            hit = hit.fix(alter_type_sql(
                &table.name,
                &column.name,
                if t.array { "text[]" } else { "text" },
                None,
            ));
        }
        out.push(hit);
    }
}
