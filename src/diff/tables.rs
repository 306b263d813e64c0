//! Tables and what hangs on them: columns, keys, checks, indexes, triggers.

use super::repairs::{self, on_fail};
use super::{Context, ask_pair};
use crate::catalog::{
    CanonicalQuestion, ConstraintKind, Conversion, ConversionCount, Identity, IndexKey, Questions, Relation,
    Snapshot, TriggerEvent, TriggerTiming,
};
use crate::diff::{CheckKind, Finding, Repair, Status};
use crate::spec::{
    CheckSpec, ColumnSpec, ExtensionSpec, ForeignKeySpec, IndexColumn, IndexSpec, SchemaSpec, TableSpec,
    TriggerSpec, UniqueSpec,
};
use crate::types::parse_type;

pub fn extension(cx: &Context, ext: &ExtensionSpec) -> Finding {
    on_fail(extension_finding(cx, ext), || Repair::CreateExtension(ext.clone()))
}

fn extension_finding(cx: &Context, ext: &ExtensionSpec) -> Finding {
    let found = cx.snapshot.extensions.iter().find(|e| e.name == ext.name);
    let f = cx.finding(CheckKind::Extension, &ext.name, Status::Pass).at(ext.at);
    let Some(found) = found else {
        return f
            .fail()
            .message(format!("extension {} is not installed", ext.name))
            .expected("installed")
            .actual("missing");
    };
    if let Some(schema) = ext.schema.as_ref().filter(|s| **s != found.schema) {
        return f
            .fail()
            .message(format!(
                "extension {} is installed in schema {}, expected {schema}",
                ext.name, found.schema
            ))
            .expected(format!("schema {schema}"))
            .actual(format!("schema {}", found.schema));
    }
    if let Some(version) = ext.version.as_ref().filter(|v| **v != found.version) {
        return f
            .fail()
            .message(format!("extension {} is at version {}, expected {version}", ext.name, found.version))
            .expected(version.clone())
            .actual(found.version.clone());
    }
    f.message(format!("extension {} {} is installed", ext.name, found.version))
}

pub fn schema_exists(cx: &Context, schema: &SchemaSpec) -> Finding {
    let exists = cx.snapshot.schemas.contains(&schema.name);
    let f = cx
        .finding(CheckKind::Schema, &schema.name, if exists { Status::Pass } else { Status::Fail })
        .at(schema.at);
    if exists {
        f.message(format!("schema {} exists", schema.name))
    } else {
        f.message(format!("schema {} does not exist", schema.name))
            .expected("exists")
            .actual("missing")
            .repair(Repair::CreateSchema(schema.name.clone()))
    }
}

pub fn table(cx: &Context, table: &TableSpec, out: &mut Vec<Finding>) {
    let object = table.name.to_string();
    let f = cx.finding(CheckKind::Table, &object, Status::Pass).at(table.at);
    let Some(rel) = cx.snapshot.relations.get(&table.name) else {
        let mut f = f
            .fail()
            .message(format!("table {object} does not exist"))
            .expected("table")
            .actual("missing")
            .repair(Repair::CreateTable(table.clone()));
        let pending = pending_expectations(table);
        if !pending.is_empty() {
            f = f.detail(format!("{pending} are checked once it exists"));
        }
        out.push(f);
        return;
    };
    if !rel.kind.is_table() {
        out.push(
            f.fail()
                .message(format!("{object} is a {}, not a table", rel.kind.describe()))
                .expected("table")
                .actual(rel.kind.describe())
                .repair(Repair::Manual(format!(
                    "{object} is a {}: decide whether the spec or the database is wrong; \
                     pgconform does not turn one kind of relation into another",
                    rel.kind.describe()
                ))),
        );
        return;
    }
    out.push(f.message(format!("{} {object} exists", rel.kind.describe())));
    super::structure::table(cx, table, rel, out);
    if let Some(columns) = &table.columns {
        for column in columns {
            let start = out.len();
            self::column(cx, rel, column, out);
            repairs::column(&mut out[start..], rel, column);
        }
    }
    if let Some(pk) = &table.primary_key {
        out.push(repairs::primary_key(primary_key(cx, rel, &pk.value, pk.at), rel, &pk.value));
    }
    for unique in &table.unique {
        let repair = || super::structure::unique_repair(rel, unique);
        out.push(on_fail(self::unique(cx, rel, unique), repair));
    }
    for fk in &table.foreign_keys {
        out.push(repairs::foreign_key(foreign_key(cx, rel, fk), rel, fk));
    }
    for check in &table.checks {
        out.push(repairs::check(self::check(cx, rel, check), rel, check));
    }
    for index in &table.indexes {
        out.push(repairs::index(self::index(cx, rel, index), rel, index));
    }
    for trigger in &table.triggers {
        let replace = rel.triggers.iter().any(|t| t.name == trigger.name);
        let repair = || Repair::CreateTrigger { table: rel.name.clone(), trigger: trigger.clone(), replace };
        out.push(on_fail(self::trigger(cx, rel, trigger), repair));
    }
    super::absent::columns(cx, table, rel, out);
}

