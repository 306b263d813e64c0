//! `sequence-near-exhaustion`: a sequence that has used most of the values it,
//! or the column it feeds, can take.

use super::prelude::*;
use crate::catalog::Sequence;

pub const RULE: Rule = Rule {
    name: "sequence-near-exhaustion",
    group: Group::Sequences,
    default: Severity::Error,
    summary: "sequence past a share (80% unless --sequence-threshold says otherwise) of its usable range",
    what: "For each sequence whose current value the role may read, measures how much of its usable \
           range it has used: the range between its MINVALUE and MAXVALUE, narrowed to the range of the \
           integer columns it feeds (the column owning it and those whose default draws on it). It \
           reports a sequence past the threshold, 80% by default (--sequence-threshold PERCENT). Cycling \
           sequences wrap around by design and are left out; one the role may not read is reported as \
           not checked.",
    why: "When a sequence reaches its end, nextval fails and so does every insert that needs an id; \
          when the column is narrower than the sequence, the insert fails on the column instead. Either \
          way the table stops taking rows, and the remedy (widening a key, rewriting tables) is slow \
          and takes locks. The threshold leaves time to do it calmly.",
    fix: "Widen whatever limits the range: when it is the column, ALTER TABLE … ALTER COLUMN … TYPE bigint \
          (with the columns referencing it) and ALTER SEQUENCE … AS bigint; when it is the sequence's \
          own type, ALTER SEQUENCE … AS bigint. The finding carries those statements. A sequence that \
          is bigint already and close to its end was likely given a large INCREMENT or a low \
          MAXVALUE: look at why before changing it.",
    check,
    samples: None,
};

fn check(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for sequence in cx.sequences().filter(|s| !s.cycle) {
        let Some(last) = sequence.last_value else {
            if !sequence.readable {
                out.push(
                    Hit::new(
                        Subject::sequence(sequence),
                        format!("sequence {} could not be read", sequence.name),
                    )
                    .detail("the role has neither SELECT nor USAGE on it")
                    .undecided(),
                );
            }
            continue;
        };
        let (mut low, mut high) = (sequence.min, sequence.max);
        let mut limited_by: Option<(&QualifiedName, &str, String)> = None;
        for (table, column) in fed_columns(sequence) {
            let Some(t) = cx.relation(table).and_then(|r| r.column(column)).and_then(|c| cx.builtin_type(c))
            else {
                continue;
            };
            let Some((min, max)) = integer_range(&t.name).filter(|_| !t.array) else { continue };
            // A column as narrow as the sequence limits it just as much, and
            // widening the sequence alone would not help.
            if sequence.increment > 0 && max <= high {
                high = max;
                limited_by = Some((table, column, t.name.clone()));
            } else if sequence.increment < 0 && min >= low {
                low = min;
                limited_by = Some((table, column, t.name.clone()));
            }
        }
        let span = i128::from(high) - i128::from(low);
        if span <= 0 {
            continue;
        }
        let used = if sequence.increment > 0 {
            i128::from(last) - i128::from(low)
        } else {
            i128::from(high) - i128::from(last)
        };
        let share = used as f64 / span as f64;
        if share < cx.settings.sequence_threshold {
            continue;
        }
        let end = if sequence.increment > 0 { high } else { low };
        let of_what = match &limited_by {
            Some((table, column, type_name)) => format!("the end of {table}.{column}, {type_name}"),
            None => {
                format!("the sequence's {}", if sequence.increment > 0 { "MAXVALUE" } else { "MINVALUE" })
            }
        };
        let remaining =
            (i128::from(end) - i128::from(last)).abs() / i128::from(sequence.increment).abs().max(1);
        let mut hit = Hit::new(
            Subject::sequence(sequence),
            format!(
                "sequence {} has used {:.1}% of its range: at {} of {} ({of_what})",
                sequence.name,
                100.0 * share,
                thousands(last),
                thousands(end)
            ),
        )
        .detail(format!("{} values left", thousands(i64::try_from(remaining).unwrap_or(i64::MAX))));
        let mut sql = Vec::new();
        if let Some((table, column, _)) = &limited_by {
            sql.push(alter_type_sql(table, column, "bigint", None));
            for reference in cx.referenced_by(table, column) {
                let narrow =
                    reference.table.column(reference.column).and_then(|c| cx.builtin_type(c)).is_some_and(
                        |r| matches!(r.name.as_str(), "smallint" | "integer") && r.domain.is_none(),
                    );
                if narrow {
                    sql.push(alter_type_sql(&reference.table.name, reference.column, "bigint", None));
                }
            }
        }
        let identity = sequence.owned_by.as_ref().is_some_and(|o| o.identity);
        if sequence.data_type != "bigint" && !(identity && limited_by.is_some()) {
            sql.push(format!("ALTER SEQUENCE {} AS bigint;", quote_qualified(&sequence.name)));
        }
        if !sql.is_empty() {
            hit = hit.fix(sql.join("\n"));
        }
        out.push(hit);
    }
}

/// The columns a sequence feeds: its owner and the columns whose default draws on it.
fn fed_columns(sequence: &Sequence) -> Vec<(&QualifiedName, &str)> {
    let mut columns: Vec<_> = sequence.used_by_defaults.iter().map(|(t, c)| (t, c.as_str())).collect();
    if let Some(owner) = &sequence.owned_by {
        columns.push((&owner.table, owner.column.as_str()));
    }
    columns
}
