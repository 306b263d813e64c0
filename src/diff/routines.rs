//! Functions, procedures and views.

use super::repairs::on_fail;
use super::{Context, ask_pair, lexically_equal};
use crate::catalog::{
    CanonicalQuestion, Function, Questions, RelationKind, RoutineKind, Snapshot, Volatility,
};
use crate::diff::{CheckKind, Finding, Repair, Status};
use crate::spec::{FunctionSpec, ViewSpec};
use crate::sql::routine::{parse_create_routine, parse_returns};
use crate::types::{TypeName, parse_type};

/// The catalog functions with this name whose identity arguments are `types`.
pub fn find_function<'a>(
    snapshot: &'a Snapshot,
    name: &crate::catalog::QualifiedName,
    types: &[TypeName],
) -> Option<&'a Function> {
    snapshot.functions.get(name)?.iter().find(|f| {
        f.argument_types.len() == types.len()
            && f.argument_types
                .iter()
                .zip(types)
                .all(|(actual, expected)| parse_type(actual).is_ok_and(|a| expected.matches(&a)))
    })
}

pub fn function(cx: &Context, spec: &FunctionSpec) -> Vec<Finding> {
    let repair = || match spec.definition {
        Some(_) => Repair::CreateFunction(spec.clone()),
        None => Repair::Manual(format!(
            "give {} a `sql` or `sql_file` holding its CREATE FUNCTION statement, so that pgconform can create it",
            spec.signature
        )),
    };
    function_findings(cx, spec).into_iter().map(|f| on_fail(f, repair)).collect()
}

fn function_findings(cx: &Context, spec: &FunctionSpec) -> Vec<Finding> {
    // Built from the parsed name, so that `"Sales Dept".trg()` written under
    // schema `Sales Dept` is not qualified twice.
    let arguments: Vec<String> = spec.argument_types.iter().map(ToString::to_string).collect();
    let object = format!("{}({})", spec.name, arguments.join(", "));
    let kind_word = if spec.procedure { "procedure" } else { "function" };
    let f = cx.finding(CheckKind::Function, &object, Status::Pass).at(spec.at);
    let Some(found) = find_function(cx.snapshot, &spec.name, &spec.argument_types) else {
        let mut f = f
            .fail()
            .message(format!("{kind_word} {object} does not exist"))
            .expected("exists")
            .actual("missing");
        if let Some(overloads) = cx.snapshot.functions.get(&spec.name) {
            let list: Vec<String> =
                overloads.iter().map(|o| format!("{}({})", o.name, o.argument_types.join(", "))).collect();
            f = f.detail(format!("found with other arguments: {}", list.join("; ")));
        }
        return vec![f];
    };
    let mut wrong = Vec::new();
    let is_procedure = found.kind == RoutineKind::Procedure;
    if is_procedure != spec.procedure {
        wrong.push(format!("is a {}", if is_procedure { "procedure" } else { "function" }));
    }
    if let Some(returns) = &spec.returns {
        let actual = found.result.as_deref().unwrap_or("void");
        if !same_result(&returns.value, actual) {
            wrong.push(format!("returns {actual} (expected {})", returns.value));
        }
    }
    if let Some(language) = spec.language.as_ref().filter(|l| l.value != found.language) {
        wrong.push(format!("is written in {} (expected {})", found.language, language.value));
    }
    if let Some(v) = spec.volatility.as_ref().filter(|v| v.value != found.volatility) {
        wrong.push(format!("is {} (expected {})", volatility(found.volatility), volatility(v.value)));
    }
    if let Some(sd) = spec.security_definer.as_ref().filter(|s| s.value != found.security_definer) {
        wrong.push(if sd.value { "is not security definer".into() } else { "is security definer".into() });
    }
    let mut findings = Vec::new();
    if wrong.is_empty() {
        findings.push(f.message(format!(
            "{kind_word} {object} exists{}",
            found.result.as_ref().map_or(String::new(), |r| format!(" and returns {r}"))
        )));
    } else {
        findings.push(
            f.fail()
                .message(format!("{kind_word} {object} {}", wrong.join(", ")))
                .actual(found.identity_arguments.clone()),
        );
    }
    if let Some(definition) = &spec.definition {
        findings.push(function_definition(cx, &object, found, definition));
    }
    findings
}