/// "3 columns, 1 foreign key" — what a missing table's line stands in for.
fn pending_expectations(table: &TableSpec) -> String {
    let counts = [
        (table.columns.as_ref().map_or(0, Vec::len), "column"),
        (usize::from(table.primary_key.is_some()), "primary key"),
        (table.unique.len(), "unique constraint"),
        (table.foreign_keys.len(), "foreign key"),
        (table.checks.len(), "check"),
        (table.indexes.len(), "index"),
        (table.triggers.len(), "trigger"),
    ];
    counts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| if *n == 1 { format!("1 {what}") } else { format!("{n} {}", plural(what)) })
        .collect::<Vec<_>>()
        .join(", ")
}

fn plural(word: &str) -> String {
    match word {
        "index" => "indexes".into(),
        w => format!("{w}s"),
    }
}

fn column(cx: &Context, rel: &Relation, spec: &ColumnSpec, out: &mut Vec<Finding>) {
    let object = format!("{}.{}", rel.name, spec.name);
    let Some(actual) = rel.column(&spec.name) else {
        let mut f = cx
            .finding(CheckKind::Column, &object, Status::Fail)
            .at(spec.at)
            .message(format!("column {object} does not exist"))
            .expected(spec.type_.as_ref().map_or("exists".to_string(), |t| t.value.to_string()))
            .actual("missing");
        if let Some(near) = rel.columns.iter().find(|c| c.name.eq_ignore_ascii_case(&spec.name)) {
            f = f.detail(format!("a column named \"{}\" exists (names are case-sensitive)", near.name));
        }
        out.push(f);
        return;
    };
    let nothing_else = spec.type_.is_none()
        && spec.nullable.is_none()
        && spec.default.is_none()
        && spec.identity.is_none()
        && spec.generated.is_none()
        && spec.collation.is_none();
    if nothing_else {
        out.push(
            cx.finding(CheckKind::Column, &object, Status::Pass)
                .at(spec.at)
                .message(format!("column {object} exists ({})", actual.type_display)),
        );
        return;
    }
    if let Some(expected) = &spec.type_ {
        let matches = parse_type(&actual.type_display).is_ok_and(|a| expected.matches(&a));
        let f = cx.finding(CheckKind::ColumnType, &object, Status::Pass).at(expected.at);
        out.push(if matches {
            f.message(format!("column {object} is {}", actual.type_display))
                .expected(expected.value.to_string())
                .actual(actual.type_display.clone())
        } else {
            let mut f = f
                .fail()
                .message(format!("column {object} is {}, expected {}", actual.type_display, expected.value))
                .expected(expected.value.to_string())
                .actual(actual.type_display.clone());
            if let Some(base) = &actual.domain_base {
                f = f.detail(format!("{} is a domain over {base}", actual.type_display));
            }
            let question = Conversion {
                table: rel.name.clone(),
                column: spec.name.clone(),
                target_type: expected.value.to_string(),
            };
            if let Some(Ok(count)) = cx.snapshot.answers.conversions.get(&question) {
                f = f.detail(conversion_detail(&object, &expected.value, count));
            }
            f
        });
    }
    if let Some(nullable) = &spec.nullable {
        let actual_nullable = !actual.not_null;
        let word = |n: bool| if n { "nullable" } else { "not null" };
        let f = cx.finding(CheckKind::ColumnNullable, &object, Status::Pass).at(nullable.at);
        out.push(if actual_nullable == nullable.value {
            f.message(format!("column {object} is {}", word(actual_nullable)))
                .expected(word(nullable.value))
                .actual(word(actual_nullable))
        } else {
            f.fail()
                .message(format!(
                    "column {object} is {}, expected {}",
                    word(actual_nullable),
                    word(nullable.value)
                ))
                .expected(word(nullable.value))
                .actual(word(actual_nullable))
        });
    }
    if let Some(default) = &spec.default {
        out.push(column_default(cx, &object, actual, default));
    }
    if let Some(identity) = &spec.identity {
        let name = |i: Option<Identity>| match i {
            Some(Identity::Always) => "generated always as identity",
            Some(Identity::ByDefault) => "generated by default as identity",
            None => "not an identity column",
        };
        let f = cx.finding(CheckKind::ColumnIdentity, &object, Status::Pass).at(identity.at);
        out.push(if actual.identity == identity.value {
            f.message(format!("column {object} is {}", name(actual.identity)))
                .expected(name(identity.value))
                .actual(name(actual.identity))
        } else {
            f.fail()
                .message(format!(
                    "column {object} is {}, expected {}",
                    name(actual.identity),
                    name(identity.value)
                ))
                .expected(name(identity.value))
                .actual(name(actual.identity))
        });
    }
    if let Some(generated) = &spec.generated {
        let f = cx.finding(CheckKind::ColumnGenerated, &object, Status::Pass).at(generated.at);
        out.push(match (&actual.generated, &actual.default) {
            (Some(_), Some(expr)) => {
                let question = |e: &str| CanonicalQuestion::TableExpression {
                    table: rel.name.clone(),
                    expression: e.to_string(),
                };
                compare(
                    f,
                    cx.same_expression(question(&generated.value), question(expr)),
                    &generated.value,
                    expr,
                    format!("column {object} is generated as {expr}"),
                )
            }
            _ => f
                .fail()
                .message(format!("column {object} is not a generated column"))
                .expected(format!("generated always as ({})", generated.value))
                .actual("not generated"),
        });
    }
    if let Some(collation) = &spec.collation {
        let actual_collation = actual.collation.as_deref().unwrap_or("default");
        let f = cx.finding(CheckKind::Column, &object, Status::Pass).id_suffix("collation").at(collation.at);
        out.push(if actual_collation == collation.value {
            f.message(format!("column {object} uses collation {actual_collation}"))
                .expected(collation.value.clone())
                .actual(actual_collation)
        } else {
            f.fail()
                .message(format!(
                    "column {object} uses collation {actual_collation}, expected {}",
                    collation.value
                ))
                .expected(collation.value.clone())
                .actual(actual_collation)
        });
    }
}

