//! Data preconditions of repairs other than type conversions: a column made
//! NOT NULL while it holds NULLs, a CHECK that rows violate, a unique
//! constraint, unique index or primary key over duplicate values.
//!
//! Asked in a second round (the repairs are only known once the first
//! answers are in, see `check::snapshot_in`), shown in `check`'s details and
//! read by `fix`, which blocks the plan where there are violations.

use super::{Finding, Repair, Status};
use crate::catalog::violation::parenthesized;
use crate::catalog::{QualifiedName, ROW_COUNT_LIMIT, Snapshot, Violation, ViolationCount};
use crate::spec::IndexColumn;
use crate::sql::ident::quote_ident;

/// The violations to measure before `repair` can run (none for repairs
/// that add nothing the data could violate, nor over a table or column the
/// plan creates: those hold no rows, or only the column's default, yet).
pub fn violations(repair: &Repair, snapshot: &Snapshot) -> Vec<Violation> {
    let exists = |table: &QualifiedName, columns: &mut dyn Iterator<Item = &String>| {
        let Some(relation) = snapshot.relations.get(table) else { return false };
        let mut all = true;
        for column in columns {
            all &= relation.column(column).is_some();
        }
        all
    };
    match repair {
        Repair::SetNullable { table, column, nullable: false }
            if exists(table, &mut [column].into_iter()) =>
        {
            vec![Violation::Null { table: table.clone(), column: column.clone() }]
        }
        Repair::AddCheck { table, check, .. } if exists(table, &mut std::iter::empty()) => {
            vec![Violation::Check { table: table.clone(), expression: check.expression.clone() }]
        }
        Repair::AddUnique { table, unique } if exists(table, &mut unique.columns.iter()) => {
            vec![duplicate(table, &unique.columns)]
        }
        Repair::CreateIndex { table, index, .. }
            if index.unique == Some(true)
                && exists(
                    table,
                    &mut index.columns.iter().filter_map(|c| match c {
                        IndexColumn::Column(name) => Some(name),
                        IndexColumn::Expression(_) => None,
                    }),
                ) =>
        {
            let keys = index
                .columns
                .iter()
                .map(|c| match c {
                    IndexColumn::Column(name) => quote_ident(name),
                    IndexColumn::Expression(expr) => parenthesized(expr),
                })
                .collect();
            vec![Violation::Duplicate { table: table.clone(), keys, predicate: index.predicate.clone() }]
        }
        Repair::SetPrimaryKey { table, columns, .. } if exists(table, &mut columns.iter()) => {
            let relation = snapshot.relations.get(table);
            let mut out: Vec<Violation> = columns
                .iter()
                .filter(|c| relation.and_then(|r| r.column(c)).is_some_and(|col| !col.not_null))
                .map(|c| Violation::Null { table: table.clone(), column: c.clone() })
                .collect();
            out.push(duplicate(table, columns));
            out
        }
        _ => Vec::new(),
    }
}

fn duplicate(table: &QualifiedName, columns: &[String]) -> Violation {
    Violation::Duplicate {
        table: table.clone(),
        keys: columns.iter().map(|c| quote_ident(c)).collect(),
        predicate: None,
    }
}

/// The second round of questions: the violations of every failing finding's repair.
pub fn questions(findings: &[Finding], snapshot: &Snapshot) -> crate::catalog::Questions {
    let mut q = crate::catalog::Questions::default();
    for f in findings.iter().filter(|f| f.status == Status::Fail) {
        if let Some(repair) = f.repair.as_deref() {
            q.violations.extend(violations(repair, snapshot));
        }
    }
    q
}

/// Adds to each failing finding the violations measured for its repair.
pub fn annotate(findings: &mut [Finding], snapshot: &Snapshot) {
    for f in findings.iter_mut().filter(|f| f.status == Status::Fail) {
        let Some(repair) = f.repair.as_deref() else { continue };
        for violation in violations(repair, snapshot) {
            if let Some(Ok(count)) = snapshot.answers.violations.get(&violation)
                && count.rows > 0
            {
                f.details.push(describe(&violation, count));
            }
        }
    }
}

/// "2 row(s) of public.items hold NULL in note: (1,a,1,), (3,b,2,)".
pub fn describe(violation: &Violation, count: &ViolationCount) -> String {
    let rows = if count.rows > ROW_COUNT_LIMIT {
        format!("more than {ROW_COUNT_LIMIT} row(s)")
    } else {
        format!("{} row(s)", count.rows)
    };
    let what = match violation {
        Violation::Null { table, column } => format!("{rows} of {table} hold NULL in {column}"),
        Violation::Check { table, expression } => format!("{rows} of {table} violate CHECK ({expression})"),
        Violation::Duplicate { table, .. } => {
            format!("{rows} of {table} share a value of {} with another row", keys(violation))
        }
    };
    if count.samples.is_empty() {
        return what;
    }
    let more =
        if count.samples.len() < count.rows as usize && !matches!(violation, Violation::Duplicate { .. }) {
            ", …"
        } else {
            ""
        };
    format!("{what}: {}{more}", count.samples.join(", "))
}

/// What was measured when nothing violates it.
pub fn describe_clean(violation: &Violation) -> String {
    match violation {
        Violation::Null { table, column } => format!("measured: no row of {table} holds NULL in {column}"),
        Violation::Check { table, expression } => {
            format!("measured: every row of {table} satisfies CHECK ({expression})")
        }
        Violation::Duplicate { table, .. } => {
            format!("measured: no two rows of {table} share a value of {}", keys(violation))
        }
    }
}

/// `(a, lower(b))`: a duplicate's keys as one line.
pub fn keys(violation: &Violation) -> String {
    match violation {
        Violation::Duplicate { keys, .. } => {
            let keys: Vec<String> = keys.iter().map(|k| k.replace('\n', " ")).collect();
            format!("({})", keys.join(", "))
        }
        _ => String::new(),
    }
}
