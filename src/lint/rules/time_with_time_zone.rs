//! `time-with-time-zone`: a `timetz` column.

use super::prelude::*;

pub const RULE: Rule = Rule {
    name: "time-with-time-zone",
    group: Group::Types,
    default: Severity::Warn,
    summary: "column of type time with time zone",
    what: "Reports table columns of type time with time zone (timetz), arrays of it and domains over it.",
    why: "A time zone offset means nothing without a date: whether +01 or +02 applies in Paris depends \
          on the day. The type exists for SQL-standard compliance and PostgreSQL's own documentation \
          advises against it; comparisons and arithmetic on it give answers that are right on some days \
          only.",
    fix: "Store an instant as timestamptz, or a time of day as time (with the zone in its own column if \
          it matters). The right target depends on what the values mean, so no statement is suggested.",
    check,
    samples: None,
};

fn check(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for (table, column, t) in cx.columns() {
        if let Some(t) = t.filter(|t| t.name == "time with time zone") {
            out.push(Hit::new(
                Subject::column(&table.name, &column.name),
                format!("{}.{} is {}", table.name, column.name, t.describe(column)),
            ));
        }
    }
}
