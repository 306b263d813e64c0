//! `rls-enabled-without-policy`: row-level security on, and no policy to let anyone in.

use super::prelude::*;

pub const RULE: Rule = Rule {
    name: "rls-enabled-without-policy",
    group: Group::Security,
    default: Severity::Warn,
    summary: "table with row-level security enabled and no policy",
    what: "Reports tables with ENABLE ROW LEVEL SECURITY that have no policy.",
    why: "Row-level security without a policy denies every row to every role that is subject to it: the \
          table looks empty and refuses writes for everyone but its owner, superusers and roles with \
          BYPASSRLS. Either policies were forgotten (and the application is broken for ordinary roles) \
          or the table is meant to be closed, which deserves to be said explicitly.",
    fix: "Create the policies the table needs with CREATE POLICY, or, if it is meant to be closed to \
          every role but its owner, record that with a pgconform:ignore rls-enabled-without-policy \
          comment on the table. No statement is suggested: only you know who may see which rows.",
    check,
    samples: None,
};

fn check(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for table in cx.tables().filter(|t| t.row_security && t.policies.is_empty()) {
        out.push(Hit::new(
            Subject::table(&table.name),
            format!(
                "row-level security is enabled on {} but it has no policy: only its owner and roles that bypass RLS see any row",
                table.name
            ),
        ));
    }
}
