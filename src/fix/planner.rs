//! The pure planner: each failing finding's [`Repair`] becomes one or more
//! steps in its phase; type conversions carry their dependencies along
//! (see `convert`); destructive steps are withheld unless allowed.

use super::sql::{self as ddl, alter_table, backup_name, column_definition, column_list};
use super::{Blocker, FixOptions, Hazard, Phase, Plan, Step};
use crate::catalog::violation::parenthesized;
use crate::catalog::{ConstraintKind, QualifiedName, RelationKind, RoutineKind, Snapshot, Violation};
use crate::diff::preconditions::{describe, describe_clean, violations};
use crate::diff::{Finding, Repair, Status};
use crate::spec::{DatabaseSpec, ExtensionSpec, FunctionSpec, SqlSource, TableSpec};
use crate::sql::ident::{comment_on, quote_ident, quote_literal, quote_qualified};
use crate::sql::routine::routine_keyword;
use std::collections::{BTreeMap, BTreeSet};

/// Plans the repair of every failing finding of one database.
pub fn plan(db: &DatabaseSpec, snapshot: &Snapshot, findings: &[Finding], options: &FixOptions) -> Plan {
    let failing: Vec<(&Finding, &Repair)> = findings
        .iter()
        .filter(|f| f.status == Status::Fail)
        .filter_map(|f| f.repair.as_deref().map(|r| (f, r)))
        .collect();
    let mut b = Builder {
        plan: Plan { database: db.name.clone(), ..Plan::default() },
        db,
        snapshot,
        options,
        backed_up: BTreeSet::new(),
        migrations: BTreeSet::new(),
        held_migrations: held_migrations(snapshot, options, &failing),
        dropped_views: Vec::new(),
        wanted_views: Vec::new(),
        wanted_functions: Vec::new(),
    };
    super::convert::conversions(&mut b, &failing);
    for (f, repair) in &failing {
        b.repair(&f.id, repair);
    }
    for (ids, function) in std::mem::take(&mut b.wanted_functions) {
        b.function(&ids, &function);
    }
    super::views::plan_views(&mut b);
    b.drop_tables(&failing);
    // Stable: within a phase, steps keep the order they were planned in,
    // except that foreign keys come after the primary keys and unique
    // constraints of the phase (one may reference a key added to another table).
    // Partitions and inheritance children are created after their parents.
    let depths = super::structure::Depths::of(db);
    b.plan.steps.sort_by_key(|s| {
        (s.phase, depths.step(s), s.phase == Phase::Keys && s.title.starts_with("add foreign key"))
    });
    b.plan.steps = merge_identical(std::mem::take(&mut b.plan.steps));
    b.plan
}

/// For each `migrate:` script feeding a drop that is withheld (the column
/// holds data and destruction is not allowed), the columns whose drops hold
/// it back: a migration runs only together with the drops it feeds, so that
/// a later run with `--allow-destructive` does not run it a second time.
fn held_migrations(
    snapshot: &Snapshot,
    options: &FixOptions,
    failing: &[(&Finding, &Repair)],
) -> BTreeMap<String, Vec<String>> {
    let mut held: BTreeMap<String, Vec<String>> = BTreeMap::new();
    if options.allow_destructive {
        return held;
    }
    for (_, repair) in failing {
        if let Repair::DropColumn { table, column, migrate: Some(migrate) } = repair
            && snapshot.answers.column_values.get(&(table.clone(), column.clone())) != Some(&0)
        {
            held.entry(migrate.text.clone()).or_default().push(format!("{table}.{column}"));
        }
    }
    held
}

/// Two steps with the same SQL in the same phase (several findings of one
/// object asking for the same repair) become one, repairing all of them.
fn merge_identical(steps: Vec<Step>) -> Vec<Step> {
    let mut merged: Vec<Step> = Vec::with_capacity(steps.len());
    for step in steps {
        let same = merged.iter_mut().find(|s| {
            !step.sql.is_empty() && s.phase == step.phase && s.sql == step.sql && s.withheld == step.withheld
        });
        match same {
            Some(s) => {
                for id in step.repairs {
                    if !s.repairs.contains(&id) {
                        s.repairs.push(id);
                    }
                }
                for note in step.notes {
                    if !s.notes.contains(&note) {
                        s.notes.push(note);
                    }
                }
            }
            None => merged.push(step),
        }
    }
    merged
}

