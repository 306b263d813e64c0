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
use super::sql::{alter_table, column_list, trigger_state};
use super::{Hazard, Phase};
use crate::catalog::{
    Constraint, ConstraintKind, Conversion, DependentKind, FkAction, Policy, QualifiedName, Trigger,
};
use crate::diff::{Finding, Repair};
use crate::sql::ident::{quote_ident, quote_literal, quote_qualified, quote_role};
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
    let columns: Vec<(&QualifiedName, &str)> = targets.keys().map(|(t, c)| (t, c.as_str())).collect();
    let views = b.snapshot.dependent_views_of_columns(&columns);
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
    let policies = column_dependents(b, &targets);

    // Before: views (dependents first), policies, triggers, foreign keys, defaults.
    b.drop_views(Phase::Conversions, &views, "while the columns it reads change type");
    for (table, policy) in &policies {
        let sql =
            format!("DROP POLICY IF EXISTS {} ON {}", quote_ident(&policy.name), quote_qualified(table));
        let step = b.step(
            Phase::Conversions,
            format!("drop policy {} on {table} while the columns it reads change type", policy.name),
            &[],
            vec![sql],
        );
        step.notes.push("re-created after the conversion".into());
    }
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
    for (table, policy) in &policies {
        let title = format!("re-create policy {} on {table} as it was", policy.name);
        b.step(Phase::Triggers, title, &[], vec![create_policy(table, policy)]);
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

/// What reads a converted column and stops the server from converting it:
/// policies, returned to be dropped and re-created around the conversion;
/// generated columns and SQL-standard functions, which become blockers with
/// the statements that get around them (their definitions must be checked
/// against the new type by a person).
fn column_dependents<'s>(
    b: &mut Builder<'s>,
    targets: &BTreeMap<(QualifiedName, String), Target>,
) -> Vec<(QualifiedName, &'s Policy)> {
    let snapshot = b.snapshot;
    let mut policies: Vec<(QualifiedName, &Policy)> = Vec::new();
    for dependent in &snapshot.column_dependents {
        let key = (dependent.table.clone(), dependent.column.clone());
        let Some(target) = targets.get(&key) else { continue };
        let check = target.ids.first().cloned().unwrap_or_else(|| format!("{}.{}", key.0, key.1));
        let (table, column) = (&dependent.table, &dependent.column);
        match dependent.kind {
            DependentKind::Policy => {
                let found = snapshot.relations.get(table).and_then(|r| r.policies.iter().find(|p| p.name == dependent.name));
                if let Some(policy) = found
                    && !policies.iter().any(|(t, p)| t == table && p.name == policy.name)
                {
                    policies.push((table.clone(), policy));
                }
            }
            DependentKind::GeneratedColumn => {
                let generated = snapshot.relations.get(table).and_then(|r| r.column(&dependent.name));
                let expression = generated.and_then(|c| c.default.clone()).unwrap_or_default();
                let type_ = generated.map_or(String::new(), |c| c.type_display.clone());
                let g = quote_ident(&dependent.name);
                b.block(
                    &check,
                    format!(
                        "generated column {table}.{} is computed from {column}: the server will not convert {column} under it, and its expression must be checked against {}",
                        dependent.name, target.to
                    ),
                    vec![
                        format!("-- drop it, let the plan convert {column}, then add it back (it is recomputed):"),
                        format!("-- {};", alter_table(table, &format!("DROP COLUMN {g}"))),
                        format!("-- {};", alter_table(table, &format!("ADD COLUMN {g} {type_} GENERATED ALWAYS AS ({expression}) STORED"))),
                    ],
                );
            }
            DependentKind::Function => b.block(
                &check,
                format!(
                    "function {} reads {table}.{column} in a SQL-standard body (BEGIN ATOMIC): the server will not convert {column} under it",
                    dependent.name
                ),
                vec![
                    format!("-- save its definition: SELECT pg_get_functiondef('{}'::regprocedure);", dependent.name.replace('\'', "''")),
                    format!("-- drop it (DROP FUNCTION {};), run the plan, then create it again, adapted to {}", dependent.name, target.to),
                ],
            ),
        }
    }
    policies
}

