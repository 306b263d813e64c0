//! Type conversions and everything they carry along.
//!
//! Changing `conversations.id` from text to uuid touches more than the
//! column: foreign keys on either side must go and come back, the columns
//! that reference it (declared in the spec or not) must convert with it, views
//! that read it must be dropped and re-created from their captured
//! definitions, and its default must not block the conversion. The values are
//! measured first: one that will not convert blocks the plan, and the script
//! re-counts at run time.

use super::planner::{Builder, guard};
use super::sql::{alter_table, trigger_state};
use super::{Hazard, Phase};
use crate::catalog::{Constraint, ConstraintKind, Conversion, QualifiedName, Trigger};
use crate::diff::{Finding, Repair};
use crate::sql::ident::{quote_ident, quote_literal, quote_qualified};
use crate::types::TypeName;
use std::collections::{BTreeMap, BTreeSet};

/// A column to convert and the check ids that ask for it.
struct Target {
    to: TypeName,
    ids: Vec<String>,
    /// Converted because a foreign key ties it to a converted column.
    carried: bool,
}

pub(super) fn conversions(b: &mut Builder, failing: &[(&Finding, &Repair)]) {
    let mut targets: BTreeMap<(QualifiedName, String), Target> = BTreeMap::new();
    for (f, repair) in failing {
        if let Repair::ChangeType { table, column, to } = repair {
            targets
                .entry((table.clone(), column.clone()))
                .or_insert_with(|| Target { to: to.clone(), ids: Vec::new(), carried: false })
                .ids
                .push(f.id.clone());
        }
    }
    if targets.is_empty() {
        return;
    }
    carry_along_foreign_keys(b, &mut targets);

    let keys = affected_foreign_keys(b, &targets);
    let views = affected_views(b, &targets);
    let replaced_keys: BTreeSet<&str> = failing
        .iter()
        .filter_map(|(_, r)| match r {
            Repair::AddForeignKey { replace: Some(name), .. } => Some(name.as_str()),
            _ => None,
        })
        .collect();
    let triggers = affected_triggers(b, &targets);
    let replaced_triggers: BTreeSet<(&QualifiedName, &str)> = failing
        .iter()
        .filter_map(|(_, r)| match r {
            Repair::CreateTrigger { table, trigger, .. } => Some((table, trigger.name.as_str())),
            _ => None,
        })
        .collect();
    let new_defaults: BTreeSet<(QualifiedName, String)> = failing
        .iter()
        .filter_map(|(_, r)| match r {
            Repair::SetDefault { table, column, .. } => Some((table.clone(), column.clone())),
            _ => None,
        })
        .collect();

    let mut notes = measure(b, &targets);

    // Before: views (dependents first), triggers, foreign keys, defaults.
    b.drop_views(Phase::Conversions, &views, "while the columns it reads change type");
    for (table, trigger) in &triggers {
        let sql =
            format!("DROP TRIGGER IF EXISTS {} ON {}", quote_ident(&trigger.name), quote_qualified(table));
        let step = b.step(
            Phase::Conversions,
            format!("drop trigger {} on {table} while the columns it names change type", trigger.name),
            &[],
            vec![sql],
        );
        step.notes.push("re-created after the conversion".into());
    }
    for (table, key) in &keys {
        let sql = alter_table(table, &format!("DROP CONSTRAINT IF EXISTS {}", quote_ident(&key.name)));
        let step =
            b.step(Phase::Conversions, format!("drop foreign key {} on {table}", key.name), &[], vec![sql]);
        step.notes.push("re-created after the conversion".into());
    }
    let mut old_defaults = Vec::new();
    for (table, column) in targets.keys() {
        let default =
            b.snapshot.relations.get(table).and_then(|r| r.column(column)).and_then(|c| c.default.clone());
        if let Some(default) = default {
            let sql = alter_table(table, &format!("ALTER COLUMN {} DROP DEFAULT", quote_ident(column)));
            b.step(
                Phase::Conversions,
                format!("drop the default of {table}.{column} for the conversion"),
                &[],
                vec![sql],
            );
            if !new_defaults.contains(&(table.clone(), column.clone())) {
                old_defaults.push((table.clone(), column.clone(), default));
            }
        }
    }

    // The conversions, one ALTER TABLE (one rewrite) per table.
    let mut by_table: BTreeMap<&QualifiedName, Vec<(&String, &Target)>> = BTreeMap::new();
    for ((table, column), target) in &targets {
        by_table.entry(table).or_default().push((column, target));
    }
    for (table, columns) in by_table {
        b.backup(Phase::Conversions, table);
        let actions: Vec<String> = columns
            .iter()
            .map(|(column, target)| {
                let col = quote_ident(column);
                format!("ALTER COLUMN {col} TYPE {} USING {col}::{}", target.to, target.to)
            })
            .collect();
        let ids: Vec<&str> = columns.iter().flat_map(|(_, t)| t.ids.iter().map(String::as_str)).collect();
        let mut sql: Vec<String> = columns
            .iter()
            .filter_map(|(column, target)| runtime_guard(b, table, column, &target.to))
            .collect();
        sql.push(alter_table(table, &actions.join(",\n    ")));
        let names: Vec<String> = columns
            .iter()
            .map(|(c, t)| {
                format!("{c} → {}{}", t.to, if t.carried { " (tied by a foreign key)" } else { "" })
            })
            .collect();
        let measured: Vec<String> = columns
            .iter()
            .filter_map(|(column, _)| notes.remove(&(table.clone(), (*column).clone())))
            .collect();
        let step = b.step(Phase::Conversions, format!("convert {table}: {}", names.join(", ")), &ids, sql);
        step.hazards.extend([Hazard::TableRewrite, Hazard::LongLock]);
        step.notes.extend(measured);
    }

    // After: defaults, foreign keys, triggers (views: see `views`).
    for (table, column, default) in old_defaults {
        let sql =
            alter_table(&table, &format!("ALTER COLUMN {} SET DEFAULT {default}", quote_ident(&column)));
        b.step(Phase::Columns, format!("restore the default of {table}.{column}"), &[], vec![sql]);
    }
    for (table, key) in &keys {
        if replaced_keys.contains(key.name.as_str()) {
            continue;
        }
        let sql =
            alter_table(table, &format!("ADD CONSTRAINT {} {}", quote_ident(&key.name), key.definition));
        b.step(Phase::Keys, format!("re-create foreign key {} on {table}", key.name), &[], vec![sql]);
    }
    for (table, trigger) in &triggers {
        if replaced_triggers.contains(&(table, trigger.name.as_str())) {
            continue;
        }
        let mut sql = vec![trigger.definition.clone()];
        sql.extend(trigger_state(table, trigger));
        b.step(Phase::Triggers, format!("re-create trigger {} on {table} as it was", trigger.name), &[], sql);
    }
}