pub(super) struct Builder<'a> {
    pub plan: Plan,
    db: &'a DatabaseSpec,
    pub snapshot: &'a Snapshot,
    pub options: &'a FixOptions,
    backed_up: BTreeSet<QualifiedName>,
    /// Migration scripts already planned (one script may serve several columns).
    migrations: BTreeSet<String>,
    /// Migration scripts withheld with the drops they feed (see `held_migrations`).
    held_migrations: BTreeMap<String, Vec<String>>,
    /// Functions of the spec to create or replace, with every check id asking
    /// for it: one step per function however many of its expectations fail.
    wanted_functions: Vec<(Vec<String>, FunctionSpec)>,
    /// Views dropped so far, each after the views it reads; re-created by `views`.
    pub dropped_views: Vec<QualifiedName>,
    pub wanted_views: Vec<super::views::WantedView>,
}

impl Builder<'_> {
    pub fn step(
        &mut self,
        phase: Phase,
        title: impl Into<String>,
        repairs: &[&str],
        sql: Vec<String>,
    ) -> &mut Step {
        self.plan.steps.push(Step {
            phase,
            title: title.into(),
            repairs: repairs.iter().map(|r| r.to_string()).collect(),
            sql,
            hazards: Vec::new(),
            notes: Vec::new(),
            withheld: false,
        });
        self.plan.steps.last_mut().expect("just pushed")
    }

    pub fn block(&mut self, check: &str, reason: impl Into<String>, alternatives: Vec<String>) {
        self.plan.blockers.push(Blocker { check: check.to_string(), reason: reason.into(), alternatives });
    }

    /// `CREATE TABLE <table>_backup_<date> AS TABLE <table>`, once per table,
    /// before its data is rewritten or partly dropped.
    pub fn backup(&mut self, phase: Phase, table: &QualifiedName) {
        if !self.options.backup || !self.backed_up.insert(table.clone()) {
            return;
        }
        let backup = backup_name(table, &self.options.date);
        let sql = format!(
            "CREATE TABLE IF NOT EXISTS {} AS TABLE {}",
            quote_qualified(&backup),
            quote_qualified(table)
        );
        if !self.snapshot.relations.contains_key(&backup) {
            self.plan.backups.push(backup.clone());
        }
        let strict = self
            .db
            .schemas
            .iter()
            .find(|s| s.name == backup.schema)
            .filter(|s| s.strict && !s.ignores(&backup.name));
        let note = strict.map(|s| {
            format!(
                "strict schema {} needs ignore: [\"*_backup_*\"] in the spec to keep passing while this backup exists",
                s.name
            )
        });
        let step = self.step(phase, format!("back up {table} as {backup}"), &[], vec![sql]);
        step.notes.push("a copy of every row, kept until you drop it (--no-backup to skip)".into());
        step.notes.extend(note);
    }

    /// What the server counted of the rows that would keep `repair` from
    /// running: a blocker, with the ways out, where there are any; the notes
    /// for its step either way.
    fn measured(&mut self, id: &str, repair: &Repair) -> Vec<String> {
        let mut notes = Vec::new();
        for violation in violations(repair, self.snapshot) {
            match self.snapshot.answers.violations.get(&violation) {
                Some(Ok(count)) if count.rows > 0 => {
                    let reason = describe(&violation, count);
                    self.block(id, reason.clone(), ways_out(&violation));
                    notes.push(reason);
                }
                Some(Ok(_)) => notes.push(describe_clean(&violation)),
                Some(Err(e)) => notes.push(format!("could not be measured before the plan runs: {e}")),
                None => {}
            }
        }
        notes
    }

    fn repair(&mut self, id: &str, repair: &Repair) {
        match repair {
            Repair::CreateExtension(ext) => self.extension(id, ext),
            Repair::CreateSchema(name) => {
                let sql = format!("CREATE SCHEMA IF NOT EXISTS {}", quote_ident(name));
                self.step(Phase::Extensions, format!("create schema {name}"), &[id], vec![sql]);
            }
            Repair::CreateTable(table) => self.create_table(id, table),
            Repair::AddColumn { table, column } => {
                let Some(def) = column_definition(column) else {
                    return self.block(
                        id,
                        format!("{table}.{} has no type in the spec to create it with", column.name),
                        vec![],
                    );
                };
                let not_null = column.nullable.as_ref().is_some_and(|n| !n.value);
                let has_default = column.default.as_ref().is_some_and(|d| d.value.is_some())
                    || column.identity.as_ref().is_some_and(|i| i.value.is_some())
                    || column.generated.is_some()
                    || column.type_.as_ref().is_some_and(|t| t.value.is_serial());
                let rows = self.snapshot.answers.table_rows.get(table).copied();
                if not_null && !has_default && rows != Some(0) {
                    return self.block(
                        id,
                        format!(
                            "{table}.{} is NOT NULL without a default and {table} holds {}: cannot fix automatically",
                            column.name,
                            rows.map_or("rows".to_string(), |n| format!("{n} row(s)"))
                        ),
                        vec![
                            format!("-- give it a default in the spec, or add it nullable, fill it, then set NOT NULL:"),
                            format!("-- {};", alter_table(table, &format!("ADD COLUMN {}", def.replace(" NOT NULL", "")))),
                            format!("-- UPDATE {} SET {} = …;", quote_qualified(table), quote_ident(&column.name)),
                            format!("-- {};", alter_table(table, &format!("ALTER COLUMN {} SET NOT NULL", quote_ident(&column.name)))),
                        ],
                    );
                }
                self.step(
                    Phase::Columns,
                    format!("add column {table}.{}", column.name),
                    &[id],
                    vec![alter_table(table, &format!("ADD COLUMN {def}"))],
                );
            }
            // Planned with their dependencies by `convert`.
            Repair::ChangeType { .. } => {}
            Repair::SetNullable { table, column, nullable } => {
                let col = quote_ident(column);
                if *nullable {
                    let sql = alter_table(table, &format!("ALTER COLUMN {col} DROP NOT NULL"));
                    self.step(Phase::Columns, format!("allow NULL in {table}.{column}"), &[id], vec![sql]);
                } else {
                    let guard = guard(
                        &format!("{} WHERE {col} IS NULL", quote_qualified(table)),
                        &format!(
                            "{{count}} rows of {table}.{column} are NULL: fill them before it can be NOT NULL"
                        ),
                    );
                    let sql = alter_table(table, &format!("ALTER COLUMN {col} SET NOT NULL"));
                    let notes = self.measured(id, repair);
                    let step = self.step(
                        Phase::Columns,
                        format!("make {table}.{column} NOT NULL"),
                        &[id],
                        vec![guard, sql],
                    );
                    step.hazards.push(Hazard::LongLock);
                    step.notes = notes;
                }
            }
            Repair::SetDefault { table, column, default } => {
                let col = quote_ident(column);
                let sql = match default {
                    Some(expr) => alter_table(table, &format!("ALTER COLUMN {col} SET DEFAULT {expr}")),
                    None => alter_table(table, &format!("ALTER COLUMN {col} DROP DEFAULT")),
                };
                self.step(Phase::Columns, format!("set the default of {table}.{column}"), &[id], vec![sql]);
            }
            Repair::SetIdentity { table, column, identity } => self.identity(id, table, column, *identity),
            Repair::SetCollation { table, column, collation } => {
                // The spec's type when it declares one: a conversion planned
                // earlier may change it, and this statement must not undo that.
                let declared = self
                    .db
                    .schemas
                    .iter()
                    .flat_map(|s| &s.tables)
                    .find(|t| t.name == *table)
                    .and_then(|t| t.column(column))
                    .and_then(|c| c.type_.as_ref())
                    .filter(|t| !t.value.is_serial())
                    .map(|t| ddl::type_sql(&t.value));
                let Some(type_) = declared.or_else(|| self.column_type(table, column)) else { return };
                let sql = alter_table(
                    table,
                    &format!(
                        "ALTER COLUMN {} TYPE {type_} COLLATE {}",
                        quote_ident(column),
                        quote_ident(collation)
                    ),
                );
                let step = self.step(
                    Phase::Columns,
                    format!("set the collation of {table}.{column}"),
                    &[id],
                    vec![sql],
                );
                step.hazards.extend([Hazard::TableRewrite, Hazard::LongLock]);
            }
            Repair::SetPrimaryKey { table, columns, existing } => {
                let mut sql = Vec::new();
                if let Some(name) = existing {
                    sql.push(alter_table(table, &format!("DROP CONSTRAINT {}", quote_ident(name))));
                }
                sql.push(alter_table(table, &format!("ADD PRIMARY KEY ({})", column_list(columns))));
                let notes = self.measured(id, repair);
                let step = self.step(Phase::Keys, format!("set the primary key of {table}"), &[id], sql);
                step.hazards.extend([Hazard::IndexBuild, Hazard::LongLock]);
                step.notes = notes;
            }
            Repair::AddUnique { table, unique } => {
                let sql = alter_table(table, &format!("ADD {}", ddl::unique_clause(unique)));
                let notes = self.measured(id, repair);
                let step = self.step(
                    Phase::Keys,
                    format!("add unique ({}) to {table}", unique.columns.join(", ")),
                    &[id],
                    vec![sql],
                );
                step.hazards.push(Hazard::IndexBuild);
                step.notes = notes;
            }
            Repair::AddForeignKey { table, key, replace } => {
                let mut sql = drop_constraint(table, replace.as_ref());
                sql.push(alter_table(table, &format!("ADD {}", ddl::foreign_key_clause(key))));
                self.step(Phase::Keys, format!("add foreign key {table}{}", key.describe()), &[id], sql);
            }
            Repair::AddCheck { table, check, replace } => {
                let mut sql = drop_constraint(table, replace.as_ref());
                sql.push(guard(
                    &format!("{} WHERE NOT {}", quote_qualified(table), parenthesized(&check.expression)),
                    &format!(
                        "{{count}} rows of {table} violate CHECK ({}): mend them first",
                        check.expression
                    ),
                ));
                sql.push(alter_table(table, &format!("ADD {}", ddl::check_clause(check))));
                let notes = self.measured(id, repair);
                let step = self.step(
                    Phase::Keys,
                    format!("add check ({}) to {table}", check.expression),
                    &[id],
                    sql,
                );
                step.notes = notes;
            }
            Repair::CreateIndex { table, index, replace } => {
                let mut sql = Vec::new();
                if let Some(name) = replace {
                    sql.push(format!(
                        "DROP INDEX {}",
                        quote_qualified(&QualifiedName::new(&table.schema, name))
                    ));
                }
                sql.push(ddl::create_index(table, index));
                let notes = self.measured(id, repair);
                let step = self.step(Phase::Keys, format!("create an index on {table}"), &[id], sql);
                step.hazards.push(Hazard::IndexBuild);
                step.notes = notes;
            }
            Repair::CreateTrigger { table, trigger, replace } => {
                let Some(create) = ddl::create_trigger(table, trigger) else {
                    return self.block(
                        id,
                        format!(
                            "trigger {} needs timing, events and function in the spec to be created",
                            trigger.name
                        ),
                        vec![],
                    );
                };
                let mut sql = Vec::new();
                if *replace {
                    sql.push(format!(
                        "DROP TRIGGER IF EXISTS {} ON {}",
                        quote_ident(&trigger.name),
                        quote_qualified(table)
                    ));
                }
                sql.push(create);
                if trigger.enabled == Some(false) {
                    sql.push(alter_table(table, &format!("DISABLE TRIGGER {}", quote_ident(&trigger.name))));
                }
                self.step(Phase::Triggers, format!("create trigger {} on {table}", trigger.name), &[id], sql);
            }
            Repair::CreateFunction(function) => {
                match self
                    .wanted_functions
                    .iter_mut()
                    .find(|(_, f)| f.name == function.name && f.argument_types == function.argument_types)
                {
                    Some((ids, _)) => ids.push(id.to_string()),
                    None => self.wanted_functions.push((vec![id.to_string()], function.clone())),
                }
            }
            Repair::CreateView { view, replace } => self.want_view(id, view, *replace),
            Repair::Sql(sql) => match &sql.blocked {
                None => {
                    self.step(sql.phase, sql.title.clone(), &[id], sql.statements.clone());
                }
                Some(reason) => {
                    let commented = sql.statements.iter().map(|s| format!("-- {s};")).collect();
                    self.block(id, reason.clone(), commented);
                }
            },
            // All tables to drop go in one statement, see `drop_tables`.
            Repair::DropTable(_) => {}
            Repair::DropSequence(name) => super::sequences::drop_sequence(self, id, name),
            Repair::DropColumn { table, column, migrate } => {
                self.drop_column(id, table, column, migrate.as_ref())
            }
            Repair::DropView { view, kind } => {
                self.drop_dependents(view, None, &[], false);
                let sql = format!("DROP {} IF EXISTS {}", kind.sql_keyword(), quote_qualified(view));
                self.step(Phase::Drops, format!("drop {} {view}", kind.describe()), &[id], vec![sql]);
            }
            Repair::DropFunctions { function, overloads } => {
                let sql = overloads
                    .iter()
                    .map(|(args, procedure)| {
                        let kind = routine_keyword(*procedure);
                        format!("DROP {kind} {}({args})", quote_qualified(function))
                    })
                    .collect();
                self.step(Phase::Drops, format!("drop {function}"), &[id], sql);
            }
            Repair::Manual(reason) => self.block(id, reason.clone(), vec![]),
        }
    }

    fn extension(&mut self, id: &str, ext: &ExtensionSpec) {
        let installed = self.snapshot.extensions.iter().find(|e| e.name == ext.name);
        let mut sql = Vec::new();
        match installed {
            None => {
                let mut create = format!("CREATE EXTENSION IF NOT EXISTS {}", quote_ident(&ext.name));
                if let Some(schema) = &ext.schema {
                    create.push_str(&format!(" WITH SCHEMA {}", quote_ident(schema)));
                }
                if let Some(version) = &ext.version {
                    create.push_str(&format!(" VERSION {}", quote_literal(version)));
                }
                sql.push(create);
            }
            Some(found) => {
                if let Some(schema) = ext.schema.as_ref().filter(|s| **s != found.schema) {
                    sql.push(format!(
                        "ALTER EXTENSION {} SET SCHEMA {}",
                        quote_ident(&ext.name),
                        quote_ident(schema)
                    ));
                }
                if let Some(version) = ext.version.as_ref().filter(|v| **v != found.version) {
                    sql.push(format!(
                        "ALTER EXTENSION {} UPDATE TO {}",
                        quote_ident(&ext.name),
                        quote_literal(version)
                    ));
                }
            }
        }
        self.step(Phase::Extensions, format!("extension {}", ext.name), &[id], sql);
    }

    fn create_table(&mut self, id: &str, table: &TableSpec) {
        let mut parts = Vec::new();
        // A partition takes its columns from its parent.
        for column in table.columns.iter().flatten().filter(|_| table.partition_of.is_none()) {
            match column_definition(column) {
                Some(def) => parts.push(def),
                None => {
                    return self.block(
                        id,
                        format!("{}.{} has no type in the spec to create it with", table.name, column.name),
                        vec![],
                    );
                }
            }
        }
        if let Some(pk) = &table.primary_key {
            parts.push(format!("PRIMARY KEY ({})", column_list(&pk.value)));
        }
        parts.extend(table.unique.iter().map(ddl::unique_clause));
        parts.extend(table.checks.iter().map(ddl::check_clause));
        parts.extend(table.exclusions.iter().map(crate::diff::structure::exclusion_clause));
        let body =
            if parts.is_empty() { String::new() } else { format!("\n    {}\n", parts.join(",\n    ")) };
        let sql = super::structure::create_table_statement(table, &body);
        self.step(Phase::Tables, format!("create table {}", table.name), &[id], vec![sql]);
        for key in &table.foreign_keys {
            let sql = alter_table(&table.name, &format!("ADD {}", ddl::foreign_key_clause(key)));
            self.step(
                Phase::Keys,
                format!("add foreign key {}{}", table.name, key.describe()),
                &[id],
                vec![sql],
            );
        }
        for index in &table.indexes {
            let sql = ddl::create_index(&table.name, index);
            self.step(Phase::Keys, format!("create an index on {}", table.name), &[id], vec![sql]);
        }
        for trigger in &table.triggers {
            match ddl::create_trigger(&table.name, trigger) {
                Some(sql) => {
                    let mut sql = vec![sql];
                    if trigger.enabled == Some(false) {
                        sql.push(alter_table(
                            &table.name,
                            &format!("DISABLE TRIGGER {}", quote_ident(&trigger.name)),
                        ));
                    }
                    self.step(
                        Phase::Triggers,
                        format!("create trigger {} on {}", trigger.name, table.name),
                        &[id],
                        sql,
                    );
                }
                None => self.block(
                    id,
                    format!(
                        "trigger {} needs timing, events and function in the spec to be created",
                        trigger.name
                    ),
                    vec![],
                ),
            }
        }
        // Row level security, policies and grants, once the table exists.
        for access in crate::diff::access::create_table_repairs(table, self.snapshot) {
            self.repair(id, &Repair::Sql(access));
        }
    }

    fn column_type(&self, table: &QualifiedName, column: &str) -> Option<String> {
        Some(self.snapshot.relations.get(table)?.column(column)?.type_display.clone())
    }

    fn identity(
        &mut self,
        id: &str,
        table: &QualifiedName,
        column: &str,
        identity: Option<crate::catalog::Identity>,
    ) {
        let col = quote_ident(column);
        let current = self.snapshot.relations.get(table).and_then(|r| r.column(column));
        let mut sql = Vec::new();
        match (identity, current.and_then(|c| c.identity)) {
            (None, _) => sql.push(alter_table(table, &format!("ALTER COLUMN {col} DROP IDENTITY IF EXISTS"))),
            (Some(kind), Some(_)) => sql.push(alter_table(
                table,
                &format!("ALTER COLUMN {col} SET GENERATED {}", ddl::identity_word(kind)),
            )),
            (Some(kind), None) => {
                let had_default = current.is_some_and(|c| c.default.is_some());
                if had_default {
                    sql.push(alter_table(table, &format!("ALTER COLUMN {col} DROP DEFAULT")));
                    // A serial's own sequence would outlive it, unused.
                    sql.push(drop_owned_sequences(table, column));
                }
                sql.push(alter_table(table, &format!("ALTER COLUMN {col} SET NOT NULL")));
                sql.push(alter_table(
                    table,
                    &format!("ALTER COLUMN {col} ADD GENERATED {} AS IDENTITY", ddl::identity_word(kind)),
                ));
                // The new sequence starts after the values already there.
                sql.push(format!(
                    "DO $pgconform$\nBEGIN\n    EXECUTE format('ALTER TABLE %s ALTER COLUMN %I RESTART WITH %s', {}, {}, (SELECT coalesce(max({col}), 0) + 1 FROM {}));\nEND\n$pgconform$",
                    quote_literal(&quote_qualified(table)),
                    quote_literal(column),
                    quote_qualified(table)
                ));
            }
        }
        self.step(Phase::Columns, format!("set the identity of {table}.{column}"), &[id], sql);
    }

    fn function(&mut self, ids: &[String], function: &FunctionSpec) {
        let Some(definition) = &function.definition else { return };
        let mut sql = Vec::new();
        let existing = crate::diff::find_function(self.snapshot, &function.name, &function.argument_types);
        if let Some(found) = existing {
            // CREATE OR REPLACE cannot change a result type or turn a function
            // into a procedure: those need the old one dropped.
            let declared = crate::sql::routine::parse_create_routine(&definition.text).ok();
            let result_changes = declared
                .as_ref()
                .and_then(|d| d.returns.as_deref())
                .is_some_and(|r| !found.result.as_deref().is_some_and(|a| crate::diff::same_result(r, a)));
            if result_changes || (found.kind == RoutineKind::Procedure) != function.procedure {
                let kind = routine_keyword(found.kind == RoutineKind::Procedure);
                sql.push(format!(
                    "DROP {kind} {}({})",
                    quote_qualified(&found.name),
                    found.identity_arguments
                ));
            }
        }
        sql.push(or_replace(definition));
        // A dropped function loses its comment: the declared one, or the one it had.
        if sql.first().is_some_and(|s| s.starts_with("DROP "))
            && let Some(found) = existing
            && let Some(comment) = crate::diff::kept_function_comment(
                self.snapshot,
                function,
                &found.name,
                &found.argument_types,
            )
        {
            let kind = routine_keyword(function.procedure);
            sql.push(comment_on(
                &format!("{kind} {}({})", quote_qualified(&found.name), found.identity_arguments),
                Some(&comment),
            ));
        }
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        self.step(Phase::Functions, format!("create or replace {}", function.signature), &ids, sql);
    }

    fn drop_column(&mut self, id: &str, table: &QualifiedName, column: &str, migrate: Option<&SqlSource>) {
        let held_by = migrate.and_then(|m| self.held_migrations.get(&m.text)).cloned();
        if let Some(migrate) = migrate
            && self.migrations.insert(migrate.text.clone())
        {
            let from = migrate
                .file
                .as_ref()
                .map_or("the spec's migrate SQL".to_string(), |f| f.display().to_string());
            let step = self.step(
                Phase::DataMigrations,
                format!("run {from}"),
                &[id],
                vec![migrate.text.trim().trim_end_matches(';').to_string()],
            );
            step.notes.push(format!("carries {table}.{column} over before it is dropped"));
            if let Some(drops) = &held_by {
                step.withheld = true;
                step.notes.push(format!(
                    "withheld with the drop of {} it feeds: a migration runs only together with its drop, so that it never runs twice",
                    drops.join(", ")
                ));
            }
        }
        let values = self.snapshot.answers.column_values.get(&(table.clone(), column.to_string())).copied();
        let destructive = values != Some(0);
        if destructive {
            self.backup(Phase::Drops, table);
        }
        let withheld = (destructive && !self.options.allow_destructive) || held_by.is_some();
        self.drop_dependents(table, Some(column), &[], withheld);
        let sql = alter_table(table, &format!("DROP COLUMN {}", quote_ident(column)));
        let step = self.step(Phase::Drops, format!("drop column {table}.{column}"), &[id], vec![sql]);
        step.withheld = withheld;
        if withheld && !destructive {
            step.notes.push("withheld with the migration it runs after".into());
        }
        if destructive {
            step.hazards.push(Hazard::DataLoss);
            step.notes.push(match values {
                Some(n) => format!("{n} row(s) hold a value"),
                None => "whether it holds values is unknown".into(),
            });
        }
    }

    /// Drops what would keep `relation` (or its `column`) from being dropped:
    /// foreign keys of other tables referencing it (their rows stay), and the
    /// views reading it, which cannot outlive what they read. Tables in
    /// `together` go in the same statement, so their keys need no step.
    fn drop_dependents(
        &mut self,
        relation: &QualifiedName,
        column: Option<&str>,
        together: &[&QualifiedName],
        withheld: bool,
    ) {
        let snapshot = self.snapshot;
        let mut sql = Vec::new();
        let mut notes = Vec::new();
        let views = match column {
            Some(column) => snapshot.dependent_views(relation, column),
            None => snapshot.views_reading(relation),
        };
        for view in views.iter().rev() {
            let kind = snapshot.relations.get(view).map_or(RelationKind::View, |r| r.kind);
            sql.push(format!("DROP {} IF EXISTS {}", kind.sql_keyword(), quote_qualified(view)));
            notes.push(format!("{} {view} reads it", kind.describe()));
        }
        for rel in snapshot.relations.values().filter(|r| !together.contains(&&r.name)) {
            for key in rel.constraints.iter().filter(|c| c.kind == ConstraintKind::ForeignKey) {
                let Some(target) = key.foreign.as_ref().filter(|t| t.table == *relation) else { continue };
                let blocks = match column {
                    // A key on the dropped column itself goes with it.
                    Some(c) => {
                        target.columns.iter().any(|t| t == c)
                            && !(rel.name == *relation && key.columns.iter().any(|k| k == c))
                    }
                    None => rel.name != *relation,
                };
                if blocks {
                    sql.push(alter_table(
                        &rel.name,
                        &format!("DROP CONSTRAINT IF EXISTS {}", quote_ident(&key.name)),
                    ));
                    notes.push(format!(
                        "foreign key {} on {} references it (its rows stay)",
                        key.name, rel.name
                    ));
                }
            }
        }
        if sql.is_empty() {
            return;
        }
        let what = column.map_or(relation.to_string(), |c| format!("{relation}.{c}"));
        let step = self.step(Phase::Drops, format!("drop what depends on {what}"), &[], sql);
        step.notes = notes;
        step.withheld = withheld;
    }

    /// One `DROP TABLE` for every table to drop (so foreign keys among them
    /// do not matter), and a withheld one for those holding rows unless allowed.
    fn drop_tables(&mut self, failing: &[(&Finding, &Repair)]) {
        let mut safe = Vec::new();
        let mut holding = Vec::new();
        for (f, repair) in failing {
            if let Repair::DropTable(table) = repair {
                match self.snapshot.answers.table_rows.get(table) {
                    Some(0) => safe.push((f.id.as_str(), table, 0)),
                    rows => holding.push((f.id.as_str(), table, rows.copied().unwrap_or(-1))),
                }
            }
        }
        let allow = self.options.allow_destructive;
        let groups: Vec<(Vec<_>, bool)> = if allow {
            vec![([safe, holding].concat(), false)]
        } else {
            vec![(safe, false), (holding, true)]
        };
        for (tables, withheld) in groups.into_iter().filter(|(t, _)| !t.is_empty()) {
            let ids: Vec<&str> = tables.iter().map(|(id, _, _)| *id).collect();
            let names: Vec<String> = tables.iter().map(|(_, t, _)| quote_qualified(t)).collect();
            let notes: Vec<String> = tables
                .iter()
                .filter(|(_, _, rows)| *rows != 0)
                .map(|(_, t, rows)| match rows {
                    -1 => format!("{t}: whether it holds rows is unknown"),
                    n => format!("{t} holds {n} row(s)"),
                })
                .collect();
            let title = format!(
                "drop {}",
                tables.iter().map(|(_, t, _)| t.to_string()).collect::<Vec<_>>().join(", ")
            );
            let together: Vec<&QualifiedName> = tables.iter().map(|(_, t, _)| *t).collect();
            for table in &together {
                self.drop_dependents(table, None, &together, withheld);
            }
            let step = self.step(Phase::Drops, title, &ids, vec![format!("DROP TABLE {}", names.join(", "))]);
            step.withheld = withheld;
            if !notes.is_empty() {
                step.hazards.push(Hazard::DataLoss);
                step.notes = notes;
            }
        }
    }
}

