//! `unused-enum`: an enum type nothing uses.

use super::prelude::*;
use crate::catalog::UserTypeKind;

pub const RULE: Rule = Rule {
    name: "unused-enum",
    group: Group::Structure,
    default: Severity::Warn,
    summary: "unused enum type (no column, function, domain or other type uses it)",
    what: "Reports enum types on which the server records no dependency (no table, view or composite \
           type column, function argument or result, domain or other type uses it, nor an array of it) \
           and whose name appears in no function body.",
    why: "An unused enum is usually left behind when a column changed type or a feature was removed. It \
          misleads readers about which values the data can take, and because enum labels can be added \
          but not removed without recreating the type, stale ones accumulate confusion across \
          migrations.",
    fix: "If no application query casts to it, drop it with DROP TYPE, which refuses if anything does \
          depend on it. No statement is suggested, since queries outside the database may name it.",
    check,
    samples: None,
};

fn check(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for user_type in cx.snapshot.types.values() {
        if user_type.kind != UserTypeKind::Enum
            || user_type.from_extension
            || user_type.dependents > 0
            || cx.mentioned_in_code(&user_type.name.name)
        {
            continue;
        }
        out.push(
            Hit::new(
                Subject::user_type(&user_type.name),
                format!(
                    "enum {} ({}) is used by nothing in the database",
                    user_type.name,
                    user_type.enum_labels.join(", ")
                ),
            )
            .detail(format!(
                "if no application query names it: DROP TYPE {};",
                quote_qualified(&user_type.name)
            )),
        );
    }
}
