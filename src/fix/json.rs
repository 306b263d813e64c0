//! `fix --format json`: the plan as one document, for tools. The README
//! documents it next to `check`'s; `schema_version` changes only when a field
//! changes meaning or goes away (new fields may appear without it).
//!
//! ```json
//! { "schema_version": 1, "tool": {"name": "pgconform", "version": "…"},
//!   "spec": "expected_schema.yaml", "exit_code": 1,
//!   "databases": [{ "name": "app", "error": null, "complete": false, "exit_status": 1,
//!     "summary": "…", "statements": 12, "backups": ["public.t_backup_20261202"],
//!     "steps": [{ "number": 1, "phase": "conversions", "title": "…", "repairs": ["app:column-type:public.t.id"],
//!       "sql": ["ALTER TABLE …"], "hazards": ["table-rewrite", "long-lock"], "notes": ["…"],
//!       "withheld": false }],
//!     "blockers": [{ "check": "app:column-nullable:public.t.note", "reason": "…",
//!       "alternatives": ["-- UPDATE …"] }] }] }
//! ```

use super::{FixResult, Plan};
use serde_json::{Value, json};

pub const FIX_JSON_SCHEMA_VERSION: u32 = 1;

/// One database of a `fix` run: its plan, or why there is none.
pub struct PlanEntry {
    pub name: String,
    pub outcome: Result<(Plan, String, u8), String>,
}

impl PlanEntry {
    pub fn of(name: &str, result: &FixResult) -> PlanEntry {
        PlanEntry {
            name: name.to_string(),
            outcome: Ok((result.plan.clone(), result.summary.clone(), result.exit_code)),
        }
    }

    pub fn error(name: &str, error: String) -> PlanEntry {
        PlanEntry { name: name.to_string(), outcome: Err(error) }
    }
}

pub fn json(spec: &str, entries: &[PlanEntry]) -> String {
    let mut exit_code = 0;
    let databases: Vec<Value> = entries
        .iter()
        .map(|entry| match &entry.outcome {
            Ok((plan, summary, code)) => {
                exit_code = exit_code.max(*code);
                database(&entry.name, plan, summary, *code)
            }
            Err(error) => {
                exit_code = 2;
                json!({
                    "name": entry.name,
                    "error": error,
                    "complete": false,
                    "exit_status": 2,
                    "summary": format!("{}: could not plan: {error}", entry.name),
                    "statements": 0,
                    "backups": [],
                    "steps": [],
                    "blockers": [],
                })
            }
        })
        .collect();
    let value = json!({
        "schema_version": FIX_JSON_SCHEMA_VERSION,
        "tool": {"name": "pgconform", "version": env!("CARGO_PKG_VERSION")},
        "spec": spec,
        "exit_code": exit_code,
        "databases": databases,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

fn database(name: &str, plan: &Plan, summary: &str, code: u8) -> Value {
    let steps: Vec<Value> = plan
        .steps
        .iter()
        .enumerate()
        .map(|(n, s)| {
            json!({
                "number": n + 1,
                "phase": s.phase.key(),
                "title": s.title,
                "repairs": s.repairs,
                "sql": s.sql,
                "hazards": s.hazards.iter().map(|h| h.key()).collect::<Vec<_>>(),
                "notes": s.notes,
                "withheld": s.withheld,
            })
        })
        .collect();
    let blockers: Vec<Value> = plan
        .blockers
        .iter()
        .map(|b| json!({"check": b.check, "reason": b.reason, "alternatives": b.alternatives}))
        .collect();
    json!({
        "name": name,
        "error": null,
        "complete": plan.is_complete(),
        "exit_status": code,
        "summary": summary,
        "statements": plan.statements(),
        "backups": plan.backups.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "steps": steps,
        "blockers": blockers,
    })
}
