//! One database through `fix`: read it, plan, and with `--apply` run the
//! plan. The summary line says what happened in words a reviewer wants.

use super::{ApplyOutcome, FixOptions, Plan, apply, plan};
use crate::connect::{self, SessionLimits, Target};
use crate::diff::{Finding, Status};
use crate::spec::DatabaseSpec;

pub struct FixResult {
    pub plan: Plan,
    pub summary: String,
    /// 0: planned completely, or applied and conforming; 1: blocked, withheld,
    /// rolled back; 2 is reported as an error instead.
    pub exit_code: u8,
    /// With `--apply`: what the check inside the transaction found.
    pub rechecked: Option<Vec<Finding>>,
}

pub fn run(
    db: &DatabaseSpec,
    target: &Result<Target, String>,
    options: &FixOptions,
    limits: SessionLimits,
    apply_it: bool,
) -> Result<FixResult, String> {
    let target = target.as_ref().map_err(Clone::clone)?;
    let mut client = connect::connect(target, limits).map_err(|e| e.to_string())?;
    let _watch = crate::interrupt::watch(connect::canceller(&client, target));
    let crate::check::Reading { snapshot, findings } = crate::check::read_snapshot(&mut client, db)?;
    let plan = plan(db, &snapshot, &findings, options);
    let failing = findings.iter().filter(|f| f.status == Status::Fail).count();
    let withheld = plan.steps.iter().filter(|s| s.withheld).count();
    let name = &db.name;
    if !apply_it {
        let (summary, exit_code) = if !plan.blockers.is_empty() {
            (
                format!(
                    "{name}: {} expectation(s) cannot be repaired automatically; see the script's header",
                    plan.blockers.len()
                ),
                1,
            )
        } else if withheld > 0 {
            (
                format!(
                    "{name}: {withheld} step(s) destroy data and are commented out; rerun with --allow-destructive"
                ),
                1,
            )
        } else if plan.statements() == 0 {
            (format!("{name}: nothing to do, the database conforms"), 0)
        } else {
            (
                format!(
                    "{name}: {} statement(s) in {} step(s) repair {failing} failing expectation(s)",
                    plan.statements(),
                    plan.steps.len()
                ),
                0,
            )
        };
        return Ok(FixResult { plan, summary, exit_code, rechecked: None });
    }
    let outcome = apply(&mut client, db, &plan, limits)?;
    let (summary, exit_code, rechecked) = match outcome {
        ApplyOutcome::Committed { statements: 0, findings } => {
            (format!("{name}: nothing to do, the database conforms"), 0, Some(findings))
        }
        ApplyOutcome::Committed { statements, findings } => (
            format!(
                "{name}: applied {statements} statement(s) in one transaction and committed: the database conforms"
            ),
            0,
            Some(findings),
        ),
        ApplyOutcome::StillFailing { findings } => {
            let still = findings.iter().filter(|f| f.status == Status::Fail).count();
            (
                format!(
                    "{name}: rolled back, the database is unchanged: {still} expectation(s) still fail after the plan"
                ),
                1,
                Some(findings),
            )
        }
        ApplyOutcome::Failed { step, error } => (
            format!("{name}: rolled back, the database is unchanged: step \"{step}\" failed: {error}"),
            1,
            None,
        ),
        ApplyOutcome::Refused { reason } => (format!("{name}: nothing applied: {reason}"), 1, None),
    };
    Ok(FixResult { plan, summary, exit_code, rechecked })
}

/// Today's date in UTC as `yyyymmdd`, for backup table names.
pub fn today() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    format!("{y:04}{m:02}{d:02}")
}

/// Days since 1970-01-01 to a (year, month, day) in the proleptic Gregorian
/// calendar (Howard Hinnant's well-known algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::civil_from_days;

    #[test]
    fn dates_from_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_417), (2025, 11, 25));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
