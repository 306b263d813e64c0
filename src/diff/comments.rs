//! `comment:` on schemas, tables, columns, views, functions and sequences:
//! the text must be exactly the declared one; `comment: null` means none.
//!
//! An object that does not exist yet (fix creates it) fails its comment
//! too, with the `COMMENT ON` set in the details phase, after every object
//! exists: a table created by fix gets its comments that way.

use super::Context;
use crate::catalog::{CommentTarget, QualifiedName, RelationKind};
use crate::diff::{CheckKind, Finding, Repair, SqlRepair, Status};
use crate::fix::Phase;
use crate::spec::{CommentSpec, FunctionSpec, SchemaSpec, SequenceSpec, TableSpec, ViewSpec};
use crate::sql::ident::{comment_on, quote_ident, quote_qualified};
use crate::sql::routine::routine_keyword;

/// Every comment declared in `schema`, on it and on its objects.
pub fn comments(cx: &Context, schema: &SchemaSpec, out: &mut Vec<Finding>) {
    if let Some(spec) = &schema.comment {
        let exists = cx.snapshot.schemas.contains(&schema.name);
        let on = Object {
            object: schema.name.clone(),
            what: format!("schema {}", schema.name),
            target: CommentTarget::Schema(schema.name.clone()),
            sql_target: format!("SCHEMA {}", quote_ident(&schema.name)),
            exists,
            creatable: true,
        };
        out.push(compare(cx, on, spec));
    }
    for table in &schema.tables {
        table_comments(cx, table, out);
    }
    for view in &schema.views {
        if let Some(spec) = &view.comment {
            out.push(compare(cx, view_object(cx, view), spec));
        }
    }
    for function in &schema.functions {
        if let Some(spec) = &function.comment {
            out.push(compare(cx, function_object(cx, function), spec));
        }
    }
    for sequence in &schema.sequences {
        if let Some(spec) = &sequence.comment {
            out.push(compare(cx, sequence_object(cx, sequence), spec));
        }
    }
}

/// What a comment is on: how findings and SQL name it, and whether it exists.
struct Object {
    /// The finding's object: `public.t`, `public.t.col`, `public.f(integer)`.
    object: String,
    /// `table public.t`, for messages.
    what: String,
    target: CommentTarget,
    /// What follows `COMMENT ON`: `TABLE public.t`.
    sql_target: String,
    exists: bool,
    /// Fix creates it when it is missing, so the comment can follow.
    creatable: bool,
}

fn table_comments(cx: &Context, table: &TableSpec, out: &mut Vec<Finding>) {
    let rel = cx.snapshot.relations.get(&table.name).filter(|r| r.kind.is_table());
    // Anything else under that name is the table finding's business.
    if rel.is_none() && cx.snapshot.relations.contains_key(&table.name) {
        return;
    }
    let keyword = rel.map_or("TABLE", |r| r.kind.sql_keyword());
    if let Some(spec) = &table.comment {
        let on = Object {
            object: table.name.to_string(),
            what: format!("table {}", table.name),
            target: CommentTarget::Relation(table.name.clone()),
            sql_target: format!("{keyword} {}", quote_qualified(&table.name)),
            exists: rel.is_some(),
            creatable: true,
        };
        out.push(compare(cx, on, spec));
    }
    for column in table.columns.iter().flatten() {
        let Some(spec) = &column.comment else { continue };
        let exists = rel.is_some_and(|r| r.column(&column.name).is_some());
        let on = Object {
            object: format!("{}.{}", table.name, column.name),
            what: format!("column {}.{}", table.name, column.name),
            target: CommentTarget::Column(table.name.clone(), column.name.clone()),
            sql_target: format!("COLUMN {}.{}", quote_qualified(&table.name), quote_ident(&column.name)),
            exists,
            creatable: column.type_.is_some(),
        };
        out.push(compare(cx, on, spec));
    }
}

fn view_object(cx: &Context, view: &ViewSpec) -> Object {
    let rel = cx.snapshot.relations.get(&view.name).filter(|r| r.kind.is_view());
    let materialized = rel.map_or(view.materialized, |r| r.kind == RelationKind::MaterializedView);
    let kind = if materialized { RelationKind::MaterializedView } else { RelationKind::View };
    Object {
        object: view.name.to_string(),
        what: format!("{} {}", kind.describe(), view.name),
        target: CommentTarget::Relation(view.name.clone()),
        sql_target: format!("{} {}", kind.sql_keyword(), quote_qualified(&view.name)),
        exists: rel.is_some(),
        creatable: view.query.is_some(),
    }
}

