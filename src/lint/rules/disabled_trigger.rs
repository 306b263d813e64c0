//! `disabled-trigger`: a trigger switched off with DISABLE TRIGGER.

use super::prelude::*;

pub const RULE: Rule = Rule {
    name: "disabled-trigger",
    group: Group::Security,
    default: Severity::Warn,
    summary: "trigger disabled with ALTER TABLE … DISABLE TRIGGER",
    what: "Reports user triggers whose state is disabled (pg_trigger.tgenabled 'D'). Triggers set to \
           fire only on replicas (ENABLE REPLICA) or always (ENABLE ALWAYS) are deliberate and not \
           reported. A partition's trigger is reported only when the parent's trigger of that name is \
           enabled; otherwise the parent carries the finding.",
    why: "A disabled trigger is code that looks like it runs but does not: the audit rows, derived \
          columns or cross-table updates it maintains silently stop, and the data drifts from what the \
          rest of the system assumes. Triggers are usually disabled for a bulk load and forgotten.",
    fix: "Enable it again with ALTER TABLE … ENABLE TRIGGER …, the statement the finding carries, after \
          repairing whatever it should have done while it was off. If it is meant to stay off, drop it, \
          or say why with a pgconform:ignore comment on the trigger.",
    check,
    samples: None,
};

fn check(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for table in cx.relations() {
        let parent = table.partition_of.as_ref().and_then(|p| cx.relation(p));
        for trigger in table.triggers.iter().filter(|t| t.enabled == 'D') {
            let parent_disabled =
                parent.is_some_and(|p| p.triggers.iter().any(|t| t.name == trigger.name && t.enabled == 'D'));
            if parent_disabled {
                continue;
            }
            out.push(
                Hit::new(
                    Subject::trigger(&table.name, &trigger.name),
                    format!("trigger {} on {} is disabled", trigger.name, table.name),
                )
                .detail(trigger.definition.clone())
                .fix(format!(
                    "ALTER TABLE {} ENABLE TRIGGER {};",
                    quote_qualified(&table.name),
                    quote_ident(&trigger.name)
                )),
            );
        }
    }
}