/// `CREATE POLICY` from what the catalog holds.
fn create_policy(table: &QualifiedName, policy: &Policy) -> String {
    let roles: Vec<String> = policy.roles.iter().map(|r| quote_role(Some(r))).collect();
    let mut sql = format!(
        "CREATE POLICY {} ON {} AS {} FOR {} TO {}",
        quote_ident(&policy.name),
        quote_qualified(table),
        if policy.permissive { "PERMISSIVE" } else { "RESTRICTIVE" },
        policy.command,
        if roles.is_empty() { "PUBLIC".to_string() } else { roles.join(", ") }
    );
    if let Some(using) = &policy.using {
        sql.push_str(&format!(" USING ({using})"));
    }
    if let Some(check) = &policy.with_check {
        sql.push_str(&format!(" WITH CHECK ({check})"));
    }
    sql
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

/// What the server counted: a blocker when values will not convert, and a
/// note per column for its conversion step. A column that references another
/// converted column (a foreign key carries it along) gets no ways out of its
/// own: its values are references, mended by the referenced column's options.
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
                let mut reason = format!(
                    "{} of {} {table}.{column} values will not convert to {}: {}",
                    count.invalid,
                    count.non_null,
                    target.to,
                    samples.join(", ")
                );
                let alternatives = match referenced_target(b, targets, table, column) {
                    Some((t, c)) => {
                        reason.push_str(&format!("; they reference {t}.{c}: its options carry them along"));
                        Vec::new()
                    }
                    None => alternatives(b, table, column, &target.to, count.invalid),
                };
                b.block(&check, reason.clone(), alternatives);
                reason
            }
            Some(Ok(count)) if count.non_null == 0 => {
                format!("measured: no values of {table}.{column} to convert")
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

/// The converted column that `table.column` references through a foreign
/// key, following references to their end (the column whose values they are).
fn referenced_target(
    b: &Builder,
    targets: &BTreeMap<(QualifiedName, String), Target>,
    table: &QualifiedName,
    column: &str,
) -> Option<(QualifiedName, String)> {
    let mut at = (table.clone(), column.to_string());
    let mut seen = BTreeSet::new();
    let mut found = None;
    while seen.insert(at.clone()) {
        let Some(next) =
            references(b, &at.0, &at.1).into_iter().find(|r| targets.contains_key(r) && *r != at)
        else {
            break;
        };
        found = Some(next.clone());
        at = next;
    }
    found
}

/// The columns `table.column` references through its foreign keys.
fn references(b: &Builder, table: &QualifiedName, column: &str) -> Vec<(QualifiedName, String)> {
    let Some(rel) = b.snapshot.relations.get(table) else { return Vec::new() };
    rel.constraints
        .iter()
        .filter(|c| c.kind == ConstraintKind::ForeignKey)
        .filter_map(|c| {
            let foreign = c.foreign.as_ref()?;
            let i = c.columns.iter().position(|own| own == column)?;
            Some((foreign.table.clone(), foreign.columns.get(i)?.clone()))
        })
        .collect()
}

/// A foreign key referencing a column whose values change, and which of its
/// own columns holds the reference.
struct Referencing<'s> {
    table: QualifiedName,
    key: &'s Constraint,
    column: String,
}

/// Every foreign key referencing `table.column`, and those referencing the
/// referencing columns in turn (a reference that is itself referenced).
fn referencing<'s>(b: &Builder<'s>, table: &QualifiedName, column: &str) -> Vec<Referencing<'s>> {
    let mut found: Vec<Referencing<'s>> = Vec::new();
    let mut queue = vec![(table.clone(), column.to_string())];
    let mut seen: BTreeSet<(QualifiedName, String)> = queue.iter().cloned().collect();
    while let Some((t, c)) = queue.pop() {
        for rel in b.snapshot.relations.values() {
            for key in rel.constraints.iter().filter(|k| k.kind == ConstraintKind::ForeignKey) {
                let Some(foreign) = key.foreign.as_ref().filter(|f| f.table == t) else { continue };
                for (own, theirs) in key.columns.iter().zip(&foreign.columns) {
                    if *theirs != c {
                        continue;
                    }
                    found.push(Referencing { table: rel.name.clone(), key, column: own.clone() });
                    if seen.insert((rel.name.clone(), own.clone())) {
                        queue.push((rel.name.clone(), own.clone()));
                    }
                }
            }
        }
    }
    found
}

/// Deletes, deepest first, the rows that a foreign key without an ON DELETE
/// action would keep the rows of `table` matching `condition` from being
/// deleted with; rows that go by CASCADE are followed to their own
/// references. Keys that SET NULL or SET DEFAULT need nothing.
fn delete_references(
    b: &Builder,
    table: &QualifiedName,
    condition: &str,
    visited: &mut Vec<QualifiedName>,
    out: &mut Vec<String>,
) {
    if visited.contains(table) || visited.len() > 8 {
        return;
    }
    visited.push(table.clone());
    for rel in b.snapshot.relations.values().filter(|r| r.name != *table) {
        for key in rel.constraints.iter().filter(|k| k.kind == ConstraintKind::ForeignKey) {
            let Some(foreign) = key.foreign.as_ref().filter(|f| f.table == *table) else { continue };
            let rows = format!(
                "({}) IN (SELECT {} FROM {} WHERE {condition})",
                column_list(&key.columns),
                column_list(&foreign.columns),
                quote_qualified(table)
            );
            match foreign.on_delete {
                FkAction::NoAction | FkAction::Restrict => {
                    delete_references(b, &rel.name, &rows, visited, out);
                    out.push(format!("DELETE FROM {} WHERE {rows};", quote_qualified(&rel.name)));
                }
                FkAction::Cascade => delete_references(b, &rel.name, &rows, visited, out),
                FkAction::SetNull | FkAction::SetDefault => {}
            }
        }
    }
    visited.pop();
}

