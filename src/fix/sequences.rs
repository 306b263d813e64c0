//! Dropping a standalone sequence (`absent_sequences:`, strict schemas).

use super::planner::Builder;
use super::{Hazard, Phase};
use crate::catalog::QualifiedName;
use crate::sql::ident::quote_qualified;

/// `DROP SEQUENCE`, withheld unless destruction is allowed or the sequence
/// never handed out a value: dropping it loses its position, and a
/// re-created one would hand out values already used.
pub(super) fn drop_sequence(b: &mut Builder, id: &str, name: &QualifiedName) {
    let unused = crate::diff::sequences::unused(b.snapshot, name);
    let withheld = !unused && !b.options.allow_destructive;
    let sql = format!("DROP SEQUENCE IF EXISTS {}", quote_qualified(name));
    let step = b.step(Phase::Drops, format!("drop sequence {name}"), &[id], vec![sql]);
    step.withheld = withheld;
    if !unused {
        step.hazards.push(Hazard::DataLoss);
        step.notes.push("the values it handed out are forgotten".into());
    }
}