/// A key cannot join columns of different types: converting one side converts
/// the other, transitively (declared in the spec or not).
fn carry_along_foreign_keys(b: &Builder, targets: &mut BTreeMap<(QualifiedName, String), Target>) {
    loop {
        let mut added = Vec::new();
        for rel in b.snapshot.relations.values() {
            for key in rel.constraints.iter().filter(|c| c.kind == ConstraintKind::ForeignKey) {
                let Some(foreign) = &key.foreign else { continue };
                for (own, theirs) in key.columns.iter().zip(&foreign.columns) {
                    let pairs = [
                        ((&rel.name, own), (&foreign.table, theirs)),
                        ((&foreign.table, theirs), (&rel.name, own)),
                    ];
                    for ((from_table, from_col), (to_table, to_col)) in pairs {
                        let Some(target) = targets.get(&(from_table.clone(), from_col.clone())) else {
                            continue;
                        };
                        let key = (to_table.clone(), to_col.clone());
                        if targets.contains_key(&key) || added.iter().any(|(k, _)| *k == key) {
                            continue;
                        }
                        let current = b.snapshot.relations.get(to_table).and_then(|r| r.column(to_col));
                        let same = current.is_some_and(|c| {
                            crate::types::parse_type(&c.type_display).is_ok_and(|a| target.to.matches(&a))
                        });
                        if !same {
                            added.push((key, target.to.clone()));
                        }
                    }
                }
            }
        }
        if added.is_empty() {
            return;
        }
        for (key, to) in added {
            targets.insert(key, Target { to, ids: Vec::new(), carried: true });
        }
    }
}