/// The ways out of rows that would keep a constraint from being added, as
/// commented SQL (every line commented, whatever the expressions hold).
fn ways_out(violation: &Violation) -> Vec<String> {
    let t = quote_qualified(violation.table());
    let condition = violation.condition();
    let lines = match violation {
        Violation::Null { column, .. } => {
            let c = quote_ident(column);
            vec![
                "Either give them a value:".to_string(),
                format!("UPDATE {t} SET {c} = <value> WHERE {c} IS NULL;"),
                "or delete those rows (and, first, what references them):".to_string(),
                format!("DELETE FROM {t} WHERE {c} IS NULL;"),
            ]
        }
        Violation::Check { .. } => vec![
            "List them, then change them so that they satisfy it:".to_string(),
            format!("SELECT * FROM {t} WHERE {condition};"),
            "or delete them (and, first, what references them):".to_string(),
            format!("DELETE FROM {t} WHERE {condition};"),
        ],
        Violation::Duplicate { keys, .. } => {
            let keys = keys.join(", ");
            vec![
                "List them, then change or delete all but one of each:".to_string(),
                format!(
                    "SELECT {keys}, count(*) FROM {t} WHERE {condition} GROUP BY {keys} HAVING count(*) > 1;"
                ),
                "or keep the first row of each (in physical order) and delete the others:".to_string(),
                format!(
                    "DELETE FROM {t} WHERE ctid IN (SELECT d.ctid FROM (SELECT ctid, row_number() OVER (PARTITION BY {keys} ORDER BY ctid) AS n FROM {t} WHERE {condition}) AS d WHERE d.n > 1);"
                ),
            ]
        }
    };
    commented(&lines)
}

