//! `rule-not-view`: a rewrite rule made with CREATE RULE.

use super::prelude::*;

pub const RULE: Rule = Rule {
    name: "rule-not-view",
    group: Group::Security,
    default: Severity::Warn,
    summary: "rewrite rule created with CREATE RULE (other than a view's own)",
    what: "Reports rules made with CREATE RULE on tables and views. The rule that every view has for its \
           query (_RETURN) is how views work and is not reported.",
    why: "Rules rewrite a statement before it runs rather than acting on rows, which surprises almost \
          everyone: a DO ALSO rule on INSERT runs its action once per statement with the statement's \
          expressions re-evaluated (volatile defaults like nextval or random() give different values), \
          rules interact badly with RETURNING, COPY ignores them, and an INSTEAD rule silently swallows \
          writes. PostgreSQL's own documentation steers people to triggers.",
    fix: "Replace the rule with a trigger (BEFORE or INSTEAD OF, FOR EACH ROW) that does the same, then \
          DROP RULE. No statement is suggested: the trigger's code depends on what the rule does.",
    check,
    samples: None,
};

fn check(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for table in cx.relations().filter(|r| r.partition_of.is_none()) {
        for rule in &table.rules {
            out.push(
                Hit::new(
                    Subject::rule(&table.name, &rule.name),
                    format!(
                        "{} rule {} on {} {}",
                        if rule.instead { "an INSTEAD" } else { "a DO ALSO" },
                        rule.name,
                        table.name,
                        format_args!("rewrites every {}", rule.event)
                    ),
                )
                .detail(rule.definition.split_whitespace().collect::<Vec<_>>().join(" ")),
            );
        }
    }
}