fn column_default(
    cx: &Context,
    object: &str,
    actual: &crate::catalog::Column,
    default: &crate::location::Located<Option<String>>,
) -> Finding {
    let f = cx.finding(CheckKind::ColumnDefault, object, Status::Pass).at(default.at);
    let actual_default = if actual.generated.is_some() { None } else { actual.default.as_deref() };
    match (&default.value, actual_default) {
        (None, None) => {
            f.message(format!("column {object} has no default")).expected("no default").actual("no default")
        }
        (None, Some(a)) => f
            .fail()
            .message(format!("column {object} has default {a}, expected none"))
            .expected("no default")
            .actual(a),
        (Some(e), None) => f
            .fail()
            .message(format!("column {object} has no default, expected {e}"))
            .expected(e.clone())
            .actual("no default"),
        (Some(e), Some(a)) => {
            let question = |expression: &str| CanonicalQuestion::Default {
                expression: expression.to_string(),
                type_sql: actual.type_display.clone(),
            };
            compare(
                f,
                cx.same_expression(question(e), question(a)),
                e,
                a,
                format!("column {object} defaults to {a}"),
            )
        }
    }
}

/// Turns a canonical comparison into a pass (with `passed` as its message), a
/// fail, or a fail that carries the server's complaint.
fn compare(f: Finding, same: Result<bool, String>, expected: &str, actual: &str, passed: String) -> Finding {
    let what = f.object.clone();
    match same {
        Ok(true) => f.message(passed).expected(expected).actual(actual),
        Ok(false) => f
            .fail()
            .message(format!("{what}: {actual} differs from the expected {expected}"))
            .expected(expected)
            .actual(actual),
        Err(reason) if super::refused_for_privilege(&reason) => {
            f.skip(format!("the role may not read the table to compare ({reason})"))
        }
        Err(reason) => f
            .fail()
            .message(format!("{what}: cannot confirm {expected}"))
            .expected(expected)
            .actual(actual)
            .detail(reason),
    }
}