/// Every line of `lines` as an SQL comment.
pub(super) fn commented(lines: &[String]) -> Vec<String> {
    lines.iter().flat_map(|l| l.lines().map(|line| format!("-- {line}")).collect::<Vec<_>>()).collect()
}

/// Drops the sequences owned by `table.column` (`OWNED BY`, as `serial`
/// makes them) that no default uses any more.
fn drop_owned_sequences(table: &QualifiedName, column: &str) -> String {
    let table = quote_literal(&quote_qualified(table));
    format!(
        "DO $pgconform$\nDECLARE seq regclass;\nBEGIN\n    FOR seq IN\n        SELECT d.objid::regclass FROM pg_catalog.pg_depend d\n        JOIN pg_catalog.pg_class c ON c.oid = d.objid AND c.relkind = 'S'\n        JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid\n        WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass\n          AND d.deptype = 'a' AND d.refobjid = {table}::regclass AND a.attname = {}\n          AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend u\n                          WHERE u.refobjid = d.objid AND u.classid = 'pg_catalog.pg_attrdef'::regclass)\n    LOOP\n        EXECUTE format('DROP SEQUENCE %s', seq);\n    END LOOP;\nEND\n$pgconform$",
        quote_literal(column)
    )
}

fn drop_constraint(table: &QualifiedName, name: Option<&String>) -> Vec<String> {
    // IF EXISTS: a type conversion may have dropped it already.
    name.map(|n| alter_table(table, &format!("DROP CONSTRAINT IF EXISTS {}", quote_ident(n))))
        .into_iter()
        .collect()
}

