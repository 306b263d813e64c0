//! A view's options (`options:` — `security_barrier`, `security_invoker`,
//! `check_option`), compared with the view's `reloptions`. An option left out
//! of the spec is not checked; `false` matches an option not set, and
//! `check_option: none` a view without WITH CHECK OPTION.
//!
//! Repair: ALTER VIEW … SET (…) / RESET (…) in place; a view that `fix`
//! creates gets them in CREATE VIEW … WITH (…) (see [`with_clause`]).

use super::Context;
use crate::catalog::{Relation, RelationKind};
use crate::diff::{CheckKind, Finding, Repair, SqlRepair, Status};
use crate::fix::Phase;
use crate::spec::{ViewOptions, ViewSpec};
use crate::sql::ident::{quote_literal, quote_qualified};

/// The value of a boolean reloption as the spec writes it.
fn boolean(value: &str) -> String {
    match value.to_ascii_lowercase().as_str() {
        "true" | "on" | "yes" | "1" | "t" | "y" => "true".to_string(),
        "false" | "off" | "no" | "0" | "f" | "n" => "false".to_string(),
        other => other.to_string(),
    }
}

/// The live value of option `name` in the spec's terms: None when not set
/// (which a boolean option reads as `false`).
fn live_value(rel: &Relation, name: &str) -> Option<String> {
    let value = rel.extras.options.iter().find_map(|o| {
        let (n, v) = o.split_once('=')?;
        (n == name).then(|| v.to_string())
    })?;
    Some(if name == "check_option" { value.to_ascii_lowercase() } else { boolean(&value) })
}

fn same(name: &str, wanted: &Option<String>, live: &Option<String>) -> bool {
    if name == "check_option" {
        return wanted == live;
    }
    wanted.as_deref().unwrap_or("false") == live.as_deref().unwrap_or("false")
}

fn describe(name: &str, value: &Option<String>) -> String {
    match value {
        Some(v) => format!("{name}={v}"),
        None if name == "check_option" => "no check option".to_string(),
        None => format!("{name}=false"),
    }
}

/// The options finding of a view, when the spec declares them and the view
/// exists as a view.
pub fn view(cx: &Context, spec: &ViewSpec, out: &mut Vec<Finding>) {
    let Some(options) = &spec.options else { return };
    let Some(rel) = cx.snapshot.relations.get(&spec.name).filter(|r| r.kind == RelationKind::View) else {
        return;
    };
    let object = spec.name.to_string();
    let f = cx.finding(CheckKind::View, &object, Status::Pass).id_suffix("options").at(options.at);
    let (mut expected, mut actual, mut set, mut reset) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (name, wanted) in options.declared() {
        let live = live_value(rel, name);
        expected.push(describe(name, &wanted));
        actual.push(describe(name, &live));
        if !same(name, &wanted, &live) {
            match &wanted {
                Some(v) => set.push(format!("{name}={}", quote_literal(v))),
                None => reset.push(name.to_string()),
            }
        }
    }
    let (expected, actual) = (expected.join(", "), actual.join(", "));
    if set.is_empty() && reset.is_empty() {
        out.push(f.message(format!("view {object} has options {actual}")).expected(expected).actual(actual));
        return;
    }
    let target = quote_qualified(&spec.name);
    let mut statements = Vec::new();
    if !set.is_empty() {
        statements.push(format!("ALTER VIEW {target} SET ({})", set.join(", ")));
    }
    if !reset.is_empty() {
        statements.push(format!("ALTER VIEW {target} RESET ({})", reset.join(", ")));
    }
    let mut message = format!("view {object} has options {actual}, expected {expected}");
    if options.security_invoker == Some(true) && cx.snapshot.server_version_num < 150_000 {
        message.push_str(" (security_invoker needs PostgreSQL 15 or later)");
    }
    out.push(f.fail().message(message).expected(expected).actual(actual).repair(Repair::Sql(SqlRepair {
        phase: Phase::Views,
        title: format!("set the options of view {object}"),
        statements,
        blocked: None,
    })));
}

/// ` WITH (security_barrier='true', …)` for a view that `fix` creates, or
/// empty when the spec declares none that need setting.
pub fn with_clause(options: Option<&ViewOptions>) -> String {
    let set: Vec<String> = options
        .map(|o| o.declared())
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(name, value)| Some(format!("{name}={}", quote_literal(&value?))))
        .collect();
    if set.is_empty() { String::new() } else { format!(" WITH ({})", set.join(", ")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn with_clause_sets_what_is_declared() {
        let options = ViewOptions {
            security_barrier: Some(true),
            check_option: Some("none".into()),
            ..Default::default()
        };
        assert_eq!(with_clause(Some(&options)), " WITH (security_barrier='true')");
        assert_eq!(with_clause(None), "");
        assert_eq!(boolean("on"), "true");
    }
}
