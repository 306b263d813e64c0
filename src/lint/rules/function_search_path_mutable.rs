//! `function-search-path-mutable`: a function whose name resolution depends on
//! the caller's search_path.

use super::prelude::*;
use super::security_definer_without_search_path::{kind_word, sets_search_path};

pub const RULE: Rule = Rule {
    name: "function-search-path-mutable",
    group: Group::Security,
    default: Severity::Warn,
    summary: "function without its own search_path (SECURITY INVOKER)",
    what: "Reports functions and procedures (not SECURITY DEFINER ones, which security-definer-without-\
           search-path covers, nor C and internal ones) that have no SET search_path clause.",
    why: "Every unqualified name in the body is looked up through the caller's search_path, so the same \
          function can read another schema's table, call another function or use another operator \
          depending on who calls it and how their session is set up. A trigger function or a function \
          used by a privileged role can be made to run an attacker's object with that role's rights; \
          an index or constraint expression can give different answers in different sessions, and \
          pg_dump restores with an empty path, where such a function may not work at all.",
    fix: "Give it a fixed path with ALTER FUNCTION … SET search_path = <the schemas its body uses>, \
          pg_temp (or '' with every name in the body schema-qualified). No statement is suggested: the \
          right path depends on the body, and a SET clause keeps a LANGUAGE sql function from being \
          inlined, which can slow queries that call it; schema-qualifying the names in the body avoids \
          that.",
    check,
    samples: None,
};

fn check(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for function in cx.functions() {
        if function.security_definer
            || sets_search_path(function)
            || matches!(function.language.as_str(), "c" | "internal")
        {
            continue;
        }
        out.push(Hit::new(
            Subject::function(function),
            format!(
                "{} {}({}) has no SET search_path: names in its body resolve through the caller's",
                kind_word(function),
                function.name,
                function.argument_types.join(", ")
            ),
        ));
    }
}
