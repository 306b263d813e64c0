//! `char-n`: a `char(n)` column.

use super::prelude::*;

pub const RULE: Rule = Rule {
    name: "char-n",
    group: Group::Types,
    default: Severity::Warn,
    summary: "column of type char(n) (character, bpchar)",
    what: "Reports table columns of type character(n), also written char(n) or bpchar, arrays of it and \
           domains over it. The internal one-byte type \"char\" is another type and is not reported.",
    why: "char(n) pads every value with spaces to n characters, takes as much room as varchar or more, \
          and treats trailing spaces as insignificant in some operations but not others (comparisons \
          ignore them, LIKE and concatenation with text do not), which produces puzzling mismatches. A \
          longer value is an error, a shorter one silently padded. It is no faster than text in \
          PostgreSQL.",
    fix: "Convert the column to text (with a CHECK on length(…) if the length matters): ALTER TABLE … \
          ALTER COLUMN … TYPE text, the statement the finding carries. The conversion drops the padding \
          spaces, as char(n) comparisons already did, and rewrites the table. A column of a domain is \
          fixed by changing the domain.",
    check,
    samples: None,
};

fn check(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for (table, column, t) in cx.columns() {
        let Some(t) = t.filter(|t| t.name == "character") else { continue };
        let mut hit = Hit::new(
            Subject::column(&table.name, &column.name),
            format!("{}.{} is {}", table.name, column.name, t.describe(column)),
        );
        if t.domain.is_none() {
            let target = if t.array { "text[]" } else { "text" };
            hit = hit.fix(alter_type_sql(&table.name, &column.name, target, None));
        }
        out.push(hit);
    }
}
