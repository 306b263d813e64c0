//! `timestamp-without-time-zone`: a `timestamp` column where `timestamptz` is meant.

use super::prelude::*;

pub const RULE: Rule = Rule {
    name: "timestamp-without-time-zone",
    group: Group::Types,
    default: Severity::Warn,
    summary: "column of type timestamp (without time zone)",
    what: "Reports table columns of type timestamp without time zone, arrays of it and domains over it.",
    why: "A timestamp without time zone is a wall-clock reading with no idea where the wall is: the \
          same value means different instants to sessions in different time zones, now() is silently \
          converted with the session's TimeZone when stored, and daylight-saving changes make intervals \
          and orderings wrong twice a year. timestamptz stores an instant (in UTC) and shows it in the \
          reader's zone, at the same cost: 8 bytes.",
    fix: "Convert the column: ALTER TABLE … ALTER COLUMN … TYPE timestamptz USING … AT TIME ZONE '<the \
          zone the values were written in>'. Only you know that zone, so no statement is suggested; the \
          conversion rewrites the table. A value that really is a local time of day with no place \
          (an opening hour) is better as time, or as timestamp with a pgconform:ignore comment saying why.",
    check,
    samples: None,
};

fn check(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for (table, column, t) in cx.columns() {
        if let Some(t) = t.filter(|t| t.name == "timestamp without time zone") {
            out.push(Hit::new(
                Subject::column(&table.name, &column.name),
                format!("{}.{} is {}", table.name, column.name, t.describe(column)),
            ));
        }
    }
}