/// Foreign keys with a converted column on either side, by table.
fn affected_foreign_keys<'s>(
    b: &Builder<'s>,
    targets: &BTreeMap<(QualifiedName, String), Target>,
) -> Vec<(QualifiedName, &'s Constraint)> {
    let converted = |table: &QualifiedName, columns: &[String]| {
        columns.iter().any(|c| targets.contains_key(&(table.clone(), c.clone())))
    };
    let mut keys = Vec::new();
    for rel in b.snapshot.relations.values() {
        for key in rel.constraints.iter().filter(|c| c.kind == ConstraintKind::ForeignKey) {
            let Some(foreign) = &key.foreign else { continue };
            if converted(&rel.name, &key.columns) || converted(&foreign.table, &foreign.columns) {
                keys.push((rel.name.clone(), key));
            }
        }
    }
    keys
}

/// Triggers the server will not let a column change type under: those naming
/// it in `UPDATE OF`, and (since the catalog does not say which columns a WHEN
/// condition reads) every trigger with a WHEN on a converted table.
fn affected_triggers<'s>(
    b: &Builder<'s>,
    targets: &BTreeMap<(QualifiedName, String), Target>,
) -> Vec<(QualifiedName, &'s Trigger)> {
    let tables: BTreeSet<&QualifiedName> = targets.keys().map(|(t, _)| t).collect();
    let mut found = Vec::new();
    for table in tables {
        let Some(rel) = b.snapshot.relations.get(table) else { continue };
        for trigger in &rel.triggers {
            let names_column =
                trigger.update_columns.iter().any(|c| targets.contains_key(&(table.clone(), c.clone())));
            if names_column || trigger.when.is_some() {
                found.push((table.clone(), trigger));
            }
        }
    }
    found
}

/// Views reading a converted column, each after the views it reads.
fn affected_views(b: &Builder, targets: &BTreeMap<(QualifiedName, String), Target>) -> Vec<QualifiedName> {
    let mut views: Vec<QualifiedName> = Vec::new();
    for (table, column) in targets.keys() {
        for view in b.snapshot.dependent_views(table, column) {
            if !views.contains(&view) {
                views.push(view);
            }
        }
    }
    // Views found through different columns may interleave: order them so
    // that each comes after every view it depends on.
    let depends = |a: &QualifiedName, b_: &QualifiedName| {
        b.snapshot.view_dependencies.iter().any(|d| d.view == *a && d.on == *b_)
    };
    let mut ordered: Vec<QualifiedName> = Vec::new();
    while ordered.len() < views.len() {
        let before = ordered.len();
        for v in &views {
            if !ordered.contains(v) && views.iter().all(|w| w == v || !depends(v, w) || ordered.contains(w)) {
                ordered.push(v.clone());
            }
        }
        if ordered.len() == before {
            // A cycle cannot happen between views; keep the rest as found.
            ordered.extend(views.iter().filter(|v| !ordered.contains(v)).cloned().collect::<Vec<_>>());
        }
    }
    ordered
}

