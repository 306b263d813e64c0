//! A function's settings (`SET search_path = …`, `proconfig`) and the
//! clauses of its CREATE FUNCTION statement that change how it behaves:
//! STRICT, PARALLEL, LEAKPROOF and SECURITY.
//!
//! The spec's `sql:` is the complete statement `fix` runs with CREATE OR
//! REPLACE, so a clause it does not write stands for PostgreSQL's default
//! (not strict, parallel unsafe, not leakproof, security invoker, no
//! settings): a live function that differs would change when replaced.
//! `settings:` states the SET clauses of a function declared without `sql`
//! (or on top of it); `fix` applies it with ALTER FUNCTION … SET / RESET.

use super::Context;
use crate::catalog::{Function, RoutineKind};
use crate::diff::{CheckKind, Finding, Repair, SqlRepair, Status};
use crate::fix::Phase;
use crate::spec::FunctionSpec;
use crate::sql::ident::{quote_ident, quote_literal, quote_qualified};
use crate::sql::routine::{RoutineDefinition, routine_keyword};

/// Settings whose value is a list the server stores quoted as identifiers.
const LIST_SETTINGS: &[&str] = &[
    "local_preload_libraries",
    "search_path",
    "session_preload_libraries",
    "shared_preload_libraries",
    "temp_tablespaces",
];

/// `name=value` of `proconfig` (or of the parser's `config`), as a
/// comparable pair: the name in lower case, a list setting's elements
/// unquoted.
fn normalise(name: &str, value: &str) -> (String, Vec<String>) {
    let name = name.trim().to_lowercase();
    let value = value.trim();
    let elements = if LIST_SETTINGS.contains(&name.as_str()) {
        value.split(',').map(|e| unquote(e.trim())).filter(|e| !e.is_empty()).collect()
    } else {
        vec![value.to_string()]
    };
    (name, elements)
}

fn unquote(element: &str) -> String {
    match element.strip_prefix('"').and_then(|e| e.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => element.to_string(),
    }
}

fn entry(config: &str) -> (String, Vec<String>) {
    let (name, value) = config.split_once('=').unwrap_or((config, ""));
    normalise(name, value)
}

fn describe(settings: &[(String, Vec<String>)]) -> String {
    if settings.is_empty() {
        return "no settings".to_string();
    }
    settings.iter().map(|(n, v)| format!("{n}={}", v.join(", "))).collect::<Vec<_>>().join("; ")
}

fn parallel(found: &Function) -> &'static str {
    match found.parallel {
        's' => "safe",
        'r' => "restricted",
        _ => "unsafe",
    }
}

/// Differences between the spec's CREATE FUNCTION statement and the live
/// function in the clauses above, worded for the definition finding.
pub fn clause_differences(expected: &RoutineDefinition, found: &Function, from: &str) -> Vec<String> {
    let mut wrong = Vec::new();
    let mut wanted: Vec<_> =
        expected.config.iter().filter(|c| !c.ends_with(" FROM CURRENT")).map(|c| entry(c)).collect();
    let from_current: Vec<String> = expected
        .config
        .iter()
        .filter_map(|c| c.strip_suffix(" FROM CURRENT"))
        .map(|n| n.trim().to_lowercase())
        .collect();
    let mut live: Vec<_> =
        found.config.iter().map(|c| entry(c)).filter(|(n, _)| !from_current.contains(n)).collect();
    wanted.sort();
    live.sort();
    if wanted != live {
        wrong.push(format!("has {} ({from} says {})", describe(&live), describe(&wanted)));
    }
    if found.kind == RoutineKind::Function {
        let strict = expected.strict.unwrap_or(false);
        if strict != found.strict {
            let word = |s: bool| if s { "strict" } else { "not strict" };
            wrong.push(format!("is {} ({from} says {})", word(found.strict), word(strict)));
        }
        let level = expected.parallel.as_deref().unwrap_or("unsafe");
        if level != parallel(found) {
            wrong.push(format!("is parallel {} ({from} says parallel {level})", parallel(found)));
        }
        let leakproof = expected.leakproof.unwrap_or(false);
        if leakproof != found.leakproof {
            let word = |l: bool| if l { "leakproof" } else { "not leakproof" };
            wrong.push(format!("is {} ({from} says {})", word(found.leakproof), word(leakproof)));
        }
    }
    // SECURITY DEFINER written is compared by `routines`; not written means INVOKER.
    if expected.security_definer.is_none() && found.security_definer {
        wrong.push(format!("is security definer ({from} does not say SECURITY DEFINER)"));
    }
    wrong
}

/// The `settings:` finding of a function, when the spec declares them.
pub fn settings(cx: &Context, spec: &FunctionSpec, out: &mut Vec<Finding>) {
    let Some(declared) = &spec.settings else { return };
    let arguments: Vec<String> = spec.argument_types.iter().map(ToString::to_string).collect();
    let object = format!("{}({})", spec.name, arguments.join(", "));
    let f = cx.finding(CheckKind::Function, &object, Status::Pass).id_suffix("settings").at(declared.at);
    let mut wanted: Vec<_> = declared.settings.iter().map(|(n, v)| normalise(n, v)).collect();
    wanted.sort();
    let found = super::find_function(cx.snapshot, &spec.name, &spec.argument_types);
    let mut live: Vec<_> = found.map(|f| f.config.iter().map(|c| entry(c)).collect()).unwrap_or_default();
    live.sort();
    if found.is_some() && wanted == live {
        out.push(
            f.message(format!("{object} has {}", describe(&live)))
                .expected(describe(&wanted))
                .actual(describe(&live)),
        );
        return;
    }
    let keyword = routine_keyword(spec.procedure);
    let target = format!("{keyword} {}({})", quote_qualified(&spec.name), arguments.join(", "));
    let mut statements = Vec::new();
    for (name, _) in live.iter().filter(|(n, _)| !wanted.iter().any(|(w, _)| w == n)) {
        statements.push(format!("ALTER {target} RESET {}", quote_ident(name)));
    }
    for (name, values) in wanted.iter().filter(|w| !live.contains(w)) {
        let value: Vec<String> = values.iter().map(|v| quote_literal(v)).collect();
        statements.push(format!("ALTER {target} SET {} TO {}", quote_ident(name), value.join(", ")));
    }
    let actual = if found.is_some() { describe(&live) } else { "missing".to_string() };
    out.push(
        f.fail()
            .message(format!("{object} has {actual}, expected {}", describe(&wanted)))
            .expected(describe(&wanted))
            .actual(actual)
            .repair(Repair::Sql(SqlRepair {
                // After CREATE OR REPLACE FUNCTION (Phase::Functions), which resets them.
                phase: Phase::Details,
                title: format!("set the settings of {object}"),
                statements,
                blocked: None,
            })),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_settings_compare_unquoted() {
        assert_eq!(entry("search_path=app, \"Pg Temp\""), entry("search_path=app,Pg Temp"));
        assert_eq!(normalise("Search_Path", "app, pg_temp"), entry("search_path=app, pg_temp"));
        assert_ne!(entry("work_mem=64MB"), entry("work_mem=32MB"));
        assert_eq!(entry("DateStyle=ISO, MDY"), ("datestyle".to_string(), vec!["ISO, MDY".to_string()]));
    }
}