fn primary_key(cx: &Context, rel: &Relation, columns: &[String], at: crate::location::Location) -> Finding {
    let object = rel.name.to_string();
    let f = cx.finding(CheckKind::PrimaryKey, &object, Status::Pass).at(at);
    let expected = format!("({})", columns.join(", "));
    match rel.primary_key() {
        Some(pk) if pk.columns == columns => f
            .message(format!("{object} has primary key {expected}"))
            .actual(expected.clone())
            .expected(expected),
        Some(pk) => {
            let actual = format!("({})", pk.columns.join(", "));
            f.fail()
                .message(format!("{object} has primary key {actual}, expected {expected}"))
                .expected(expected)
                .actual(actual)
        }
        None => f
            .fail()
            .message(format!("{object} has no primary key, expected {expected}"))
            .expected(expected)
            .actual("no primary key"),
    }
}

fn unique(cx: &Context, rel: &Relation, spec: &UniqueSpec) -> Finding {
    let object = format!("{}({})", rel.name, spec.columns.join(", "));
    let f = cx.finding(CheckKind::Unique, &object, Status::Pass).at(spec.at);
    let same_set = |cols: &[String]| {
        let mut a = cols.to_vec();
        let mut b = spec.columns.clone();
        a.sort();
        b.sort();
        a == b
    };
    // A unique constraint, or a valid unique index without a predicate: both
    // enforce the same rule.
    let by_constraint = rel.constraints.iter().find(|c| {
        matches!(c.kind, ConstraintKind::Unique | ConstraintKind::PrimaryKey)
            && same_set(&c.columns)
            && spec.name.as_ref().is_none_or(|n| *n == c.name)
            && (c.kind == ConstraintKind::PrimaryKey
                || spec
                    .nulls_not_distinct
                    .is_none_or(|n| n == super::structure::constraint_nulls_not_distinct(&c.definition)))
    });
    let by_index = rel.indexes.iter().find(|i| {
        let cols: Option<Vec<String>> = i
            .keys
            .iter()
            .map(|k| match k {
                IndexKey::Column(c) => Some(c.clone()),
                IndexKey::Expression(_) => None,
            })
            .collect();
        i.unique
            && i.valid
            && i.predicate.is_none()
            && cols.is_some_and(|c| same_set(&c))
            && spec.name.as_ref().is_none_or(|n| *n == i.name)
            && spec.nulls_not_distinct.is_none_or(|n| n == i.nulls_not_distinct)
    });
    match (by_constraint, by_index) {
        (Some(c), _) => f.message(format!("{object} is unique ({})", c.name)),
        (None, Some(i)) => f.message(format!("{object} is unique (index {})", i.name)),
        (None, None) => f
            .fail()
            .message(match &spec.name {
                Some(name) => format!("no unique constraint {name} on {object}"),
                None => format!("no unique constraint or unique index on {object}"),
            })
            .expected("unique")
            .actual("not unique"),
    }
}