/// What the server counted: a blocker when values will not convert, and a
/// note per column for its conversion step.
fn measure(
    b: &mut Builder,
    targets: &BTreeMap<(QualifiedName, String), Target>,
) -> BTreeMap<(QualifiedName, String), String> {
    let mut notes = BTreeMap::new();
    for ((table, column), target) in targets {
        let question =
            Conversion { table: table.clone(), column: column.clone(), target_type: target.to.to_string() };
        let check = target.ids.first().cloned().unwrap_or_else(|| format!("{table}.{column}"));
        let note = match b.snapshot.answers.conversions.get(&question) {
            Some(Ok(count)) if count.invalid > 0 => {
                let samples: Vec<String> = count.samples.iter().map(|s| quote_literal(s)).collect();
                let reason = format!(
                    "{} of {} {table}.{column} values will not convert to {}: {}",
                    count.invalid,
                    count.non_null,
                    target.to,
                    samples.join(", ")
                );
                let alternatives = alternatives(b, table, column, &target.to, count.invalid);
                b.block(&check, reason.clone(), alternatives);
                reason
            }
            Some(Ok(count)) => {
                format!(
                    "measured: all {} non-null values of {table}.{column} convert to {}",
                    count.non_null, target.to
                )
            }
            Some(Err(reason)) => format!("{table}.{column} not measured: {reason}"),
            None => format!("{table}.{column} not measured"),
        };
        notes.insert((table.clone(), column.clone()), note);
    }
    notes
}

/// The two ways out the story's guide offered, as commented SQL with counts.
fn alternatives(
    b: &Builder,
    table: &QualifiedName,
    column: &str,
    to: &TypeName,
    invalid: i64,
) -> Vec<String> {
    let Some(condition) = invalid_condition(b, table, column, to) else { return Vec::new() };
    let col = quote_ident(column);
    let predicate = format!(
        "{col} IS NOT NULL AND {}",
        condition.replace("s.v", &format!("({col})::pg_catalog.text COLLATE \"C\""))
    );
    let t = quote_qualified(table);
    let referencing: Vec<String> = b
        .snapshot
        .relations
        .values()
        .flat_map(|rel| {
            rel.constraints
                .iter()
                .filter(|c| c.kind == ConstraintKind::ForeignKey)
                .filter(|c| {
                    c.foreign
                        .as_ref()
                        .is_some_and(|f| f.table == *table && f.columns.iter().any(|fc| fc == column))
                })
                .map(move |c| format!("{} ({})", rel.name, c.columns.join(", ")))
        })
        .collect();
    let mut out = vec![
        format!(
            "-- Option A: delete the {invalid} row(s) whose {column} will not convert (and, through ON DELETE or by hand, what references them):"
        ),
        format!("-- DELETE FROM {t} WHERE {predicate};"),
    ];
    if to.name == "uuid" {
        out.push(format!(
            "-- Option B: give those {invalid} row(s) new ids, and update what references them first:"
        ));
        for r in &referencing {
            out.push(format!("--   references to update: {r}"));
        }
        out.push(format!(
            "-- UPDATE {t} SET {} = gen_random_uuid()::text WHERE {predicate};",
            quote_ident(column)
        ));
    }
    out
}

/// The condition (over the text value `s.v`) that marks a value of `column`
/// that will not convert to `to`, when the server can tell.
fn invalid_condition(b: &Builder, table: &QualifiedName, column: &str, to: &TypeName) -> Option<String> {
    let source = b.snapshot.relations.get(table)?.column(column)?.type_display.clone();
    crate::catalog::conversion::invalid_condition(&source, &to.to_string(), b.snapshot.server_version_num)
        .ok()
}

/// The DO block that re-counts at run time the values that will not convert.
fn runtime_guard(b: &Builder, table: &QualifiedName, column: &str, to: &TypeName) -> Option<String> {
    let condition = invalid_condition(b, table, column, to)?;
    let col = quote_ident(column);
    let values = format!(
        "(SELECT ({col})::pg_catalog.text COLLATE \"C\" AS v FROM {} WHERE {col} IS NOT NULL) AS s",
        quote_qualified(table)
    );
    Some(guard(
        &format!("{values} WHERE {condition}"),
        &format!(
            "{{count}} values of {table}.{column} will not convert to {to}: the data changed since the plan was made"
        ),
    ))
}