/// The two ways out the story's guide offered, as commented SQL with counts,
/// each runnable as printed once uncommented.
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

    let mut option_a = Vec::new();
    delete_references(b, table, &predicate, &mut Vec::new(), &mut option_a);
    let mut out = vec![format!(
        "Option A: delete the {invalid} row(s) whose {column} will not convert{}:",
        if option_a.is_empty() { "" } else { ", and first what references them without ON DELETE CASCADE" }
    )];
    out.extend(option_a);
    out.push(format!("DELETE FROM {t} WHERE {predicate};"));

    if to.name == "uuid" {
        let refs = referencing(b, table, column);
        let mut keys: Vec<&Referencing> = Vec::new();
        for r in &refs {
            if !keys.iter().any(|k| k.table == r.table && k.key.name == r.key.name) {
                keys.push(r);
            }
        }
        out.push(format!(
            "Option B: give those {invalid} row(s) new ids and update every reference to them (run it whole):"
        ));
        out.push("BEGIN;".into());
        out.push(format!(
            "CREATE TEMPORARY TABLE pgconform_new_ids ON COMMIT DROP AS\n    SELECT d.old_id, gen_random_uuid()::text AS new_id\n    FROM (SELECT DISTINCT {col} AS old_id FROM {t} WHERE {predicate}) AS d;"
        ));
        for k in &keys {
            out.push(format!(
                "{};",
                alter_table(&k.table, &format!("DROP CONSTRAINT {}", quote_ident(&k.key.name)))
            ));
        }
        let mut updated: Vec<(&QualifiedName, &str)> = Vec::new();
        for r in &refs {
            if updated.contains(&(&r.table, r.column.as_str())) {
                continue;
            }
            updated.push((&r.table, r.column.as_str()));
            out.push(map_ids(&r.table, &r.column));
        }
        out.push(map_ids(table, column));
        for k in &keys {
            out.push(format!(
                "{};",
                alter_table(
                    &k.table,
                    &format!("ADD CONSTRAINT {} {}", quote_ident(&k.key.name), k.key.definition)
                )
            ));
        }
        out.push("COMMIT;".into());
    }
    super::planner::commented(&out)
}

/// `UPDATE <table> SET <column> = new id` for the rows holding an old one.
fn map_ids(table: &QualifiedName, column: &str) -> String {
    let c = quote_ident(column);
    format!(
        "UPDATE {} AS r SET {c} = m.new_id FROM pgconform_new_ids AS m WHERE r.{c} = m.old_id;",
        quote_qualified(table)
    )
}

/// The condition (over the text value `s.v`) that marks a value of `column`
/// that will not convert to `to`, when the server can tell.
fn invalid_condition(b: &Builder, table: &QualifiedName, column: &str, to: &TypeName) -> Option<String> {
    let source = b.snapshot.relations.get(table)?.column(column)?.type_display.clone();
    crate::catalog::conversion::invalid_condition(&source, &to.to_string(), b.snapshot.server_version_num)
        .ok()
}

/// The DO block that re-counts at run time the values that will not convert.
/// Where the plan found some already, it says so; otherwise the data changed.
fn runtime_guard(b: &Builder, table: &QualifiedName, column: &str, to: &TypeName) -> Option<String> {
    let condition = invalid_condition(b, table, column, to)?;
    let col = quote_ident(column);
    let values = format!(
        "(SELECT ({col})::pg_catalog.text COLLATE \"C\" AS v FROM {} WHERE {col} IS NOT NULL) AS s",
        quote_qualified(table)
    );
    let question =
        Conversion { table: table.clone(), column: column.to_string(), target_type: to.to_string() };
    let flagged = matches!(b.snapshot.answers.conversions.get(&question), Some(Ok(c)) if c.invalid > 0);
    let why = if flagged {
        "fix them first, see the options at the top of this script"
    } else {
        "the data changed since the plan was made"
    };
    Some(guard(
        &format!("{values} WHERE {condition}"),
        &format!("{{count}} values of {table}.{column} will not convert to {to}: {why}"),
    ))
}