fn foreign_key(cx: &Context, rel: &Relation, spec: &ForeignKeySpec) -> Finding {
    let object = format!("{}{}", rel.name, spec.describe());
    let f = cx.finding(CheckKind::ForeignKey, &object, Status::Pass).at(spec.at);
    let expected = spec.describe();
    let candidates: Vec<_> = rel
        .constraints
        .iter()
        .filter(|c| c.kind == ConstraintKind::ForeignKey)
        .filter(|c| match &spec.name {
            Some(name) => c.name == *name,
            None => c.columns == spec.columns,
        })
        .collect();
    let target_matches = |c: &crate::catalog::Constraint| {
        c.foreign.as_ref().is_some_and(|t| {
            t.table == spec.references && t.columns == spec.referenced_columns && c.columns == spec.columns
        })
    };
    let Some(found) = candidates.iter().copied().find(|c| target_matches(c)) else {
        let mut f = f.fail().expected(expected.clone());
        if let Some(other) = candidates.first() {
            let t = other.foreign.as_ref();
            let actual = t.map_or(String::new(), |t| {
                format!("({}) → {}({})", other.columns.join(", "), t.table, t.columns.join(", "))
            });
            f = f
                .message(format!(
                    "foreign key {} on {} is {actual}, expected {expected}",
                    other.name, rel.name
                ))
                .actual(actual);
        } else {
            f = f.message(format!("foreign key {expected} on {} does not exist", rel.name)).actual("missing");
        }
        return type_obstacle(cx, rel, spec, f);
    };
    let t = found.foreign.as_ref().expect("matched on its target");
    let mut wrong = Vec::new();
    if let Some(action) = spec.on_delete.filter(|a| *a != t.on_delete) {
        wrong.push(format!("on delete {} (expected {})", t.on_delete.sql(), action.sql()));
    }
    if let Some(action) = spec.on_update.filter(|a| *a != t.on_update) {
        wrong.push(format!("on update {} (expected {})", t.on_update.sql(), action.sql()));
    }
    if let Some(full) = spec.match_full.filter(|m| *m != found.match_full) {
        let word = |f: bool| if f { "match full" } else { "match simple" };
        wrong.push(format!("{} (expected {})", word(found.match_full), word(full)));
    }
    if let Some(d) = spec.deferrable.filter(|d| *d != found.deferrable) {
        wrong.push(format!(
            "{}deferrable (expected {}deferrable)",
            if found.deferrable { "" } else { "not " },
            if d { "" } else { "not " }
        ));
    }
    if let Some(d) = spec.initially_deferred.filter(|d| *d != found.initially_deferred) {
        wrong.push(format!(
            "initially {} (expected initially {})",
            if found.initially_deferred { "deferred" } else { "immediate" },
            if d { "deferred" } else { "immediate" }
        ));
    }
    if !found.validated {
        wrong.push("not validated (NOT VALID): existing rows were never checked".into());
    }
    if wrong.is_empty() {
        let mut actions = String::new();
        if t.on_delete != crate::catalog::FkAction::NoAction {
            actions.push_str(&format!(" on delete {}", t.on_delete.sql()));
        }
        f.message(format!("foreign key {} {expected}{actions}", found.name))
    } else {
        f.fail()
            .message(format!("foreign key {} {expected} is {}", found.name, wrong.join(", ")))
            .expected(expected)
            .actual(wrong.join(", "))
    }
}

/// When a foreign key is missing because the column types cannot be compared
/// (the founding case: uuid referencing text), say so: creating it would fail.
fn type_obstacle(cx: &Context, rel: &Relation, spec: &ForeignKeySpec, mut f: Finding) -> Finding {
    let Some(target) = cx.snapshot.relations.get(&spec.references) else {
        return f.detail(format!("the referenced table {} does not exist", spec.references));
    };
    for (own, theirs) in spec.columns.iter().zip(&spec.referenced_columns) {
        let (Some(a), Some(b)) = (rel.column(own), target.column(theirs)) else {
            continue;
        };
        let same = match (parse_type(&a.type_display), parse_type(&b.type_display)) {
            (Ok(x), Ok(y)) => x.matches(&y),
            _ => a.type_display == b.type_display,
        };
        if !same {
            f = f.detail(format!(
                "{}.{own} is {} but {}.{theirs} is {}: the key cannot be created until the types match",
                rel.name.name, a.type_display, target.name.name, b.type_display
            ));
        }
    }
    f
}

fn check(cx: &Context, rel: &Relation, spec: &CheckSpec) -> Finding {
    let object = match &spec.name {
        Some(name) => format!("{}.{name}", rel.name),
        None => format!("{} CHECK ({})", rel.name, spec.expression),
    };
    let f = cx.finding(CheckKind::Check, &object, Status::Pass).at(spec.at);
    let question =
        |e: &str| CanonicalQuestion::TableExpression { table: rel.name.clone(), expression: e.to_string() };
    let checks = rel.constraints.iter().filter(|c| c.kind == ConstraintKind::Check);
    let mut complaint = None;
    for c in checks {
        if spec.name.as_ref().is_some_and(|n| *n != c.name) {
            continue;
        }
        let actual = c.expression.as_deref().unwrap_or(&c.definition);
        match cx.same_expression(question(&spec.expression), question(actual)) {
            Ok(true) => return f.message(format!("{} has check {} {}", rel.name, c.name, c.definition)),
            Ok(false) if spec.name.is_some() => {
                return f
                    .fail()
                    .message(format!(
                        "check {} on {} is {}, expected CHECK ({})",
                        c.name, rel.name, c.definition, spec.expression
                    ))
                    .expected(format!("CHECK ({})", spec.expression))
                    .actual(c.definition.clone());
            }
            Ok(false) => {}
            Err(e) => complaint = Some(e),
        }
    }
    if let Some(e) = complaint.as_ref().filter(|e| super::refused_for_privilege(e)) {
        return f.skip(format!("the role may not read {} to compare its checks ({e})", rel.name));
    }
    let mut f = f
        .fail()
        .message(format!("no check CHECK ({}) on {}", spec.expression, rel.name))
        .expected(format!("CHECK ({})", spec.expression))
        .actual("missing");
    if let Some(e) = complaint {
        f = f.detail(e);
    }
    f
}