fn function_object(cx: &Context, function: &FunctionSpec) -> Object {
    let found = crate::diff::find_function(cx.snapshot, &function.name, &function.argument_types);
    let procedure = found.map_or(function.procedure, |f| f.kind == crate::catalog::RoutineKind::Procedure);
    let keyword = routine_keyword(procedure);
    let (arguments, target_arguments) = match found {
        Some(f) => (f.identity_arguments.clone(), f.argument_types.join(", ")),
        None => {
            let types: Vec<String> =
                function.argument_types.iter().map(|t| t.display_without_modifiers()).collect();
            (types.join(", "), types.join(", "))
        }
    };
    Object {
        object: format!("{}.{}", function.name.schema, function.signature),
        what: format!("{} {}.{}", keyword.to_lowercase(), function.name.schema, function.signature),
        target: CommentTarget::Function(function.name.clone(), target_arguments),
        sql_target: format!("{keyword} {}({arguments})", quote_qualified(&function.name)),
        exists: found.is_some(),
        creatable: function.definition.is_some(),
    }
}

fn sequence_object(cx: &Context, sequence: &SequenceSpec) -> Object {
    Object {
        object: sequence.name.to_string(),
        what: format!("sequence {}", sequence.name),
        target: CommentTarget::Relation(sequence.name.clone()),
        sql_target: format!("SEQUENCE {}", quote_qualified(&sequence.name)),
        exists: cx.snapshot.sequences.contains_key(&sequence.name),
        creatable: !cx.snapshot.relations.contains_key(&sequence.name),
    }
}

fn compare(cx: &Context, on: Object, spec: &CommentSpec) -> Finding {
    let actual = if on.exists { cx.snapshot.comments.get(&on.target) } else { None };
    let expected_text = describe(spec.value.as_deref());
    let actual_text = if on.exists { describe(actual.map(String::as_str)) } else { "missing".to_string() };
    let f = cx
        .finding(CheckKind::Comment, &on.object, Status::Pass)
        .at(spec.at)
        .expected(expected_text.clone())
        .actual(actual_text.clone());
    // A missing object declared without a comment will have none.
    if actual.map(String::as_str) == spec.value.as_deref() && (on.exists || spec.value.is_none()) {
        return f.message(match &spec.value {
            Some(_) => format!("{} has the declared comment", on.what),
            None => format!("{} has no comment", on.what),
        });
    }
    let message = if on.exists {
        format!("the comment on {} is {actual_text}, expected {expected_text}", on.what)
    } else {
        format!("{} does not exist: its comment is set once it does", on.what)
    };
    let f = f.fail().message(message);
    if on.exists || on.creatable {
        f.repair(Repair::Sql(SqlRepair {
            phase: Phase::Details,
            title: format!("comment on {}", on.what),
            statements: vec![comment_on(&on.sql_target, spec.value.as_deref())],
            blocked: None,
        }))
    } else {
        f
    }
}

/// A comment for messages: quoted and on one line, or `no comment`.
fn describe(comment: Option<&str>) -> String {
    match comment {
        None => "no comment".to_string(),
        Some(text) => {
            let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let short: String = flat.chars().take(80).collect();
            let more = if short.len() < flat.len() { "…" } else { "" };
            format!("'{short}{more}'")
        }
    }
}

/// The comment a function should carry after being dropped and re-created:
/// the declared one, else the one it has.
pub fn kept_function_comment(
    snapshot: &crate::catalog::Snapshot,
    function: &FunctionSpec,
    name: &QualifiedName,
    argument_types: &[String],
) -> Option<String> {
    match &function.comment {
        Some(spec) => spec.value.clone(),
        None => {
            snapshot.comments.get(&CommentTarget::Function(name.clone(), argument_types.join(", "))).cloned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::describe;

    #[test]
    fn comments_are_described_on_one_line() {
        assert_eq!(describe(None), "no comment");
        assert_eq!(describe(Some("Who\n  pays")), "'Who pays'");
        assert!(describe(Some(&"x".repeat(100))).ends_with("…'"));
    }
}
