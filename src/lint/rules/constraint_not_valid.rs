//! `constraint-not-valid`: a foreign key or check added NOT VALID and never validated.

use super::prelude::*;

pub const RULE: Rule = Rule {
    name: "constraint-not-valid",
    group: Group::Keys,
    default: Severity::Warn,
    summary: "foreign key or check constraint created NOT VALID and never validated",
    what: "Reports foreign keys and check constraints whose pg_constraint.convalidated is false: added \
           with NOT VALID and never followed by VALIDATE CONSTRAINT.",
    why: "NOT VALID is the right way to add a constraint to a large table without a long lock, but only \
          as the first of two steps. Until it is validated the rows that were there before are not \
          checked (some may break the rule), the planner cannot use a check constraint to skip \
          partitions or prove NOT NULL, and every reader of the schema believes a guarantee that does \
          not hold.",
    fix: "Validate it: ALTER TABLE … VALIDATE CONSTRAINT …, the statement the finding carries. It reads the \
          table under a SHARE UPDATE EXCLUSIVE lock, which lets reads and writes go on. If it fails, the \
          rows it names break the constraint: fix them first.",
    check,
    samples: None,
};

fn check(cx: &Context<'_>, out: &mut Vec<Hit>) {
    for table in cx.tables() {
        for constraint in table.constraints.iter().filter(|c| !c.validated) {
            let kind = match constraint.kind {
                ConstraintKind::ForeignKey => "foreign key",
                ConstraintKind::Check => "check constraint",
                _ => continue,
            };
            out.push(
                Hit::new(
                    Subject::constraint(&table.name, &constraint.name),
                    format!("{kind} {}.{} was never validated", table.name, constraint.name),
                )
                .detail(constraint.definition.clone())
                .fix(format!(
                    "ALTER TABLE {} VALIDATE CONSTRAINT {};",
                    quote_qualified(&table.name),
                    quote_ident(&constraint.name)
                )),
            );
        }
    }
}
