//! `policy-without-rls`: policies written for a table that does not enforce them.

use super::prelude::*;

pub const RULE: Rule = Rule {
    name: "policy-without-rls",
    group: Group::Security,
    default: Severity::Error,
    summary: "table with row-level security policies while row-level security is disabled",
    what: "Reports tables that have policies but do not have row-level security enabled.",
    why: "Policies do nothing until ALTER TABLE … ENABLE ROW LEVEL SECURITY: every role with a privilege \
          on the table reads and writes every row, while the policies suggest, to reviewers and tools, \
          that access is restricted. This is how data meant to be per-user (a Supabase table exposed \
          through its API, say) ends up readable by everyone.",
    fix: "Enable row-level security: ALTER TABLE … ENABLE ROW LEVEL SECURITY, the statement the finding \
          carries. Check the policies first: once enabled, roles they do not cover see nothing. The \
          table's owner still bypasses them unless FORCE ROW LEVEL SECURITY is set too.",
    check,
    samples: None,
};

fn check(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for table in cx.tables().filter(|t| !t.row_security && !t.policies.is_empty()) {
        let names: Vec<&str> = table.policies.iter().map(|p| p.name.as_str()).collect();
        out.push(
            Hit::new(
                Subject::table(&table.name),
                format!(
                    "{} has {} polic{} ({}) but row-level security is disabled: they are not enforced",
                    table.name,
                    names.len(),
                    if names.len() == 1 { "y" } else { "ies" },
                    names.join(", ")
                ),
            )
            .fix(format!("ALTER TABLE {} ENABLE ROW LEVEL SECURITY;", quote_qualified(&table.name))),
        );
    }
}
