//! Objects of kinds the spec format cannot declare. `check` reports each one
//! found in a declared schema as not checked (a `skip`, never a silent pass),
//! and `inspect` lists the same objects in the header of the spec it writes:
//! one list, so the two never disagree about what goes unchecked.

use super::Context;
use crate::catalog::{RelationKind, RoutineKind, Snapshot, UserTypeKind};
use crate::diff::{CheckKind, Finding, Status};
use crate::spec::SchemaSpec;

/// An object the spec cannot declare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmodelled {
    /// `public.orders`, `rule protect on public.orders`: what the finding is about.
    pub object: String,
    /// What it is and what is left unchecked, e.g. `rule protect on public.orders (instead of DELETE)`.
    pub description: String,
}

/// The objects of `schema` that no spec key describes, in a stable order.
pub fn unmodelled(snapshot: &Snapshot, schema: &str) -> Vec<Unmodelled> {
    let mut out = Vec::new();
    let mut push = |object: String, description: String| out.push(Unmodelled { object, description });
    for rel in snapshot.relations.values().filter(|r| r.name.schema == schema && !r.from_extension) {
        let name = &rel.name;
        if rel.kind == RelationKind::ForeignTable {
            push(
                name.to_string(),
                format!(
                    "foreign table {name}: its server and options (its columns are checked as a table's)"
                ),
            );
        }
        for rule in &rel.rules {
            push(
                format!("{name}.{}", rule.name),
                format!(
                    "rule {} on {name} ({} {})",
                    rule.name,
                    if rule.instead { "instead of" } else { "also on" },
                    rule.event
                ),
            );
        }
        if rel.kind == RelationKind::MaterializedView {
            for index in &rel.indexes {
                push(
                    format!("{name}.{}", index.name),
                    format!(
                        "index {} on materialized view {name}: {}",
                        index.name,
                        super::structure::index_definition(rel, index)
                    ),
                );
            }
        }
        if rel.kind == RelationKind::View {
            for trigger in &rel.triggers {
                push(
                    format!("{name}.{}", trigger.name),
                    format!("trigger {} on view {name}: {}", trigger.name, trigger.definition),
                );
            }
        }
    }
    for t in snapshot.types.values().filter(|t| t.name.schema == schema && !t.from_extension) {
        let what = match t.kind {
            UserTypeKind::Range => "range type",
            UserTypeKind::Other => "type",
            UserTypeKind::Enum
            | UserTypeKind::Domain
            | UserTypeKind::Composite
            | UserTypeKind::Multirange => {
                continue;
            }
        };
        push(t.name.to_string(), format!("{what} {}", t.name));
    }
    for collation in snapshot.collations.iter().filter(|c| c.schema == schema) {
        push(collation.to_string(), format!("collation {collation}"));
    }
    for function in
        snapshot.functions.values().flatten().filter(|f| f.name.schema == schema && !f.from_extension)
    {
        if function.kind != RoutineKind::Aggregate {
            continue;
        }
        let signature = format!("{}({})", function.name, function.argument_types.join(", "));
        push(signature.clone(), format!("aggregate {signature}"));
    }
    out
}

/// A `skip` finding for each unmodelled object in a declared schema.
pub(crate) fn report(cx: &Context, schema: &SchemaSpec, out: &mut Vec<Finding>) {
    for object in unmodelled(cx.snapshot, &schema.name) {
        out.push(
            cx.finding(CheckKind::NotModelled, object.object, Status::Skip)
                .at(schema.at)
                .message(format!("{}: not checked, the spec format cannot declare it", object.description)),
        );
    }
}
