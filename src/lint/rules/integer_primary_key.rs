//! `integer-primary-key`: a primary key of `smallint` or `integer` that will run out.

use super::prelude::*;

pub const RULE: Rule = Rule {
    name: "integer-primary-key",
    group: Group::Types,
    default: Severity::Warn,
    summary: "primary key column of type smallint or integer",
    what: "Reports the smallint and integer columns of primary keys that grow with every insert: those \
           filled from a sequence (serial, identity, or a nextval default), and one-column keys without a \
           default, which the application fills. A part of a composite key that is not generated (a \
           country code) and a key with a fixed default (a one-row table) are left alone.",
    why: "An integer key runs out at 2,147,483,647 (smallint at 32,767), sequences burn values on rolled \
          back inserts, and when it runs out every insert fails. Widening it then means rewriting the \
          table, its indexes and every table that references it, under exclusive locks, at the worst \
          possible moment. bigint costs 4 bytes more per row.",
    fix: "Widen the key, every column that references it and its sequence to bigint while the table is \
          still small. The finding carries the statements (each ALTER TABLE rewrites its table under an \
          ACCESS EXCLUSIVE lock). On a large table, add a bigint column, fill it in batches and swap it \
          in instead.",
    check,
    samples: None,
};

fn check(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for table in cx.tables() {
        let Some(key) = table.primary_key() else { continue };
        for name in &key.columns {
            let Some(column) = table.column(name) else { continue };
            let Some(t) = cx
                .builtin_type(column)
                .filter(|t| matches!(t.name.as_str(), "smallint" | "integer") && !t.array)
            else {
                continue;
            };
            let sequences = cx.default_sequences(&table.name, name);
            let owned = cx.owned_sequence(&table.name, name);
            let generated = column.identity.is_some() || !sequences.is_empty();
            // Not generated: a composite key's part (a country code) or a key
            // with a fixed default (a one-row table) does not grow; a lone key
            // without default is filled by the application and may.
            if !generated && (key.columns.len() > 1 || column.default.is_some()) {
                continue;
            }
            let (_, max) = integer_range(&t.name).unwrap_or((0, 0));
            let mut hit = Hit::new(
                Subject::column(&table.name, name),
                format!(
                    "primary key column {}.{} is {}: it runs out at {}",
                    table.name,
                    name,
                    t.describe(column),
                    thousands(max)
                ),
            );
            if let Some(last) = owned.or(sequences.first().copied()).and_then(|s| s.last_value) {
                hit = hit.detail(format!(
                    "its sequence is at {} ({:.1}% of the column's range)",
                    thousands(last),
                    100.0 * last as f64 / max as f64
                ));
            }
            if t.domain.is_none() {
                let mut sql = vec![alter_type_sql(&table.name, name, "bigint", None)];
                for reference in cx.referenced_by(&table.name, name) {
                    let narrow = reference
                        .table
                        .column(reference.column)
                        .and_then(|c| cx.builtin_type(c))
                        .is_some_and(|r| {
                            matches!(r.name.as_str(), "smallint" | "integer") && r.domain.is_none()
                        });
                    if narrow {
                        sql.push(alter_type_sql(&reference.table.name, reference.column, "bigint", None));
                    }
                }
                // An identity column's sequence follows its type; a serial's does not.
                if let Some(sequence) = owned
                    .filter(|s| s.data_type != "bigint" && !s.owned_by.as_ref().is_some_and(|o| o.identity))
                {
                    sql.push(format!("ALTER SEQUENCE {} AS bigint;", quote_qualified(&sequence.name)));
                }
                sql.dedup();
                hit = hit.fix(sql.join("\n"));
            }
            out.push(hit);
        }
    }
}