fn function_definition(
    cx: &Context,
    object: &str,
    found: &Function,
    source: &crate::spec::SqlSource,
) -> Finding {
    let f = cx.finding(CheckKind::Function, object, Status::Pass).id_suffix("definition").at(source.at);
    let from = source.file.as_ref().map_or("the spec's sql".to_string(), |p| p.display().to_string());
    let expected = match parse_create_routine(&source.text) {
        Ok(def) => def,
        Err(e) => {
            return f.fail().message(format!("cannot read {from}: {e}"));
        }
    };
    let actual_body = found
        .definition
        .as_deref()
        .and_then(|d| parse_create_routine(d).ok())
        .map(|d| d.body)
        .unwrap_or_else(|| found.source.clone());
    let mut wrong = Vec::new();
    if !lexically_equal(&expected.body, &actual_body) {
        wrong.push("its body differs".to_string());
    }
    if let Some(language) = expected.language.as_ref().filter(|l| **l != found.language) {
        wrong.push(format!("is written in {} ({from} says {language})", found.language));
    }
    if let Some(returns) = expected.returns.as_ref() {
        let actual = found.result.as_deref().unwrap_or("void");
        if !same_result(returns, actual) {
            wrong.push(format!("returns {actual} ({from} says {returns})"));
        }
    }
    if let Some(v) = expected.volatility.as_ref().filter(|v| **v != volatility(found.volatility)) {
        wrong.push(format!("is {} ({from} says {v})", volatility(found.volatility)));
    }
    if let Some(sd) = expected.security_definer.filter(|s| *s != found.security_definer) {
        wrong.push(format!(
            "is {}security definer ({from} says {}security definer)",
            if found.security_definer { "" } else { "not " },
            if sd { "" } else { "not " }
        ));
    }
    wrong.extend(super::function_settings::clause_differences(&expected, found, &from));
    if wrong.is_empty() {
        f.message(format!("{object} matches {from}"))
    } else {
        let mut f = f
            .fail()
            .message(format!("{object} does not match {from}: {}", wrong.join(", ")))
            .expected(from)
            .actual("a different definition");
        if let Some(line) = first_difference(&expected.body, &actual_body) {
            f = f.detail(line);
        }
        f
    }
}

/// The first line where two bodies differ, to show the user where to look.
fn first_difference(expected: &str, actual: &str) -> Option<String> {
    let clean =
        |s: &str| s.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect::<Vec<_>>();
    let (e, a) = (clean(expected), clean(actual));
    for i in 0..e.len().max(a.len()) {
        let (x, y) = (e.get(i), a.get(i));
        if x.map(|x| x.to_lowercase()) != y.map(|y| y.to_lowercase()) {
            return Some(format!(
                "first difference: expected `{}`, database has `{}`",
                x.map_or("(end)", String::as_str),
                y.map_or("(end)", String::as_str)
            ));
        }
    }
    None
}

fn volatility(v: Volatility) -> &'static str {
    match v {
        Volatility::Immutable => "immutable",
        Volatility::Stable => "stable",
        Volatility::Volatile => "volatile",
    }
}

/// `setof messages` = `SETOF public.messages`; `int` = `integer`; `numeric(10,2)`
/// = `numeric` (results carry no modifiers); `TABLE (…)` column by column.
pub fn same_result(expected: &str, actual: &str) -> bool {
    if lexically_equal(expected, actual) {
        return true;
    }
    matches!((parse_returns(expected), parse_returns(actual)), (Ok(e), Ok(a)) if e.matches(&a))
}

