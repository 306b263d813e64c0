//! `sequences:` of a schema, as inspect writes it: the standalone sequences
//! (not those a column expresses as `serial` or `identity`), each with only
//! the properties that differ from what `CREATE SEQUENCE` gives by default:
//! type bigint, increment 1, min 1 and max the type's maximum (for a
//! descending sequence: min the type's minimum, max -1), start at min (max
//! when descending), cache 1, no cycle, no owner. `{}` means all defaults.

use super::comments::comment;
use super::yaml::Yaml;
use crate::catalog::{CommentTarget, Sequence, Snapshot};
use crate::diff::sequences::defaults;
use crate::sql::ident::quote_ident;

/// The `sequences:` mapping of `schema`; `columns_own` says whether a
/// sequence is the one of a column written as serial or identity (then it
/// is the column's business and left out).
pub(super) fn render(snapshot: &Snapshot, schema: &str, columns_own: impl Fn(&Sequence) -> bool) -> Yaml {
    let mut out = Yaml::block();
    for sequence in snapshot.sequences.values() {
        if sequence.name.schema != schema || sequence.from_extension || columns_own(sequence) {
            continue;
        }
        out.set(sequence.name.name.clone(), properties(snapshot, sequence));
    }
    out
}

fn properties(snapshot: &Snapshot, s: &Sequence) -> Yaml {
    let mut m = Yaml::map();
    let (min, max, _) = defaults(&s.data_type, s.increment);
    // Left out, the start is the sequence's own min (max when descending).
    let start = if s.increment > 0 { s.min } else { s.max };
    if s.data_type != "bigint" {
        m.set("type", Yaml::str(&s.data_type));
    }
    if s.start != start {
        m.set("start", Yaml::Int(s.start));
    }
    if s.increment != 1 {
        m.set("increment", Yaml::Int(s.increment));
    }
    if s.min != min {
        m.set("min", Yaml::Int(s.min));
    }
    if s.max != max {
        m.set("max", Yaml::Int(s.max));
    }
    if s.cache != 1 {
        m.set("cache", Yaml::Int(s.cache));
    }
    if s.cycle {
        m.set("cycle", Yaml::Bool(true));
    }
    if let Some(owner) = &s.owned_by {
        // Always a table of the sequence's own schema (the server requires it).
        let owner = format!("{}.{}", quote_ident(&owner.table.name), quote_ident(&owner.column));
        m.set("owned_by", Yaml::str(owner));
    }
    if let Some(text) = comment(snapshot, &CommentTarget::Relation(s.name.clone())) {
        m.set("comment", text);
    }
    m
}