/// A definition as written, made re-runnable: `CREATE FUNCTION` becomes
/// `CREATE OR REPLACE FUNCTION` (likewise for procedures).
pub(super) fn or_replace(definition: &SqlSource) -> String {
    let text = definition.text.trim().trim_end_matches(';').trim_end();
    let Ok(tokens) = crate::sql::lexer::tokenize(text) else { return text.to_string() };
    let words: Vec<_> = tokens.iter().filter(|t| !t.is_trivia()).take(3).collect();
    if words.len() >= 2 && words[0].is_word("create") && !words[1].is_word("or") {
        let at = words[1].offset_in(text);
        return format!("{}OR REPLACE {}", &text[..at], &text[at..]);
    }
    text.to_string()
}

/// A DO block that counts the rows of `from_where` (`<table> WHERE …`) and
/// raises `message` when there are any (`{count}` in it stands for their
/// number): the script re-checks at run time what the plan measured, so it
/// aborts on data that changed since instead of carrying on.
pub(super) fn guard(from_where: &str, message: &str) -> String {
    let message = message.replace('%', "%%").replace("{count}", "%");
    format!(
        "DO $pgconform$\nDECLARE found bigint;\nBEGIN\n    SELECT count(*) INTO found FROM {from_where};\n    IF found > 0 THEN\n        RAISE EXCEPTION {}, found;\n    END IF;\nEND\n$pgconform$",
        quote_literal(&message)
    )
}
