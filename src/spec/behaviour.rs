//! What the spec asks of how objects behave beyond their shape: a trigger's
//! further clauses (UPDATE OF, constraint trigger, arguments, transition
//! tables), a view's options, a function's settings and event triggers (the
//! model; `decode/behaviour.rs` reads it, `diff/event_triggers.rs`,
//! `diff/trigger_clauses.rs` and `diff/function_settings.rs` check it).

use crate::catalog::QualifiedName;
use crate::location::{Located, Location};

/// The clauses of a trigger beyond timing, events, level, function, WHEN and
/// state; each left out is not checked.
#[derive(Debug, Clone, Default)]
pub struct TriggerClauses {
    /// `UPDATE OF` columns in the order written (the order `fix` creates
    /// them in), deduplicated; compared as a set. Empty: no column list.
    pub columns: Option<Vec<String>>,
    /// `CREATE CONSTRAINT TRIGGER`.
    pub constraint: Option<bool>,
    pub deferrable: Option<bool>,
    pub initially_deferred: Option<bool>,
    /// The arguments given to the function, in order.
    pub arguments: Option<Vec<String>>,
    /// `REFERENCING OLD TABLE AS …` / `NEW TABLE AS …`.
    pub old_table: Option<String>,
    pub new_table: Option<String>,
}

impl TriggerClauses {
    pub fn is_empty(&self) -> bool {
        self.columns.is_none()
            && self.constraint.is_none()
            && self.deferrable.is_none()
            && self.initially_deferred.is_none()
            && self.arguments.is_none()
            && self.old_table.is_none()
            && self.new_table.is_none()
    }
}

/// A view's options (`reloptions`); each left out is not checked.
#[derive(Debug, Clone, Default)]
pub struct ViewOptions {
    pub at: Location,
    pub security_barrier: Option<bool>,
    pub security_invoker: Option<bool>,
    /// `none`, `local` or `cascaded`.
    pub check_option: Option<String>,
}

impl ViewOptions {
    /// `(name, value)` pairs as `reloptions` holds them, for the declared
    /// options; `check_option: none` is `("check_option", None)` (no option).
    pub fn declared(&self) -> Vec<(&'static str, Option<String>)> {
        let mut out = Vec::new();
        if let Some(b) = self.security_barrier {
            out.push(("security_barrier", Some(b.to_string())));
        }
        if let Some(b) = self.security_invoker {
            out.push(("security_invoker", Some(b.to_string())));
        }
        if let Some(c) = &self.check_option {
            out.push(("check_option", (c != "none").then(|| c.clone())));
        }
        out
    }
}

/// A function's `SET` clauses (`settings:`): when written, exactly these.
#[derive(Debug, Clone)]
pub struct FunctionSettings {
    pub at: Location,
    /// `(name, value)` as written, names in lower case.
    pub settings: Vec<(String, String)>,
}

/// An event trigger (database-wide).
#[derive(Debug, Clone)]
pub struct EventTriggerSpec {
    pub name: String,
    pub at: Location,
    /// `ddl_command_start`, `ddl_command_end`, `sql_drop`, `table_rewrite` or `login`.
    pub event: Option<Located<String>>,
    pub function: Option<Located<QualifiedName>>,
    /// Upper case, sorted and deduplicated; empty: every command.
    pub tags: Option<Vec<String>>,
    pub enabled: Option<bool>,
}
