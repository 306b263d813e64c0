//! `fix --apply`: the plan in one transaction, checked again inside it, kept
//! only if the database then conforms.

use super::Plan;
use crate::connect::{SessionLimits, error_text};
use crate::diff::{CheckKind, Finding, Status};
use crate::spec::DatabaseSpec;

#[derive(Debug)]
pub enum ApplyOutcome {
    /// Committed: the re-check inside the transaction passed.
    Committed { statements: usize, findings: Vec<Finding> },
    /// Rolled back: the plan ran, but these expectations still fail.
    StillFailing { findings: Vec<Finding> },
    /// Rolled back: a statement failed.
    Failed { step: String, error: String },
    /// Not started: the plan cannot reach the spec (blockers or withheld steps).
    Refused { reason: String },
}

pub fn apply(
    client: &mut postgres::Client,
    db: &DatabaseSpec,
    plan: &Plan,
    limits: SessionLimits,
) -> Result<ApplyOutcome, String> {
    if !plan.blockers.is_empty() {
        let reasons: Vec<String> =
            plan.blockers.iter().map(|b| format!("{}: {}", b.check, b.reason)).collect();
        return Ok(ApplyOutcome::Refused { reason: reasons.join("; ") });
    }
    if plan.steps.iter().any(|s| s.withheld) {
        return Ok(ApplyOutcome::Refused {
            reason: "some steps destroy data and were withheld; rerun with --allow-destructive".into(),
        });
    }
    let mut tx = client.transaction().map_err(|e| error_text(&e))?;
    tx.batch_execute(&format!(
        "SET LOCAL lock_timeout = {}; SET LOCAL statement_timeout = {}",
        limits.lock_timeout.as_millis(),
        limits.statement_timeout.as_millis()
    ))
    .map_err(|e| error_text(&e))?;
    let mut statements = 0;
    for step in &plan.steps {
        for sql in &step.sql {
            if let Err(e) = tx.batch_execute(sql) {
                // Dropping the transaction rolls it back.
                return Ok(ApplyOutcome::Failed { step: step.title.clone(), error: error_text(&e) });
            }
            statements += 1;
        }
    }
    let mut findings = crate::check::snapshot_in(&mut tx, db)?.findings;
    own_backups(&mut findings, plan);
    findings.extend(crate::probe::run(&mut tx, &db.name, &db.probes));
    if findings.iter().any(|f| f.status == Status::Fail) {
        tx.rollback().map_err(|e| error_text(&e))?;
        return Ok(ApplyOutcome::StillFailing { findings });
    }
    tx.commit().map_err(|e| error_text(&e))?;
    Ok(ApplyOutcome::Committed { statements, findings })
}

/// The backup tables this plan creates are not what a strict schema means by
/// an undeclared table: their findings become warnings saying how to keep
/// them from failing later checks.
fn own_backups(findings: &mut [Finding], plan: &Plan) {
    for f in findings.iter_mut() {
        if f.kind == CheckKind::Strict
            && f.status == Status::Fail
            && plan.backups.iter().any(|b| f.object == b.to_string())
        {
            f.status = Status::Warn;
            f.repair = None;
            f.details.push(
                "a backup this plan made: add ignore: [\"*_backup_*\"] to the schema, or drop it once it is no longer needed"
                    .into(),
            );
        }
    }
}
