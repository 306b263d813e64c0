//! A plan as a psql-runnable script: one transaction, timeouts set, a comment
//! per step saying what it repairs, its hazards and what was measured;
//! withheld steps commented out with the reason.

use super::{Plan, Step};
use std::fmt::Write;
use std::time::Duration;

pub fn script(plan: &Plan, spec: &str, lock_timeout: Duration, statement_timeout: Duration) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "-- pgconform fix for database `{}`, from {spec}", plan.database);
    if plan.steps.is_empty() && plan.blockers.is_empty() {
        let _ = writeln!(out, "-- Nothing to do: the database conforms to the spec.");
        return out;
    }
    let _ = writeln!(out, "-- Review it, then run it with: psql -v ON_ERROR_STOP=1 -f <this file>");
    if !plan.blockers.is_empty() {
        let _ = writeln!(
            out,
            "--\n-- THIS PLAN CANNOT BRING THE DATABASE TO THE SPEC; `fix --apply` will not run it:"
        );
        for blocker in &plan.blockers {
            let _ = writeln!(out, "--   {}: {}", blocker.check, blocker.reason);
            for line in blocker.alternatives.iter().flat_map(|a| a.lines()) {
                let _ = writeln!(out, "--   {line}");
            }
        }
    }
    let withheld = plan.steps.iter().filter(|s| s.withheld).count();
    if withheld > 0 {
        let _ = writeln!(
            out,
            "--\n-- {withheld} step(s) destroy data (or go with a step that does) and are commented out: rerun with --allow-destructive to include them."
        );
    }
    let _ = writeln!(out, "\nBEGIN;");
    let _ = writeln!(out, "SET LOCAL lock_timeout = '{}ms';", lock_timeout.as_millis());
    let _ = writeln!(out, "SET LOCAL statement_timeout = '{}ms';", statement_timeout.as_millis());
    let mut phase = None;
    for (n, step) in plan.steps.iter().enumerate() {
        if phase != Some(step.phase) {
            phase = Some(step.phase);
            let _ = writeln!(out, "\n-- ===== {} =====", step.phase.describe());
        }
        write_step(&mut out, n + 1, step);
    }
    let _ = writeln!(out, "\nCOMMIT;");
    out
}

fn write_step(out: &mut String, n: usize, step: &Step) {
    let _ = writeln!(out, "\n-- [{n}] {}", step.title);
    if !step.repairs.is_empty() {
        let _ = writeln!(out, "--     repairs: {}", step.repairs.join(", "));
    }
    if !step.hazards.is_empty() {
        let hazards: Vec<&str> = step.hazards.iter().map(|h| h.name()).collect();
        let _ = writeln!(out, "--     hazards: {}", hazards.join(", "));
    }
    for note in &step.notes {
        let _ = writeln!(out, "--     {note}");
    }
    if step.withheld {
        let why = if step.hazards.contains(&super::Hazard::DataLoss) { "destroys data; " } else { "" };
        let _ = writeln!(out, "--     WITHHELD: {why}rerun with --allow-destructive");
    }
    for statement in &step.sql {
        for line in format!("{statement};").lines() {
            if step.withheld {
                let _ = writeln!(out, "-- {line}");
            } else {
                let _ = writeln!(out, "{line}");
            }
        }
    }
}
