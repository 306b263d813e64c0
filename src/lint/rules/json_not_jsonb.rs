//! `json-not-jsonb`: a `json` column.

use super::prelude::*;

pub const RULE: Rule = Rule {
    name: "json-not-jsonb",
    group: Group::Types,
    default: Severity::Warn,
    summary: "column of type json rather than jsonb",
    what: "Reports table columns of type json, arrays of it and domains over it.",
    why: "json stores the text as it came and parses it again on every access: operators on it are slow, \
          it cannot be indexed with GIN, it has no equality operator (so DISTINCT, GROUP BY and UNION \
          on it fail), and containment (@>) does not exist for it. jsonb stores the parsed form.",
    fix: "Convert the column: ALTER TABLE … ALTER COLUMN … TYPE jsonb USING …::jsonb, the statement the \
          finding carries; it rewrites the table. jsonb keeps neither key order, nor duplicate keys (the \
          last one wins), nor whitespace: keep json only if something depends on those, and say so with \
          a pgconform:ignore comment.",
    check,
    samples: None,
};

fn check(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for (table, column, t) in cx.columns() {
        let Some(t) = t.filter(|t| t.name == "json") else { continue };
        let mut hit = Hit::new(
            Subject::column(&table.name, &column.name),
            format!("{}.{} is {}", table.name, column.name, t.describe(column)),
        );
        if t.domain.is_none() {
            let target = if t.array { "jsonb[]" } else { "jsonb" };
            let using = format!("{}::{target}", quote_ident(&column.name));
            hit = hit.detail("jsonb drops duplicate keys, key order and whitespace").fix(alter_type_sql(
                &table.name,
                &column.name,
                target,
                Some(&using),
            ));
        }
        out.push(hit);
    }
}