fn index(cx: &Context, rel: &Relation, spec: &IndexSpec) -> Finding {
    let keys = spec
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c}{}", spec.key_options.get(i).map(|o| o.sql()).unwrap_or_default()))
        .collect::<Vec<_>>()
        .join(", ");
    let object = match &spec.name {
        Some(name) => format!("{}.{name}", rel.name.schema),
        None => format!("{}({keys})", rel.name),
    };
    let f = cx.finding(CheckKind::Index, &object, Status::Pass).at(spec.at);
    let question =
        |e: &str| CanonicalQuestion::TableExpression { table: rel.name.clone(), expression: e.to_string() };
    let same_key = |a: &IndexColumn, b: &IndexKey| match (a, b) {
        (IndexColumn::Column(x), IndexKey::Column(y)) => x == y,
        (IndexColumn::Expression(x), IndexKey::Expression(y)) => {
            cx.same_expression(question(x), question(y)) == Ok(true)
        }
        _ => false,
    };
    // Expressions and predicates are compared by the server, which needs to
    // read the table: a role that may not leaves them unknown, not different.
    let spec_expressions = spec
        .columns
        .iter()
        .filter_map(|c| match c {
            IndexColumn::Expression(e) => Some(e.as_str()),
            IndexColumn::Column(_) => None,
        })
        .chain(spec.predicate.as_deref());
    for expression in spec_expressions {
        if let Some(Err(e)) = cx.snapshot.answers.canonical.get(&question(expression))
            && super::refused_for_privilege(e)
        {
            return f.skip(format!("the role may not read {} to compare its indexes ({e})", rel.name));
        }
    }
    let mut differences_of_named = None;
    for index in &rel.indexes {
        if spec.name.as_ref().is_some_and(|n| *n != index.name) {
            continue;
        }
        let mut wrong = Vec::new();
        if index.keys.len() != spec.columns.len()
            || !spec.columns.iter().zip(&index.keys).all(|(a, b)| same_key(a, b))
        {
            wrong.push("different key columns".to_string());
        }
        if let Some(unique) = spec.unique.filter(|u| *u != index.unique) {
            wrong.push(if unique { "not unique".into() } else { "unique".into() });
        }
        if let Some(method) = spec.method.as_ref().filter(|m| **m != index.method) {
            wrong.push(format!("using {} (expected {method})", index.method));
        }
        match (&spec.predicate, &index.predicate) {
            (None, Some(p)) if spec.name.is_none() => wrong.push(format!("partial (WHERE {p})")),
            (Some(p), None) => wrong.push(format!("not partial (expected WHERE {p})")),
            (Some(p), Some(q)) if cx.same_expression(question(p), question(q)) != Ok(true) => {
                wrong.push(format!("WHERE {q} (expected WHERE {p})"))
            }
            _ => {}
        }
        if !spec.include.is_empty() && spec.include != index.include {
            wrong.push(format!(
                "includes ({}) (expected ({}))",
                index.include.join(", "),
                spec.include.join(", ")
            ));
        }
        wrong.extend(super::structure::index_details(spec, index));
        if !index.valid {
            wrong.push("invalid (a failed concurrent build left it unusable)".into());
        }
        if wrong.is_empty() {
            return f.message(format!("index {} on {}({keys})", index.name, rel.name));
        }
        if spec.name.is_some() {
            differences_of_named = Some((super::structure::index_statement(rel, index), wrong));
        }
    }
    let expected = format!("index on ({keys})");
    match differences_of_named {
        Some((definition, wrong)) => f
            .fail()
            .message(format!("index {object} differs: {}", wrong.join(", ")))
            .expected(expected)
            .actual(definition),
        None => f
            .fail()
            .message(format!("no index on {}({keys}) matches", rel.name))
            .expected(expected)
            .actual("missing"),
    }
}

