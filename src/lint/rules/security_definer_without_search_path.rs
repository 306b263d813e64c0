//! `security-definer-without-search-path`: a SECURITY DEFINER function that
//! resolves names through its caller's search_path.

use super::prelude::*;
use crate::catalog::{Function, RoutineKind};

pub const RULE: Rule = Rule {
    name: "security-definer-without-search-path",
    group: Group::Security,
    default: Severity::Error,
    summary: "SECURITY DEFINER function without its own search_path",
    what: "Reports SECURITY DEFINER functions and procedures that have no SET search_path clause.",
    why: "A SECURITY DEFINER function runs with its owner's privileges but looks up every unqualified \
          table, function and operator through the search_path of whoever calls it. A caller who can \
          create objects in any schema of that path (public, on servers before 15, or their own) can \
          put a function or table there that the definer's code then uses with the owner's rights: a \
          textbook privilege escalation, warned about in PostgreSQL's CREATE FUNCTION documentation.",
    fix: "Pin the path: ALTER FUNCTION … SET search_path = <the schemas its body uses>, pg_temp. The \
          finding carries that statement with the function's own schema, which is a guess: check the \
          schemas the body needs. pg_temp comes last so that temporary objects cannot shadow real ones. \
          Schema-qualifying every name in the body protects it as well.",
    check,
    samples: None,
};

fn check(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for function in cx.functions().filter(|f| f.security_definer && !sets_search_path(f)) {
        out.push(
            Hit::new(
                Subject::function(function),
                format!(
                    "{} {}({}) is SECURITY DEFINER without SET search_path",
                    kind_word(function),
                    function.name,
                    function.argument_types.join(", ")
                ),
            )
            .detail(
                "the search_path below is a guess (the function's schema): list the schemas its body uses",
            )
            .fix(set_search_path_sql(function)),
        );
    }
}

/// Whether `SET search_path` is among the function's settings.
pub(super) fn sets_search_path(function: &Function) -> bool {
    function
        .config
        .iter()
        .any(|c| c.split_once('=').is_some_and(|(k, _)| k.trim().eq_ignore_ascii_case("search_path")))
}

pub(super) fn kind_word(function: &Function) -> &'static str {
    if function.kind == RoutineKind::Procedure { "procedure" } else { "function" }
}

/// `ALTER FUNCTION s.f(args) SET search_path = s, pg_temp;`
pub(super) fn set_search_path_sql(function: &Function) -> String {
    format!(
        "ALTER {} {}({}) SET search_path = {}, pg_temp;",
        kind_word(function).to_uppercase(),
        quote_qualified(&function.name),
        function.identity_arguments,
        quote_ident(&function.name.schema)
    )
}
