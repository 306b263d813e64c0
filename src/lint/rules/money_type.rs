//! `money-type`: a `money` column.

use super::prelude::*;

pub const RULE: Rule = Rule {
    name: "money-type",
    group: Group::Types,
    default: Severity::Warn,
    summary: "column of type money",
    what: "Reports table columns of type money, arrays of it and domains over it.",
    why: "money has a fixed number of decimals taken from the server's lc_monetary setting, so the same \
          dump restored on a server with another locale reads different amounts; it holds a single \
          currency that it does not record, rounds fractions of a cent on input, and its text output \
          carries a currency symbol that other programs must parse.",
    fix: "Store amounts as numeric (with the currency in its own column if there can be several): ALTER \
          TABLE … ALTER COLUMN … TYPE numeric USING …::numeric, the statement the finding carries; it \
          keeps every amount exactly and rewrites the table. Add a precision and scale \
          (numeric(12,2)) if you want them enforced.",
    check,
    samples: None,
};

fn check(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for (table, column, t) in cx.columns() {
        let Some(t) = t.filter(|t| t.name == "money") else { continue };
        let mut hit = Hit::new(
            Subject::column(&table.name, &column.name),
            format!("{}.{} is {}", table.name, column.name, t.describe(column)),
        );
        if t.domain.is_none() {
            let target = if t.array { "numeric[]" } else { "numeric" };
            let using = format!("{}::{target}", quote_ident(&column.name));
            hit = hit.fix(alter_type_sql(&table.name, &column.name, target, Some(&using)));
        }
        out.push(hit);
    }
}