fn trigger(cx: &Context, rel: &Relation, spec: &TriggerSpec) -> Finding {
    let object = format!("{}.{}", rel.name, spec.name);
    let f = cx.finding(CheckKind::Trigger, &object, Status::Pass).at(spec.at);
    let Some(found) = rel.triggers.iter().find(|t| t.name == spec.name) else {
        return f
            .fail()
            .message(format!("trigger {} on {} does not exist", spec.name, rel.name))
            .expected("exists")
            .actual("missing");
    };
    let timing = |t: TriggerTiming| match t {
        TriggerTiming::Before => "before",
        TriggerTiming::After => "after",
        TriggerTiming::InsteadOf => "instead of",
    };
    let events = |e: &[TriggerEvent]| {
        e.iter().map(|e| format!("{e:?}").to_lowercase()).collect::<Vec<_>>().join(" or ")
    };
    // What the spec asks about, described from the spec and from the server.
    let mut expected = Vec::new();
    let mut actual = Vec::new();
    if let Some(t) = spec.timing {
        expected.push(timing(t).to_string());
        actual.push(timing(found.timing).to_string());
    }
    if let Some(e) = &spec.events {
        expected.push(events(e));
        actual.push(events(&found.events));
    }
    if let Some(row) = spec.for_each_row {
        let level = |r: bool| if r { "for each row" } else { "for each statement" };
        expected.push(level(row).to_string());
        actual.push(level(found.for_each_row).to_string());
    }
    if let Some(function) = &spec.function {
        expected.push(format!("calls {function}()"));
        actual.push(format!("calls {}()", found.function));
    }
    if let Some(when) = &spec.when {
        expected.push(format!("when ({})", crate::sql::strip_outer_parens(when)));
        actual.push(
            found
                .when
                .as_ref()
                .map_or("no when".to_string(), |w| format!("when ({})", crate::sql::strip_outer_parens(w))),
        );
    }
    if let Some(enabled) = spec.enabled {
        let word = |e: bool| if e { "enabled" } else { "disabled" };
        expected.push(word(enabled).to_string());
        actual.push(word(found.enabled != 'D').to_string());
    }
    let mut wrong = Vec::new();
    if let Some(t) = spec.timing.filter(|t| *t != found.timing) {
        wrong.push(format!("fires {} (expected {})", timing(found.timing), timing(t)));
    }
    if let Some(e) = spec.events.as_ref().filter(|e| **e != found.events) {
        wrong.push(format!("on {} (expected {})", events(&found.events), events(e)));
    }
    if let Some(row) = spec.for_each_row.filter(|r| *r != found.for_each_row) {
        let level = |r: bool| if r { "row" } else { "statement" };
        wrong.push(format!("for each {} (expected {})", level(found.for_each_row), level(row)));
    }
    if let Some(function) = spec.function.as_ref().filter(|f| **f != found.function) {
        wrong.push(format!("calls {}() (expected {function}())", found.function));
    }
    if let Some(when) = &spec.when {
        match &found.when {
            Some(actual)
                if super::lexically_equal(
                    crate::sql::strip_outer_parens(when),
                    crate::sql::strip_outer_parens(actual),
                ) => {}
            Some(actual) => wrong.push(format!("when ({actual}) (expected when ({when}))")),
            None => wrong.push(format!("has no WHEN condition (expected when ({when}))")),
        }
    }
    if let Some(enabled) = spec.enabled {
        let is_enabled = found.enabled != 'D';
        if enabled != is_enabled {
            wrong.push(if is_enabled { "enabled (expected disabled)".into() } else { "disabled".into() });
        }
    }
    super::trigger_clauses::compare(&spec.clauses, found, &mut expected, &mut actual, &mut wrong);
    if wrong.is_empty() {
        f.message(format!(
            "trigger {} {} {} on {} for each {} calls {}()",
            spec.name,
            timing(found.timing),
            events(&found.events),
            rel.name,
            if found.for_each_row { "row" } else { "statement" },
            found.function
        ))
        .expected(expected.join(" "))
        .actual(actual.join(" "))
    } else {
        f.fail()
            .message(format!("trigger {} on {} {}", spec.name, rel.name, wrong.join(", ")))
            .expected(expected.join(" "))
            .actual(actual.join(" "))
            .detail(found.definition.clone())
    }
}

