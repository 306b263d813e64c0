//! `orphan-sequence`: a sequence nothing in the database uses.

use super::prelude::*;

pub const RULE: Rule = Rule {
    name: "orphan-sequence",
    group: Group::Sequences,
    default: Severity::Warn,
    summary: "unused sequence (no column default, identity column or function body uses it)",
    what: "Reports sequences that no column's default draws on, that are not an identity column's, and \
           whose name appears in no function's body: free-standing sequences, and serial sequences left \
           owned by a column whose default no longer uses them.",
    why: "A sequence nothing uses is usually left over from a dropped default or a half-finished \
          migration (from serial to identity, say). It misleads whoever reads the schema about where \
          ids come from, and an application that still calls nextval on it by name hands out ids that \
          no constraint ties to the table they end up in.",
    fix: "If no application query calls nextval on it, drop it with DROP SEQUENCE. If one does, make the \
          dependency visible: set it as the column's default, or own it with ALTER SEQUENCE … OWNED BY \
          (and add a pgconform:ignore comment if it is really used only from outside). No statement is \
          suggested, as only you know what calls it.",
    check,
    samples: None,
};

fn check(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for sequence in cx.sequences() {
        if !sequence.used_by_defaults.is_empty()
            || sequence.owned_by.as_ref().is_some_and(|o| o.identity)
            || cx.mentioned_in_code(&sequence.name.name)
        {
            continue;
        }
        let message = match &sequence.owned_by {
            Some(owner) => format!(
                "sequence {} is owned by {}.{}, whose default no longer uses it",
                sequence.name, owner.table, owner.column
            ),
            None => {
                format!("sequence {} is used by no column default and named in no function", sequence.name)
            }
        };
        let mut hit = Hit::new(Subject::sequence(sequence), message);
        if let Some(last) = sequence.last_value {
            hit = hit.detail(format!("it has handed out values up to {}", thousands(last)));
        }
        out.push(hit.detail(format!(
            "if no application calls it: DROP SEQUENCE {};",
            quote_qualified(&sequence.name)
        )));
    }
}