pub fn view(cx: &Context, spec: &ViewSpec) -> Vec<Finding> {
    let replace = cx.snapshot.relations.get(&spec.name).map(|r| r.kind);
    let repair = || match spec.query {
        Some(_) => Repair::CreateView { view: spec.clone(), replace },
        None => Repair::Manual(format!(
            "give view {} a `sql` or `sql_file` holding its query, so that pgconform can create it",
            spec.name
        )),
    };
    view_findings(cx, spec).into_iter().map(|f| on_fail(f, repair)).collect()
}

fn view_findings(cx: &Context, spec: &ViewSpec) -> Vec<Finding> {
    let object = spec.name.to_string();
    let kind = if spec.materialized { RelationKind::MaterializedView } else { RelationKind::View };
    let f = cx.finding(CheckKind::View, &object, Status::Pass).at(spec.at);
    let Some(rel) = cx.snapshot.relations.get(&spec.name) else {
        return vec![
            f.fail()
                .message(format!("{} {object} does not exist", kind.describe()))
                .expected(kind.describe())
                .actual("missing"),
        ];
    };
    if rel.kind != kind {
        return vec![
            f.fail()
                .message(format!("{object} is a {}, expected a {}", rel.kind.describe(), kind.describe()))
                .expected(kind.describe())
                .actual(rel.kind.describe()),
        ];
    }
    let mut findings = vec![f.message(format!("{} {object} exists", kind.describe()))];
    if let Some(columns) = &spec.columns {
        let actual: Vec<String> = rel.columns.iter().map(|c| c.name.clone()).collect();
        let f = cx.finding(CheckKind::View, &object, Status::Pass).id_suffix("columns").at(columns.at);
        findings.push(if actual == columns.value {
            f.message(format!("{object} has columns ({})", actual.join(", ")))
        } else {
            f.fail()
                .message(format!(
                    "{object} has columns ({}), expected ({})",
                    actual.join(", "),
                    columns.value.join(", ")
                ))
                .expected(columns.value.join(", "))
                .actual(actual.join(", "))
        });
    }
    if let (Some(query), Some(definition)) = (&spec.query, &rel.view_definition) {
        let from = query.file.as_ref().map_or("the spec's sql".to_string(), |p| p.display().to_string());
        let f = cx.finding(CheckKind::View, &object, Status::Pass).id_suffix("definition").at(query.at);
        let (spec_side, live_side) = view_question_pair(spec, &query.text, definition);
        findings.push(match cx.same_expression(spec_side, live_side) {
            Ok(true) => f.message(format!("{object} matches {from}")),
            Ok(false) => f
                .fail()
                .message(format!("{object} does not match {from}: the queries differ"))
                .expected(query.text.clone())
                .actual(definition.clone()),
            Err(e) if super::refused_for_privilege(&e) => {
                f.skip(format!("the role may not read what the view reads, to compare it ({e})"))
            }
            Err(e) => f
                .fail()
                .message(format!("{object}: cannot compare with {from}"))
                .expected(query.text.clone())
                .actual(definition.clone())
                .detail(e),
        });
    }
    findings
}

/// The spec's query is read in the view's own schema; the server's definition
/// as it printed it.
fn view_question_pair(
    spec: &ViewSpec,
    sql: &str,
    definition: &str,
) -> (CanonicalQuestion, CanonicalQuestion) {
    (
        CanonicalQuestion::Query { sql: sql.to_string(), schema: Some(spec.name.schema.clone()) },
        CanonicalQuestion::Query { sql: definition.to_string(), schema: None },
    )
}

pub fn view_questions(spec: &ViewSpec, snapshot: &Snapshot, q: &mut Questions) {
    let (Some(query), Some(rel)) = (&spec.query, snapshot.relations.get(&spec.name)) else {
        return;
    };
    if let Some(definition) = &rel.view_definition {
        let (spec_side, live_side) = view_question_pair(spec, &query.text, definition);
        ask_pair(q, spec_side, live_side);
    }
}