/// Canonical-form questions for the expressions of one table.
pub fn questions(table: &TableSpec, snapshot: &Snapshot, q: &mut Questions) {
    let Some(rel) = snapshot.relations.get(&table.name) else {
        return;
    };
    let on_table =
        |e: &str| CanonicalQuestion::TableExpression { table: rel.name.clone(), expression: e.to_string() };
    for column in table.columns.iter().flatten() {
        let Some(actual) = rel.column(&column.name) else {
            // A NOT NULL column without a default can only be added to an empty table.
            if column.nullable.as_ref().is_some_and(|n| !n.value) {
                q.tables_with_rows.insert(rel.name.clone());
            }
            continue;
        };
        if let Some(to) = &column.type_
            && !parse_type(&actual.type_display).is_ok_and(|a| to.matches(&a))
        {
            ask_conversion(snapshot, &rel.name, &column.name, &to.value, q);
        }
        if let (Some(spec), Some(a)) =
            (column.default.as_ref().and_then(|d| d.value.as_ref()), &actual.default)
            && actual.generated.is_none()
        {
            let ask = |e: &str| CanonicalQuestion::Default {
                expression: e.to_string(),
                type_sql: actual.type_display.clone(),
            };
            ask_pair(q, ask(spec), ask(a));
        }
        if let (Some(spec), Some(a), Some(_)) = (&column.generated, &actual.default, &actual.generated) {
            ask_pair(q, on_table(spec), on_table(a));
        }
    }
    for check in &table.checks {
        for c in rel.constraints.iter().filter(|c| c.kind == ConstraintKind::Check) {
            if check.name.as_ref().is_none_or(|n| *n == c.name) {
                ask_pair(
                    q,
                    on_table(&check.expression),
                    on_table(c.expression.as_deref().unwrap_or(&c.definition)),
                );
            }
        }
    }
    for index in &table.indexes {
        for actual in &rel.indexes {
            for (a, b) in index.columns.iter().zip(&actual.keys) {
                if let (IndexColumn::Expression(x), IndexKey::Expression(y)) = (a, b) {
                    ask_pair(q, on_table(x), on_table(y));
                }
            }
            if let (Some(p), Some(r)) = (&index.predicate, &actual.predicate) {
                ask_pair(q, on_table(p), on_table(r));
            }
        }
    }
}

/// How many values of a column (and of the columns tied to it by foreign
/// keys, which must convert with it) will not convert to `to`.
fn ask_conversion(
    snapshot: &Snapshot,
    table: &crate::catalog::QualifiedName,
    column: &str,
    to: &crate::types::TypeName,
    q: &mut Questions,
) {
    let target_type = to.to_string();
    q.conversions.insert(Conversion {
        table: table.clone(),
        column: column.to_string(),
        target_type: target_type.clone(),
    });
    for rel in snapshot.relations.values() {
        for key in rel.constraints.iter().filter(|c| c.kind == ConstraintKind::ForeignKey) {
            let Some(foreign) = &key.foreign else { continue };
            for (own, theirs) in key.columns.iter().zip(&foreign.columns) {
                let tied = if foreign.table == *table && theirs == column {
                    Some((&rel.name, own))
                } else if rel.name == *table && own == column {
                    Some((&foreign.table, theirs))
                } else {
                    None
                };
                if let Some((t, c)) = tied {
                    q.conversions.insert(Conversion {
                        table: t.clone(),
                        column: c.clone(),
                        target_type: target_type.clone(),
                    });
                }
            }
        }
    }
}

/// "3 of 203 public.conversations.id values are not valid uuid: 'conv-1', …"
fn conversion_detail(object: &str, to: &crate::types::TypeName, count: &ConversionCount) -> String {
    if count.non_null == 0 {
        return format!("no values of {object} to convert");
    }
    if count.invalid == 0 {
        return format!("all {} non-null values of {object} convert to {to}", count.non_null);
    }
    let samples: Vec<String> = count.samples.iter().map(|s| crate::sql::ident::quote_literal(s)).collect();
    format!(
        "{} of {} values of {object} will not convert to {to}: {}{}",
        count.invalid,
        count.non_null,
        samples.join(", "),
        if count.invalid as usize > samples.len() { ", …" } else { "" }
    )
}
