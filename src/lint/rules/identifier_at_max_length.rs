//! `identifier-at-max-length`: a name exactly as long as the server allows,
//! probably cut short.

use super::prelude::*;

/// NAMEDATALEN - 1: the longest name, in bytes, a default server build keeps.
const MAX_NAME_BYTES: usize = 63;

/// The suffixes the server gives the names it makes up for constraints,
/// indexes and sequences; it shortens the rest of such a name to fit, by
/// design, so a made-up name at the limit is no sign of a cut-off one.
const GENERATED_SUFFIXES: &[&str] =
    &["_pkey", "_key", "_fkey", "_check", "_excl", "_idx", "_seq", "_not_null"];

pub const RULE: Rule = Rule {
    name: "identifier-at-max-length",
    group: Group::Structure,
    default: Severity::Warn,
    summary: "name of exactly 63 bytes, probably truncated by the server",
    what: "Reports schemas, tables, views, columns, indexes, constraints, triggers, policies, \
           sequences, functions and types whose name is exactly 63 bytes long, the most a PostgreSQL \
           name can hold. Names the server made up itself (ending in _pkey, _key, _fkey, _check, _excl, \
           _idx, _seq or _not_null), which it shortens to fit by design, are left out.",
    why: "PostgreSQL silently truncates longer names to 63 bytes (with only a NOTICE), so a name of \
          exactly that length was most likely longer when written: the object is not called what the \
          migration that created it says, a later CREATE … IF NOT EXISTS or DROP with the full name \
          misses it or hits another object whose name shares the first 63 bytes, and generated names \
          (an index named after long column names) collide.",
    fix: "Rename it to something shorter with ALTER … RENAME TO, and use that name in the migrations. \
          No statement is suggested: the new name is yours to choose.",
    check,
    samples: None,
};

fn check(cx: &Context<'_>, out: &mut Vec<Hit>) {
    let long = |name: &str| name.len() == MAX_NAME_BYTES;
    let long_chosen = |name: &str| long(name) && !GENERATED_SUFFIXES.iter().any(|s| name.ends_with(s));
    let mut report = |subject: Subject, what: &str, name: &str| {
        out.push(Hit::new(
            subject,
            format!("{what} {name} is {MAX_NAME_BYTES} bytes long, the most a name can hold"),
        ));
    };
    for schema in cx.snapshot.schemas.iter().filter(|s| long(s)) {
        report(Subject::schema(schema), "the name of schema", schema);
    }
    for relation in cx.relations() {
        if long(&relation.name.name) {
            report(
                Subject::table(&relation.name),
                &format!("the name of {}", relation.kind.describe()),
                &relation.name.to_string(),
            );
        }
        if relation.partition_of.is_some() {
            continue;
        }
        for column in relation.columns.iter().filter(|c| long(&c.name)) {
            report(
                Subject::column(&relation.name, &column.name),
                "the name of column",
                &format!("{}.{}", relation.name, column.name),
            );
        }
        for index in relation.indexes.iter().filter(|i| long_chosen(&i.name) && i.constraint.is_none()) {
            report(
                Subject::index(&relation.name, &index.name),
                "the name of index",
                &format!("{}.{}", relation.name.schema, index.name),
            );
        }
        for constraint in relation.constraints.iter().filter(|c| long_chosen(&c.name)) {
            report(
                Subject::constraint(&relation.name, &constraint.name),
                "the name of constraint",
                &format!("{}.{}", relation.name, constraint.name),
            );
        }
        for trigger in relation.triggers.iter().filter(|t| long(&t.name)) {
            report(
                Subject::trigger(&relation.name, &trigger.name),
                "the name of trigger",
                &format!("{}.{}", relation.name, trigger.name),
            );
        }
        for policy in relation.policies.iter().filter(|p| long(&p.name)) {
            report(
                Subject::policy(&relation.name, &policy.name),
                "the name of policy",
                &format!("{}.{}", relation.name, policy.name),
            );
        }
    }
    for sequence in cx.sequences().filter(|s| long_chosen(&s.name.name)) {
        report(Subject::sequence(sequence), "the name of sequence", &sequence.name.to_string());
    }
    for function in cx.functions().filter(|f| long(&f.name.name)) {
        report(Subject::function(function), "the name of function", &function.name.to_string());
    }
    for user_type in cx.snapshot.types.values().filter(|t| !t.from_extension && long(&t.name.name)) {
        report(Subject::user_type(&user_type.name), "the name of type", &user_type.name.to_string());
    }
}
