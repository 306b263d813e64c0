//! `sequence-narrower-than-column`: a column's own sequence with a smaller
//! range than the column (left `AS integer` after the column became bigint).

use super::prelude::*;

pub const RULE: Rule = Rule {
    name: "sequence-narrower-than-column",
    group: Group::Sequences,
    default: Severity::Warn,
    summary: "sequence owned by a column whose type holds larger values than the sequence's",
    what: "Compares the data type of each sequence owned by a column (serial, OWNED BY) with the \
           column's integer type, and reports a sequence of a narrower type: typically an integer \
           sequence left behind when its column was widened to bigint. Identity columns change their \
           sequence's type with their own and are never in this state.",
    why: "Widening a serial column to bigint does not widen its sequence, so the column can hold values \
          up to 9 quintillion but nextval still stops at 2,147,483,647: the table runs out of ids as if \
          it had never been widened, and that is rarely noticed until it happens.",
    fix: "Widen the sequence: ALTER SEQUENCE … AS bigint, the statement the finding carries. It raises the \
          MAXVALUE along with the type when the MAXVALUE was the old type's largest value, and takes \
          effect at once without rewriting anything.",
    check,
    samples: None,
};

fn check(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for sequence in cx.sequences() {
        let Some(owner) = sequence.owned_by.as_ref().filter(|o| !o.identity) else { continue };
        let Some(column) = cx.relation(&owner.table).and_then(|r| r.column(&owner.column)) else { continue };
        let Some(t) = cx.builtin_type(column).filter(|t| !t.array) else { continue };
        let (Some((_, column_max)), Some((_, sequence_max))) =
            (integer_range(&t.name), integer_range(&sequence.data_type))
        else {
            continue;
        };
        if sequence_max >= column_max {
            continue;
        }
        out.push(
            Hit::new(
                Subject::sequence(sequence),
                format!(
                    "sequence {} is {} but its column {}.{} is {}: ids stop at {}",
                    sequence.name,
                    sequence.data_type,
                    owner.table,
                    owner.column,
                    t.describe(column),
                    thousands(sequence.max.min(sequence_max))
                ),
            )
            .fix(format!("ALTER SEQUENCE {} AS {};", quote_qualified(&sequence.name), t.name)),
        );
    }
}
